"""Who may open the order pages of the seller and the admin."""
import pytest

from marketplace.accounts.models import Role
from tests.conftest import csrf_token
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import add, checkout, latest_order


@pytest.fixture
def paid_shipment(client, db, app):
    from marketplace.orders import services

    owner = make_user()
    product = make_product(make_shop(owner=owner))
    buyer = app.test_client()
    add(buyer, product.variants[0])
    checkout(buyer)
    order = latest_order()
    services.mark_paid(order, actor_id=None, actor_label="test")
    from marketplace.extensions import db as _db

    _db.session.commit()
    return {"owner": owner, "order": order, "s": order.shipments[0].id}


SELLER = [("get", "/seller/orders"), ("get", "/seller/orders/{s}/packing-slip"),
          ("post", "/seller/orders/{s}/ship"), ("post", "/seller/orders/{s}/delivered")]
ADMIN = [("get", "/admin/bank-transfers"), ("post", "/admin/bank-transfers/{n}/confirm")]


def call(client, method, url, token):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": token, "courier": "JNE", "tracking_number": "X1",
                                  "reference": "ref"})


@pytest.mark.parametrize("method,template", SELLER + ADMIN)
def test_anonymous_is_sent_to_log_in(client, paid_shipment, method, template):
    url = template.format(s=paid_shipment["s"], n=paid_shipment["order"].number)
    response = call(client, method, url, csrf_token(client, "/account/login"))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("method,template", SELLER + ADMIN)
def test_a_buyer_is_refused(client, paid_shipment, login_as, method, template):
    login_as(make_user())
    url = template.format(s=paid_shipment["s"], n=paid_shipment["order"].number)
    assert call(client, method, url, csrf_token(client, "/account/password")).status_code == 403


@pytest.mark.parametrize("method,template", SELLER[1:])
def test_another_seller_cannot_see_or_ship_the_parcel(client, paid_shipment, login_as, method, template):
    other = make_user()
    make_shop(owner=other)
    login_as(other)
    url = template.format(s=paid_shipment["s"])
    assert call(client, method, url, csrf_token(client, "/seller/orders")).status_code == 404
    assert paid_shipment["order"].number not in client.get("/seller/orders").get_data(as_text=True)


@pytest.mark.parametrize("method,template", ADMIN)
def test_a_seller_cannot_confirm_payments(client, paid_shipment, login_as, method, template):
    login_as(paid_shipment["owner"])
    url = template.format(n=paid_shipment["order"].number)
    assert call(client, method, url, csrf_token(client, "/seller/orders")).status_code == 403


def test_the_admin_gets_the_admin_pages(client, paid_shipment, login_as):
    login_as(make_user(roles=(Role.ADMIN,)))
    assert client.get("/admin/bank-transfers").status_code == 200
    # and sees any order, to help a buyer
    assert client.get(f"/orders/{paid_shipment['order'].number}").status_code == 200
