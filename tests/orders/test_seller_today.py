"""The seller's dashboard leads with what needs doing today: parcels to ship (with the ship-by
deadline), complaints to answer, low stock, drafts; each linking to its page. With nothing due,
an empty state says so and offers the next step."""
from datetime import timedelta

from flask_babel import force_locale

from marketplace.catalog.models import ProductStatus
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.timeutil import format_moment
from tests.admin.helpers import paid_by_transfer, two_shop_products
from tests.admin.test_home_tasks import MAX_PAGE_BYTES, complaint_about, tasks_on
from tests.factories import make_product
from tests.ledger.helpers import ship_and_deliver


def test_nothing_due_shows_an_empty_state_with_a_next_step(client, login_as):
    tenun, _ = two_shop_products(stocks=(50, 50))
    login_as(tenun.shop.owner)
    client.set_cookie("lang", "en")
    response = client.get("/seller/")
    assert response.status_code == 200 and len(response.data) < MAX_PAGE_BYTES
    page = response.get_data(as_text=True)
    today = page.split('id="today-h"')[1].split("</section>")[0]
    assert tasks_on(today) == {}
    assert "Nothing needs doing today" in today and 'href="/seller/products/new"' in today


def test_what_needs_doing_today_counts_and_links(app, client, login_as):
    tenun, madu = two_shop_products(stocks=(50, 50))
    shop = tenun.shop
    order = paid_by_transfer(app, [tenun])  # a parcel to ship
    first_paid = db.session.get(Order, order.id)
    first_paid.paid_at -= timedelta(days=1)
    db.session.commit()
    paid_by_transfer(app, [tenun])  # a second one, paid later
    answered = ship_and_deliver(paid_by_transfer(app, [tenun]).shipments[0])
    complaint_about(answered, answered=True)  # answered already: nothing to do
    complaint_about(ship_and_deliver(paid_by_transfer(app, [tenun]).shipments[0]))
    complaint_about(ship_and_deliver(paid_by_transfer(app, [madu]).shipments[0]))  # another shop's
    make_product(shop, name="Sarung Hampir Habis", stocks=[1])
    make_product(shop, name="Draf Selendang", status=ProductStatus.DRAFT)

    login_as(shop.owner)
    client.set_cookie("lang", "en")
    response = client.get("/seller/")
    assert response.status_code == 200 and len(response.data) < MAX_PAGE_BYTES
    page = response.get_data(as_text=True)
    today = page.split('id="today-h"')[1].split("</section>")[0]
    tasks = tasks_on(today)
    assert tasks["parcels"] == (2, "/seller/orders")
    assert tasks["complaints"] == (1, "/seller/complaints")
    assert tasks["low-stock"] == (1, "#low-h")
    assert tasks["drafts"] == (1, "/seller/products?status=draft")
    assert list(tasks) == ["parcels", "complaints", "low-stock", "drafts"]
    with app.test_request_context(), force_locale("en"):
        deadline = format_moment(db.session.get(Order, order.id).paid_at
                                 + timedelta(days=app.config["SHIP_BY_DAYS"]), "en")
    assert f"Ship by {deadline}" in today.replace("&#39;", "'")
    assert "Nothing needs doing today" not in page

    # each link shows what was counted
    assert order.number in client.get("/seller/orders").get_data(as_text=True)
    assert "Draf Selendang" in client.get("/seller/products?status=draft").get_data(as_text=True)
    low = page.split('id="low-h"')[1]
    assert "Sarung Hampir Habis" in low and "/stock" in low
