"""Who the visitor is to the orders, from the request: which cart store they have, whether
they are an order's buyer, which orders they may see."""
from __future__ import annotations

from flask import abort, request, session
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.orders import order_links, services
from marketplace.orders.cart import AccountCart, CartStore, SessionCart
from marketplace.orders.models import Order


def current_cart() -> CartStore:
    if current_user.is_authenticated:
        return AccountCart(current_user.id)
    return SessionCart(session)


def order_or_404(number: str) -> Order:
    order = services.load_order(number)
    if order is None:
        abort(404)
    return order


def acts_as_buyer(order: Order) -> bool:
    """This request is the buyer's: their account, the browser that placed the order, or the
    link mailed to them. An admin's account is the buyer only of its own orders: the mailed
    link in an admin's hands (a buyer forwarding it to support) lets them look, not act."""
    if current_user.is_authenticated and order.user_id == current_user.id:
        return True
    if order.number in (session.get("guest_orders") or []):
        return True
    if current_user.is_authenticated and current_user.has_role(Role.ADMIN):
        return False
    return order_links.token_allows(request.args.get("t"), order.number)


def buyer_order(number: str) -> Order:
    """The order, for an action only its buyer may take; 404 for anyone else (admins too:
    they act through the admin pages, where every action is audited)."""
    order = order_or_404(number)
    if not acts_as_buyer(order):
        abort(404)
    return order


def viewable_order(number: str) -> Order:
    """The order, for its buyer or an admin, who may look but not act as the buyer."""
    order = order_or_404(number)
    if not (acts_as_buyer(order)
            or (current_user.is_authenticated and current_user.has_role(Role.ADMIN))):
        abort(404)
    return order
