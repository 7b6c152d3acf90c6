"""A buyer fills a cart from several shops, checks out, pays by bank transfer."""

from marketplace.accounts.models import Role
from marketplace.catalog.models import Variant
from marketplace.extensions import db as _db
from marketplace.orders.models import OrderStatus, ShipmentStatus
from tests.admin.helpers import confirm_transfer
from tests.conftest import submit
from tests.factories import make_category, make_product, make_shop, make_user
from tests.orders.helpers import KUCHING, KUPANG, add, checkout, latest_order


def stock(variant) -> int:
    _db.session.expire_all()
    return _db.session.get(Variant, variant.id).stock


def two_shops():
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    hulu = make_shop(name="Madu Danau Sentarum", province="Kalimantan Barat", regency="Kapuas Hulu")
    scarf = make_product(kupang, make_category(), name="Selendang Tenun", prices=(350_000,), stocks=[3])
    honey = make_product(hulu, make_category("Madu", "Honey", kind="food"), name="Madu Hutan",
                         prices=(150_000,), stocks=[10])
    return scarf.variants[0], honey.variants[0]


def test_add_to_cart_needs_a_request_from_this_site(client, db):
    scarf, _ = two_shops()
    assert client.post("/cart/add", data={"variant_id": scarf.id}).status_code == 400
    assert client.post("/cart/add", data={"variant_id": scarf.id},
                       headers={"Origin": "https://evil.example"}).status_code == 400
    assert add(client, scarf).status_code == 303


def test_cart_groups_by_shop_and_bounds_quantities_by_stock(client, db):
    scarf, honey = two_shops()
    add(client, scarf, 99)
    add(client, honey, 2)
    html = client.get("/cart").get_data(as_text=True)
    assert "Tenun Ina Kupang" in html and "Madu Danau Sentarum" in html
    assert 'name="qty-%d"' % scarf.id in html and 'value="3"' in html  # bounded to stock
    assert "Rp1.350.000" in html  # 3 × 350.000 + 2 × 150.000


def test_a_price_change_is_shown_before_paying(client, db):
    scarf, _ = two_shops()
    add(client, scarf)
    variant = _db.session.get(Variant, scarf.id)
    variant.price_idr = 400_000
    _db.session.commit()
    html = client.get("/cart").get_data(as_text=True)
    assert 'role="alert"' in html and "Rp350.000" in html and "Rp400.000" in html
    assert "/checkout" not in html.split('role="alert"')[1].split("</form>")[0]


def test_cross_border_checkout_by_bank_transfer(client, db):
    scarf, honey = two_shops()
    add(client, scarf)
    add(client, honey, 2)
    response = checkout(client, KUCHING)
    assert response.status_code == 303
    order = latest_order()
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.ship_country == "MY"
    assert sorted(s.shop_name for s in order.shipments) == ["Madu Danau Sentarum", "Tenun Ina Kupang"]
    assert order.subtotal_idr == 650_000
    assert order.total_idr == order.subtotal_idr + order.shipping_idr + order.unique_code_idr
    assert 100 < order.unique_code_idr < 1000
    assert stock(scarf) == 2 and stock(honey) == 8  # taken when the order is placed
    # lines are frozen copies
    scarf_variant = _db.session.get(Variant, scarf.id)
    scarf_variant.price_idr = 999_000
    _db.session.commit()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rp350.000" in page and "Rp999.000" not in page
    assert order.number in page and "Rp" in page
    assert client.get("/cart").get_data(as_text=True).count('name="qty-') == 0  # cart emptied


def test_honey_from_kapuas_hulu_to_kuching_goes_over_the_land_border(client, db):
    _, honey = two_shops()
    add(client, honey)
    submit(client, "/checkout", KUCHING)
    page = client.get("/checkout/review").get_data(as_text=True)
    assert "REG: Rp60.000" in page  # the Kalimantan Barat → Sarawak rate (1 kg)


