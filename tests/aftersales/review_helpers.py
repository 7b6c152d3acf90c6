"""Shared steps of the review tests: a parcel its buyer has received, and the review form."""
from __future__ import annotations

import re

from marketplace.aftersales import escrow
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import Shipment
from tests.conftest import submit
from tests.ledger.helpers import ship_and_deliver
from tests.orders.helpers import KUPANG, add, checkout, latest_order

LINK = re.compile(r'href="(/parcels/\d+/review/\d+\?t=[^"]+)"')


def received_parcel(buyer, products, *, quantity=1, confirm=True):
    """`buyer` (a test client, signed in or not) orders `products` from one shop, pays by
    transfer, and the parcel is delivered and (with `confirm`) received."""
    for product in products:
        add(buyer, product.variants[0], quantity)
    response = checkout(buyer, KUPANG)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    order = latest_order()
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    db.session.commit()
    parcel = ship_and_deliver(order.shipments[0])
    if confirm:
        escrow.confirm_receipt(parcel, user_id=order.user_id)
    db.session.expire_all()
    return latest_order(), db.session.get(Shipment, parcel.id)


def review_url(parcel, product, token: str | None = None) -> str:
    url = f"/parcels/{parcel.id}/review/{product.id}"
    return f"{url}?t={token}" if token else url


def post_review(client, url: str, **data):
    fields = {"stars": "5", "text": "Kainnya halus, warnanya sama dengan foto.", **data}
    return submit(client, url, fields, content_type="multipart/form-data")
