"""Links to an order that work without an account: a signed token in the link lets the buyer
(a guest too) open their order from the mail."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from marketplace.navigation import external_url
from marketplace.orders.models import Order


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="order-access")


def access_token(order: Order) -> str:
    """Lets a guest (no account) open their order from the link in their mail."""
    return _serializer().dumps(order.number)


def token_allows(token: str | None, number: str) -> bool:
    if not token:
        return False
    try:
        return _serializer().loads(token) == number
    except BadSignature:
        return False


def order_url(order: Order) -> str:
    """The order page, for mail: with the token, so that the buyer opens it signed in or not."""
    return external_url("orders.order_detail", number=order.number, t=access_token(order))
