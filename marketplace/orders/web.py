"""Request-side glue for orders: which cart store a visitor has."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, session
from flask_login import current_user

from marketplace.orders.cart import AccountCart, CartStore, SessionCart


def current_cart() -> CartStore:
    if current_user.is_authenticated:
        return AccountCart(current_user.id)
    return SessionCart(session)


def same_origin() -> bool:
    """The request comes from a page of this site (Origin, else Referer, matches our host).

    Used for "add to cart" on product pages, which carry no CSRF token so that anonymous
    browsing needs no session and pages can be cached; the session cookie is SameSite=Lax
    as well, so a cross-site POST carries no cart anyway.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.netloc == request.host and parts.scheme in ("http", "https")
