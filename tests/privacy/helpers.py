"""A buyer with an account who ordered from a seller's shop, the order paid and delivered."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.orders import services
from tests.factories import make_product, make_shop, make_user
from tests.ledger.helpers import ship_and_deliver
from tests.orders.helpers import KUPANG, add, checkout, latest_order

BUYER = {"name": "Maria Nenobais", "email": "maria.nenobais@contoh.id"}
SELLER = {"name": "Yosefina Taek", "email": "yosefina.taek@contoh.id"}


def shop_and_buyer():
    seller = make_user(**SELLER)
    shop = make_shop(name="Tenun Belu Indah", regency="Belu", owner=seller)
    product = make_product(shop, name="Selendang Buna", prices=(300_000,), stocks=[5],
                           photos=1)
    buyer = make_user(**BUYER)
    return seller, shop, product, buyer


def order_as(app, buyer, product, *, receive: bool = True):
    """The buyer (signed in on a client of their own) orders, pays by transfer and, with
    `receive`, gets the parcel and confirms it."""
    from tests.conftest import submit
    from tests.factories import PASSWORD

    client = app.test_client()
    assert submit(client, "/account/login", {"email": buyer.email,
                                             "password": PASSWORD}).status_code == 303
    add(client, product.variants[0])
    assert checkout(client, KUPANG).status_code == 303
    order = latest_order()
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    db.session.commit()
    if receive:
        for shipment in latest_order().shipments:
            escrow.confirm_receipt(ship_and_deliver(shipment), user_id=None)
    return latest_order()


def text_columns_holding(needle: str) -> list[str]:
    """Every text column of every table in the database (as it is, not as the models say)
    that holds `needle` somewhere: "table.column"."""
    found = []
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    for table in metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, (sa.String, sa.Text)):
                continue
            hits = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(
                sa.func.lower(column).contains(needle.lower(), autoescape=True)))
            if hits:
                found.append(f"{table.name}.{column.name}")
    return found