def test_bad_addresses_get_messages_and_change_nothing(client, db):
    scarf, _ = two_shops()
    add(client, scarf)
    for bad in ({"postal_code": "123"}, {"region": "Atlantis"}, {"phone": "12"}, {"country": "US"},
                {"email": "not-an-email"}, {"village": ""}):
        response = submit(client, "/checkout", {**KUPANG, **bad})
        assert response.status_code == 400, bad
        assert 'class="error"' in response.get_data(as_text=True)
    assert stock(scarf) == 3 and latest_order() is None


def test_buyer_cancels_before_paying_and_stock_returns(client, db):
    scarf, _ = two_shops()
    add(client, scarf, 2)
    checkout(client)
    order = latest_order()
    assert stock(scarf) == 1
    submit(client, f"/orders/{order.number}/cancel", {}, form_url=f"/orders/{order.number}")
    assert latest_order().status == OrderStatus.CANCELLED
    assert stock(scarf) == 3
    assert all(s.status == ShipmentStatus.CANCELLED for s in latest_order().shipments)


def test_unpaid_orders_expire_and_release_stock(client, db, runner, app):
    scarf, _ = two_shops()
    add(client, scarf, 3)
    checkout(client)
    order = latest_order()
    order.expires_at = order.created_at  # the deadline has passed
    _db.session.commit()
    result = runner.invoke(args=["orders", "expire"])
    assert result.exit_code == 0 and order.number in result.output
    assert latest_order().status == OrderStatus.EXPIRED and stock(scarf) == 3
    assert runner.invoke(args=["orders", "expire"]).output.startswith("Expired 0")


def test_admin_confirms_a_bank_transfer_and_the_seller_ships(client, db, login_as, smtp_server, app):
    seller = make_user(email="ina@contoh.id")
    shop = make_shop(owner=seller, name="Tenun Ina")
    product = make_product(shop, name="Sarung Buna", prices=(750_000,), stocks=[2])
    add(client, product.variants[0])
    checkout(client)
    order = latest_order()

    admin_client = app.test_client()
    admin = make_user(email="admin@sentra.id", roles=(Role.ADMIN,))
    submit(admin_client, "/account/login", {"email": admin.email, "password": "kain-tenun-ikat-2026"})
    listing = admin_client.get("/admin/bank-transfers").get_data(as_text=True)
    assert order.number in listing
    confirm_transfer(admin_client, order, "BRI 123456")
    order = latest_order()
    assert order.status == OrderStatus.PAID and order.shipments[0].status == ShipmentStatus.PROCESSING
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert any(order.number in s for s in subjects)
    assert any(m["To"] == "ina@contoh.id" for m in smtp_server.messages)

    seller_client = app.test_client()
    submit(seller_client, "/account/login", {"email": seller.email, "password": "kain-tenun-ikat-2026"})
    waiting = seller_client.get("/seller/orders").get_data(as_text=True)
    assert order.number in waiting and "Sarung Buna" in waiting
    assert "1" in seller_client.get("/seller/").get_data(as_text=True)
    shipment = order.shipments[0]
    slip = seller_client.get(f"/seller/orders/{shipment.id}/packing-slip").get_data(as_text=True)
    assert "Maria Nenobais" in slip and "85111" in slip
    submit(seller_client, f"/seller/orders/{shipment.id}/ship", {"courier": "JNE", "tracking_number": "JNE0001"},
           form_url="/seller/orders")
    assert latest_order().shipments[0].status == ShipmentStatus.SHIPPED
    assert any("JNE0001" in m.get_content() for m in smtp_server.messages)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "JNE0001" in page
    # A known courier: a link to its own tracking page; every state with its date and time.
    assert 'href="https://www.jne.co.id/tracking-package"' in page
    assert page.count("<time datetime=") >= 3


def test_orders_are_private(client, db, app):
    scarf, _ = two_shops()
    add(client, scarf)
    checkout(client)
    order = latest_order()
    stranger = app.test_client()
    assert stranger.get(f"/orders/{order.number}").status_code == 404
    assert stranger.get(f"/orders/{order.number}?t=forged").status_code == 404
    assert client.get(f"/orders/{order.number}").status_code == 200
