"""The audit log reads as what happened: each entry's changes as "field: before → after" with
the words an admin uses (amounts in rupiah, statuses by name), never raw JSON."""
import re

from marketplace.admin import audit, shops
from marketplace.admin.models import AuditEntry
from marketplace.extensions import db as _db
from tests.admin.helpers import confirm_transfer, make_admin, place, two_shop_products
from tests.orders.helpers import latest_order


def changes_of(page: str, action_code: str) -> list[tuple[str, str]]:
    """The (field, change) rows of the first entry with this action code, as text."""
    row = re.search(r"<tr[^>]*>(?:(?!</tr>\s*<tr).)*?<code>" + re.escape(action_code)
                    + r"</code>.*?<table class=\"changes\">(.*?)</table>", page, re.S)
    assert row, f"no entry {action_code} with changes on the page"
    cells = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', row.group(1), re.S)
    def text(html: str) -> str:  # as seen: without what only screen readers get
        html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return [(text(field), text(change)) for field, change in cells]


def test_changes_are_shown_as_labelled_before_and_after(client, db, login_as, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    admin = make_admin()
    login_as(admin)
    confirm_transfer(client, order, "BRI 777")
    order = latest_order()
    shops.suspend(_db.session.get(type(tenun.shop), tenun.shop_id), actor=admin,
                  reason="Foto produk milik toko lain")

    page = client.get("/admin/audit").get_data(as_text=True)
    assert '{"' not in page and "&#34;" not in page and "&quot;" not in page  # no JSON
    transfer = dict(changes_of(page, "order.confirm_transfer"))
    assert transfer["Status"] == "Awaiting payment → Paid"
    assert transfer["Bank reference"] == "— → BRI 777"
    total = f"IDR{order.total_idr:,}"
    assert transfer["Amount received"] == f"— → {total}"
    assert transfer["Total"] == total
    assert "Bank transfer confirmed" in page and f"/admin/orders/{order.number}" in page
    suspended = dict(changes_of(page, "shop.suspend"))
    assert suspended["Status"] == "Open → Suspended"
    assert "Foto produk milik toko lain" in page

    client.set_cookie("lang", "id")
    page = client.get("/admin/audit").get_data(as_text=True)
    transfer = dict(changes_of(page, "order.confirm_transfer"))
    assert transfer["Status"] == "Menunggu pembayaran → Sudah dibayar"
    assert transfer["Nominal yang diterima"] == "— → Rp" + f"{order.total_idr:,}".replace(",", ".")
    assert "Stok akhir" not in page  # the stock history's "After" is not this page's word


def test_unknown_fields_and_odd_values_still_read_as_text(client, db, login_as, app):
    admin = make_admin()
    audit.record(admin, "payout.hold_release", "payout", 7,
                 before={"hold_until": "2026-12-01T03:00:00", "on_hold": True,
                         "nested": {"a": [1, 2]}},
                 after={"hold_until": None, "on_hold": False, "nested": {"a": [3]}},
                 reason="<script>alert(1)</script>")
    _db.session.commit()
    login_as(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = dict(changes_of(page, "payout.hold_release"))
    assert rows["Hold until"] == "12/1/26, 10:00 AM → —"  # 03:00 UTC is 10:00 in Jakarta
    assert rows["On hold"] == "Yes → No"
    assert rows["Nested: a"] == "1, 2 → 3"
    assert "<script>alert(1)</script>" not in page and _db.session.query(AuditEntry).count() == 1
