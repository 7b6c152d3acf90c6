"""An admin may look at a buyer's order page but never act on it as the buyer: cancelling,
paying, confirming receipt and complaining are the buyer's; an admin acts through the admin
pages, where every action is audited."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.aftersales.models import Complaint
from marketplace.ledger.models import LedgerEntry
from marketplace.orders import order_links, services
from marketplace.orders.models import Order, OrderStatus, StatusChange
from tests.admin.helpers import make_admin, place, two_shop_products
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD, make_user
from tests.ledger.helpers import ship_and_deliver
from tests.orders.helpers import KUPANG, add, checkout, latest_order


def world() -> tuple:
    db.session.expire_all()
    orders = [(o.number, o.status, o.stripe_session_id) for o in
              db.session.scalars(sa.select(Order).order_by(Order.id))]
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (StatusChange, LedgerEntry, Complaint)]
    return orders, counts


def log_in(app, email):
    client = app.test_client()
    assert submit(client, "/account/login", {"email": email, "password": PASSWORD}
                  ).status_code == 303
    return client


def buyer_actions(order, parcel_id, token=None):
    """Every route a buyer acts through: (method, url, form)."""
    suffix = f"?t={token}" if token else ""
    parcel = f"/orders/{order.number}/parcels/{parcel_id}"
    return [("post", f"/orders/{order.number}/cancel{suffix}", {}),
            ("get", f"/orders/{order.number}/pay{suffix}", None),
            ("post", f"{parcel}/confirm{suffix}", {}),
            ("get", f"{parcel}/complaint{suffix}", None),
            ("post", f"{parcel}/complaint{suffix}", {"reason": "damaged",
                                                       "description": "Sobek di pinggir"})]


def test_an_admin_cannot_act_as_the_buyer(app, fake_stripe):
    tenun, madu = two_shop_products()
    _, unpaid = place(app, [madu], payment="stripe")
    _, delivered = place(app, [tenun])
    services.confirm_bank_transfer(delivered, reference="BRI 7", admin_id=None)
    db.session.commit()
    parcel = ship_and_deliver(latest_order().shipments[0])
    make_admin()
    admin = log_in(app, "admin@sentra.id")
    token = csrf_token(admin, "/account/password")
    before, requests_before = world(), len(fake_stripe.requests)

    for order, parcel_id in ((unpaid, unpaid.shipments[0].id), (delivered, parcel.id)):
        # the admin may look...
        page = admin.get(f"/orders/{order.number}").get_data(as_text=True)
        assert order.number in page
        for action in ("/cancel", "/pay\"", "/parcels/"):
            assert f"/orders/{order.number}{action}" not in page, action
        assert "Hanya pembeli yang dapat membayar" in page
        # ...but not act, not even holding the buyer's own link
        for link in (None, order_links.access_token(order)):
            for method, url, form in buyer_actions(order, parcel_id, link):
                response = (admin.get(url) if method == "get"
                            else admin.post(url, data={"csrf_token": token, **form}))
                assert response.status_code == 404, (method, url)
    assert world() == before
    assert len(fake_stripe.requests) == requests_before  # no checkout session was opened


def test_an_admin_who_is_the_buyer_acts_on_their_own_order(app, client):
    tenun, _ = two_shop_products()
    admin_user = make_admin()
    assert submit(client, "/account/login", {"email": admin_user.email, "password": PASSWORD}
                  ).status_code == 303
    add(client, tenun.variants[0])
    assert checkout(client, KUPANG).status_code == 303
    order = latest_order()
    assert order.user_id == admin_user.id
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert f"/orders/{order.number}/cancel" in page
    response = client.post(f"/orders/{order.number}/cancel",
                           data={"csrf_token": csrf_token(client, f"/orders/{order.number}")})
    assert response.status_code == 303
    assert latest_order().status == OrderStatus.CANCELLED


def test_the_buyer_still_acts_from_the_mailed_link(app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    someone = make_user(email="pembeli@contoh.id")
    stranger = log_in(app, someone.email)  # another account, holding the buyer's link
    link = f"/orders/{order.number}?t={order_links.access_token(order)}"
    assert "/cancel" in stranger.get(link).get_data(as_text=True)
    fresh = app.test_client()  # the guest on another device
    response = fresh.post(f"/orders/{order.number}/cancel?t={order_links.access_token(order)}",
                          data={"csrf_token": csrf_token(fresh, link)})
    assert response.status_code == 303 and latest_order().status == OrderStatus.CANCELLED
