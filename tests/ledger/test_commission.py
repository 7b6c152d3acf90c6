"""Commission: goods only, rounded down once per shipment, shop over category over
marketplace, frozen at placement, changed only by admins (audited)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.extensions import db
from marketplace.ledger import commission
from marketplace.ledger.models import CommissionRate
from tests.admin.helpers import audit_entries, make_admin, paid_by_transfer, place
from tests.conftest import submit
from tests.factories import make_category, make_product, make_shop


def test_rounding_is_down_to_whole_rupiah_once_per_shipment():
    assert commission.commission_idr([(99_999, 500)]) == 4_999  # 4 999,95 → 4 999
    # two lines are summed first, then rounded once: 2 × 0,5 = 1 rupiah, not 0 + 0
    assert commission.commission_idr([(10, 500), (10, 500)]) == 1
    assert commission.commission_idr([(150_000, 0)]) == 0
    assert commission.commission_on_release(15_000, 330_000, 330_000) == 15_000
    assert commission.commission_on_release(15_000, 165_000, 330_000) == 7_500
    assert commission.commission_on_release(15_000, 0, 330_000) == 0


@given(lines=st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 10_000)), max_size=8),
       kept=st.integers(0, 10**13))
@settings(max_examples=200)
def test_commission_never_exceeds_what_the_seller_keeps(lines, kept):
    goods = sum(total for total, _ in lines)
    fee = commission.commission_idr(lines)
    assert 0 <= fee <= goods
    paid = goods + 10_000  # plus shipping
    kept = min(kept, paid)
    assert 0 <= commission.commission_on_release(fee, kept, paid) <= kept


def test_shop_beats_category_beats_parent_beats_marketplace(app):
    parent = make_category("Kain", "Cloth")
    child = make_category("Tenun", "Ikat", parent=parent)
    shop, other = make_shop(), make_shop()
    table = commission.rate_table()
    assert table.rate(shop.id, child.id) == app.config["COMMISSION_RATE_BPS"]
    db.session.add_all([CommissionRate(scope_key="marketplace", rate_bps=700),
                        CommissionRate(scope_key=f"category:{parent.id}", category_id=parent.id,
                                       rate_bps=300)])
    db.session.commit()
    assert commission.rate_table().rate(shop.id, child.id) == 300
    db.session.add(CommissionRate(scope_key=f"category:{child.id}", category_id=child.id,
                                  rate_bps=250))
    db.session.add(CommissionRate(scope_key=f"shop:{shop.id}", shop_id=shop.id, rate_bps=100))
    db.session.commit()
    table = commission.rate_table()
    assert (table.rate(shop.id, child.id), table.rate(other.id, child.id),
            table.rate(other.id, None)) == (100, 250, 700)


def test_admin_sets_a_shop_rate_audited_and_placed_orders_keep_theirs(app, client, login_as):
    shop = make_shop()
    product = make_product(shop, prices=(200_000,))
    order_before = paid_by_transfer(app, [product])
    assert order_before.shipments[0].commission_idr == 10_000
    login_as(make_admin())
    response = submit(client, "/admin/commission", {"scope": "shop", "shop": str(shop.id),
                                                    "percent": "2,5"})
    assert response.status_code == 303
    [entry] = audit_entries("commission.set")
    assert entry.target_id == f"shop:{shop.id}"
    _, order_after = place(app, [product])
    assert order_after.shipments[0].commission_idr == 5_000
    assert order_after.lines[0].commission_bps == 250
    db.session.expire_all()
    assert order_before.shipments[0].commission_idr == 10_000


def test_bad_rates_are_refused_and_change_nothing(app, client, login_as):
    login_as(make_admin())
    for data in ({"scope": "marketplace", "percent": "101"}, {"scope": "marketplace", "percent": "abc"},
                 {"scope": "shop", "shop": "", "percent": "2"},
                 {"scope": "category", "category": "999999", "percent": "2"}):
        assert submit(client, "/admin/commission", data).status_code == 400, data
    assert db.session.query(CommissionRate).count() == 0
    assert audit_entries() == []
