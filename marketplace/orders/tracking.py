"""Track my order: a guest finds their order by its number and the e-mail it was placed with.

Both must match. The answer takes the same steps whether the number is unknown or belongs to
another address (the e-mail is compared in constant time either way), and the page says the
same for both, so the form tells nobody which order numbers exist. The route limits tries per
client address (TRACK_ORDER_LIMIT, shared by every worker).
"""
from __future__ import annotations

import hmac

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.models import Order

_NO_ORDER = "\x00no order"  # compared against when the number is unknown: never an address


def find_order(number: str, email: str) -> Order | None:
    """The order with this number placed with this e-mail (any case), else None."""
    number = (number or "").strip().upper()[:20]
    email = (email or "").strip().lower()[:254]
    order = db.session.scalar(sa.select(Order).where(Order.number == number)) if number else None
    expected = order.email.strip().lower() if order is not None else _NO_ORDER
    matches = hmac.compare_digest(expected.encode(), email.encode())
    return order if order is not None and matches and email else None
