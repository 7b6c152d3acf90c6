"""Who may use each new page: anonymous, buyer, seller, another seller, admin."""
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.aftersales.models import Complaint
from tests.admin.helpers import make_admin, place, two_shop_products
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_shop, make_user
from tests.ledger.helpers import ship_and_deliver
from marketplace.orders import services


def login(app, email):
    from tests.conftest import submit

    client = app.test_client()
    client.set_cookie("lang", "en")
    assert submit(client, "/account/login", {"email": email, "password": PASSWORD}).status_code == 303
    return client


def seller_pages(complaint_id: int):
    return [("get", "/seller/balance"), ("get", "/seller/balance/statement"),
            ("get", "/seller/balance/statement.csv"), ("get", "/seller/complaints"),
            ("post", f"/seller/complaints/{complaint_id}/answer")]


def call(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(client, "/account/password"),
                                  "answer": "Baik"})


def setup(app):
    tenun, madu = two_shop_products()  # owners ina@contoh.id and madu@contoh.id
    buyer, order = place(app, [tenun])
    services.confirm_bank_transfer(order, reference="BRI 1", admin_id=None)
    db.session.commit()
    parcel = ship_and_deliver(order.shipments[0])
    complaint = Complaint(shipment_id=parcel.id, order_id=order.id, reason="damaged",
                          description="Sobek")
    db.session.add(complaint)
    db.session.commit()
    make_user(email="pembeli@contoh.id")
    make_admin()
    return buyer, order, parcel, complaint


def test_seller_pages(app):
    _, order, _, complaint = setup(app)
    anonymous = app.test_client()
    for method, url in seller_pages(complaint.id):
        response = anonymous.get(url) if method == "get" else anonymous.post(url)
        assert response.status_code in (302, 400), (method, url)
        if response.status_code == 302:
            assert "/account/login" in response.headers["Location"]
    for email in ("pembeli@contoh.id", "admin@sentra.id"):  # no shop: 403
        client = login(app, email)
        for method, url in seller_pages(complaint.id):
            assert call(client, method, url).status_code == 403, (email, method, url)
    owner = login(app, "ina@contoh.id")
    for method, url in seller_pages(complaint.id):
        assert call(owner, method, url).status_code in (200, 303), (method, url)
    other = login(app, "madu@contoh.id")
    assert order.number not in other.get("/seller/complaints").get_data(as_text=True)
    assert call(other, "post", f"/seller/complaints/{complaint.id}/answer").status_code == 404
    assert other.get("/seller/balance").status_code == 200


def test_bad_statement_month_is_a_400(app):
    setup(app)
    owner = login(app, "ina@contoh.id")
    for month in ("2026-13", "abc", "99999-01", "2026-1"):
        response = owner.get(f"/seller/balance/statement?month={month}")
        assert response.status_code == 400, month
        assert "YYYY-MM" in response.get_data(as_text=True)


def test_buyer_actions_are_the_buyers_only(app):
    buyer, order, parcel, complaint = setup(app)
    db.session.delete(complaint)
    db.session.commit()
    confirm = f"/orders/{order.number}/parcels/{parcel.id}/confirm"
    complain = f"/orders/{order.number}/parcels/{parcel.id}/complaint"
    for email in ("pembeli@contoh.id", "ina@contoh.id", "madu@contoh.id", "admin@sentra.id"):
        client = login(app, email)
        token = csrf_token(client, "/account/password")
        assert client.post(confirm, data={"csrf_token": token}).status_code == 404, email
        assert client.get(complain).status_code == 404, email
    anonymous = app.test_client()
    assert anonymous.get(complain).status_code == 404
    # the buyer (a guest, by this browser's session) may
    assert buyer.get(complain).status_code == 200
    assert buyer.post(confirm, data={}).status_code == 400  # no CSRF token: nothing changes
    token = csrf_token(buyer, f"/orders/{order.number}")
    assert buyer.post(confirm, data={"csrf_token": token}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 0
    from marketplace.ledger.models import AccountCode
    from marketplace.ledger.book import balance

    assert balance(AccountCode.AVAILABLE, parcel.shop_id) > 0


def test_another_shops_balance_is_not_shown(app):
    setup(app)
    make_shop(owner=make_user(email="lain@contoh.id"))
    page = login(app, "lain@contoh.id").get("/seller/balance").get_data(as_text=True)
    assert "Nothing yet" in page
