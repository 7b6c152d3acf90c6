"""The admin's order list with its filters, an order's file, and the marketplace overview."""
import re
from datetime import datetime, timedelta

from marketplace.admin import overview
from marketplace.extensions import db as _db
from marketplace.orders.models import Order
from marketplace.timeutil import utcnow
from tests.admin.helpers import make_admin, paid_by_transfer, place, two_shop_products
from tests.conftest import submit


def numbers(page: str) -> set[str]:
    return set(re.findall(r"SEN-\d{4}-[A-Z0-9]{6}", page))


def test_orders_are_filtered_by_status_method_date_and_search(client, db, login_as, app):
    tenun, madu = two_shop_products()
    paid = paid_by_transfer(app, [tenun])
    _, unpaid = place(app, [madu], payment="bank_transfer")
    _db.session.get(Order, unpaid.id).created_at = datetime(2026, 1, 15, 10, 0)
    _db.session.commit()
    login_as(make_admin())

    assert numbers(client.get("/admin/orders").get_data(as_text=True)) == {paid.number,
                                                                             unpaid.number}
    assert numbers(client.get("/admin/orders?status=paid").get_data(as_text=True)) == {paid.number}
    assert numbers(client.get("/admin/orders?status=awaiting_payment&method=bank_transfer"
                              ).get_data(as_text=True)) == {unpaid.number}
    assert numbers(client.get("/admin/orders?method=stripe").get_data(as_text=True)) == set()
    january = client.get("/admin/orders?date_from=2026-01-01&date_to=2026-01-15")
    assert numbers(january.get_data(as_text=True)) == {unpaid.number}
    assert numbers(client.get(f"/admin/orders?q={paid.number[-4:].lower()}").get_data(
        as_text=True)) == {paid.number}
    assert numbers(client.get("/admin/orders?q=PEMBELI@contoh").get_data(as_text=True)) == {
        paid.number, unpaid.number}

    for bad in ("status=lost", "date_from=2026-13-01", "date_from=2026-02-01&date_to=2026-01-01"):
        response = client.get(f"/admin/orders?{bad}")
        assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)

    file = client.get(f"/admin/orders/{paid.number}").get_data(as_text=True)
    assert "Tenun Ina Boi" in file and "BRI 0001" in file and "Selendang Buna" in file


def test_overview_adds_up_sales_sellers_regions_and_products(client, db, login_as, app):
    tenun, madu = two_shop_products()
    first = paid_by_transfer(app, [tenun, madu], quantity=2)
    second = paid_by_transfer(app, [tenun])
    place(app, [madu])  # unpaid: not a sale
    old = paid_by_transfer(app, [madu])
    _db.session.get(Order, old.id).paid_at = utcnow() - timedelta(days=45)
    _db.session.commit()

    figures = overview.overview(30)
    assert figures.orders == 2 and figures.gmv_idr == first.total_idr + second.total_idr
    assert figures.daily[-1].gmv_idr == figures.gmv_idr and len(figures.daily) == 30
    assert figures.active_sellers == 2 and figures.refunded_idr == 0
    regions = {(r.province, r.regency): r for r in figures.regions}
    assert regions[("Nusa Tenggara Timur", "Belu")].sales_idr == 3 * 300_000
    assert regions[("Kalimantan Barat", "Kapuas Hulu")].sales_idr == 2 * 120_000
    top = figures.top_products
    assert [(p.name, p.quantity, p.sales_idr) for p in top] == [
        ("Selendang Buna", 3, 900_000), ("Madu Hutan 500 g", 2, 240_000)]
    assert overview.overview(90).orders == 3

    login_as(make_admin())
    page = client.get("/admin/overview").get_data(as_text=True)
    assert page.count("<rect") == 30 + 2  # a bar per day, a bar per regency
    assert "<title>" in page and "Kapuas Hulu" in page and "Selendang Buna" in page
    assert client.get("/admin/overview?days=7").status_code == 200
    assert client.get("/admin/overview?days=12345678901234567890").status_code == 200


def test_the_overview_costs_a_fixed_number_of_statements(client, db, login_as, app,
                                                         count_queries):
    login_as(make_admin())
    with count_queries() as empty:
        client.get("/admin/overview")
    tenun, madu = two_shop_products(stocks=(50, 50))
    for _ in range(3):
        paid_by_transfer(app, [tenun, madu])
    with count_queries() as busy:
        client.get("/admin/overview")
    assert busy.count == empty.count


def test_every_admin_post_checks_its_csrf_token(client, db, login_as, app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    login_as(make_admin())
    for url in (f"/admin/shops/{tenun.shop_id}/suspend", f"/admin/listings/{tenun.id}/take-down",
                f"/admin/orders/{order.number}/refund"):
        assert client.post(url, data={"reason": "x", "reference": "x"}).status_code == 400, url
    assert submit(client, f"/admin/shops/{tenun.shop_id}/suspend", {"reason": "x"},
                  form_url="/admin/shops").status_code == 303
