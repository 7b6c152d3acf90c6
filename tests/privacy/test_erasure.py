"""Delete my account: the person's name, e-mail, phone and address nowhere in the database,
the orders and books kept (and balanced); a shop settles first. Guests' addresses purged."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.admin.reconciliation import unbalanced
from marketplace.catalog.models import Product, ProductStatus, Shop
from marketplace.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout
from marketplace.orders.models import Order
from tests.conftest import submit
from tests.factories import PASSWORD, make_user
from tests.ledger.helpers import unbalanced_transactions, with_bank_account
from tests.orders.helpers import KUPANG, add, checkout, latest_order
from tests.privacy.helpers import BUYER, SELLER, order_as, shop_and_buyer, text_columns_holding


def delete(client, password=PASSWORD):
    return submit(client, "/account/delete", {"password": password})


def test_a_deleted_buyer_is_nowhere_in_the_database_and_the_books_balance(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order = order_as(app, buyer, product)
    number, total = order.number, order.total_idr
    login_as(buyer)
    response = delete(client)
    assert response.status_code == 303
    for needle in (BUYER["name"], BUYER["email"], KUPANG["recipient"], KUPANG["street"],
                   "0813-3900-1122", "081339001122", "6281339001122"):
        assert text_columns_holding(needle) == [], needle
    db.session.expire_all()
    kept = db.session.scalar(sa.select(Order).where(Order.number == number))
    assert kept.total_idr == total and kept.ship_recipient == "Akun terhapus"
    assert kept.ship_city == KUPANG["city"]  # where the goods went, for tax
    assert unbalanced() == [] and unbalanced_transactions() == []
    # Signed out, and the old password opens nothing.
    assert client.get("/account/data").status_code == 302
    assert submit(client, "/account/login", {"email": BUYER["email"],
                                             "password": PASSWORD}).status_code == 400


def test_wrong_password_changes_nothing(client, login_as):
    user = make_user(**BUYER)
    login_as(user)
    assert delete(client, "salah-sekali").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).name == BUYER["name"]


def test_a_shop_with_money_or_open_orders_settles_first_and_the_page_says_what_is_left(
        app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order_as(app, buyer, product, receive=False)  # paid, not yet shipped: held, open
    login_as(seller)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "Rp" in page and "masih ditahan" in page and "belum selesai" in page
    assert delete(client).status_code == 400
    db.session.expire_all()
    assert db.session.get(User, seller.id).name == SELLER["name"]


def test_a_settled_seller_is_erased_and_the_shop_closes(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order_as(app, buyer, product)
    with_bank_account(shop.id)
    login_as(seller)
    assert "dicairkan" in client.get("/account/delete").get_data(as_text=True)
    batch = payouts.build_batch(actor_id=None)
    payouts.settle(batch.payouts[0].id, paid=True, reference="BRI 7788")
    db.session.commit()
    assert delete(client).status_code == 303
    for needle in (SELLER["name"], SELLER["email"], "Ina Boi", "001201000123456"):
        assert text_columns_holding(needle) == [], needle
    db.session.expire_all()
    closed = db.session.get(Shop, shop.id)
    assert closed.owner_id is None and not closed.is_live
    assert db.session.get(Product, product.id).status == ProductStatus.ARCHIVED
    payout = db.session.get(Payout, batch.payouts[0].id)
    assert payout.bank_account_number == "3456" and payout.amount_idr > 0
    assert unbalanced() == [] and unbalanced_transactions() == []


def test_a_buyer_with_an_order_on_its_way_waits(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order_as(app, buyer, product, receive=False)
    login_as(buyer)
    assert "masih dalam perjalanan" in client.get("/account/delete").get_data(as_text=True)
    assert delete(client).status_code == 400


def test_guest_addresses_are_purged_after_the_retention_period(app, client, runner):
    seller, shop, product, buyer = shop_and_buyer()
    add(client, product.variants[0])
    assert checkout(client).status_code == 303
    order = latest_order()
    order.status = "cancelled"  # as the payment deadline leaves it, parcels and all
    for shipment in order.shipments:
        shipment.status = "cancelled"
    order.created_at -= timedelta(days=app.config["GUEST_ADDRESS_RETENTION_DAYS"] - 1)
    db.session.commit()
    runner.invoke(args=["privacy", "purge-guest-addresses"])
    assert latest_order().ship_street == KUPANG["street"]  # not yet
    order = latest_order()
    order.created_at -= timedelta(days=2)
    db.session.commit()
    result = runner.invoke(args=["privacy", "purge-guest-addresses"])
    assert "1 guest order" in result.output
    assert text_columns_holding(KUPANG["street"]) == []
    assert latest_order().email == KUPANG["email"]  # the receipt link still reaches them
