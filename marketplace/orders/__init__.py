"""Cart, checkout, orders and shipments, refunds, deadlines, the sales figures of a shop."""
from flask import Blueprint, session
from flask_login import user_logged_in

bp = Blueprint("orders", __name__, template_folder="templates")

from marketplace.ledger import statements  # noqa: E402
from marketplace.orders import (  # noqa: E402,F401
    cart_badge, cart_routes, couriers, dashboard_routes, estimate_routes, order_routes, services,
    tracking_routes,
    xendit_routes)
from marketplace.orders.cart import AccountCart, SessionCart, merge_guest_cart  # noqa: E402

statements.register_order_numbers(services.order_numbers)


@bp.record_once
def _merge_carts_at_login(state) -> None:
    def merge(sender, user, **extra) -> None:
        merge_guest_cart(SessionCart(session), AccountCart(user.id))

    user_logged_in.connect(merge, state.app, weak=False)
