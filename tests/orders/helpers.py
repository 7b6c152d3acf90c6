"""Shared steps of the order tests: put things in a cart and check out, as a browser does."""
from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.models import Order
from tests.conftest import submit

ORIGIN = {"Origin": "http://localhost"}

KUCHING = {
    "email": "buyer@contoh.my", "country": "MY", "recipient": "Siti Aminah",
    "phone": "+60 12-345 6789", "street": "Lot 12, Jalan Padungan", "city": "Kuching",
    "region": "Sarawak", "postal_code": "93100",
}
KUPANG = {
    "email": "pembeli@contoh.id", "country": "ID", "recipient": "Maria Nenobais",
    "phone": "0813-3900-1122", "street": "Jl. El Tari No. 5, RT 01/RW 02", "village": "Oebobo",
    "district": "Oebobo", "city": "Kota Kupang", "region": "Nusa Tenggara Timur",
    "postal_code": "85111",
}


def add(client, variant, quantity: int = 1):
    return client.post("/cart/add", data={"variant_id": variant.id, "quantity": quantity},
                       headers=ORIGIN)


def checkout(client, address=KUPANG, payment="bank_transfer", services=None):
    """Address, then the review page's first service per parcel; returns the response."""
    response = submit(client, "/checkout", address)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    page = client.get("/checkout/review").get_data(as_text=True)
    chosen = {}
    for name, value in re.findall(r'name="(service-\d+)" value="([A-Z]+)"', page):
        chosen.setdefault(name, value)
    chosen.update(services or {})
    return submit(client, "/checkout/review", {"payment_method": payment, **chosen})


def latest_order() -> Order:
    db.session.expire_all()
    return db.session.scalar(sa.select(Order).order_by(Order.id.desc()))
