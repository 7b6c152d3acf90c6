"""The cart's item count in the header, without touching shared cached pages.

Pages without a session are shared by every visitor, so the count can never be part of their
HTML; and pages for visitors with a session must not cost a query for it either. So the count
travels in a small cookie (`cart_count`), written only when the cart may have changed (adding,
updating, viewing the cart, checking out, logging in or out). The header shows it when the page
is rendered for this visitor; static/js/site.js shows it on the others and after adding a
product without leaving the page. It is a hint for the eye, never read for anything else.
"""
from __future__ import annotations

from flask import current_app, request

from marketplace.orders import bp
from marketplace.orders.visitor import current_cart

COOKIE = "cart_count"
# Endpoints after which the count may differ; GET of the cart page re-reads it too, so that a
# cookie gone stale (another device, an order placed) is put right by a look at the cart.
_AFTER_POST = {"orders.add_to_cart", "orders.update_cart", "orders.checkout_review",
               "accounts.login", "accounts.logout", "accounts.register"}
_AFTER_GET = {"orders.view_cart"}
MAX_SHOWN = 99


@bp.after_app_request
def _remember_cart_count(response):
    endpoint = request.endpoint
    if not (endpoint in _AFTER_GET and request.method == "GET"
            or endpoint in _AFTER_POST and request.method == "POST"):
        return response
    if response.status_code >= 500:
        return response
    count = sum(quantity for quantity, _ in current_cart().items().values())
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    if count > 0:
        response.set_cookie(COOKIE, str(min(count, MAX_SHOWN)), max_age=30 * 24 * 3600,
                            samesite="Lax", secure=secure, httponly=False)
    elif request.cookies.get(COOKIE):
        response.delete_cookie(COOKIE, samesite="Lax", secure=secure)
    return response
