"""Cart, checkout, orders and shipments."""
from flask import Blueprint

bp = Blueprint("orders", __name__, template_folder="templates")


@bp.record_once
def _merge_carts_at_login(state) -> None:
    from flask import session
    from flask_login import user_logged_in

    from marketplace.orders.cart import AccountCart, SessionCart, merge_guest_cart

    def merge(sender, user, **extra) -> None:
        merge_guest_cart(SessionCart(session), AccountCart(user.id))

    user_logged_in.connect(merge, state.app, weak=False)


from marketplace.orders import cart_routes, order_routes, xendit_routes  # noqa: E402,F401
