"""The admin area (/admin): curation, verification, moderation, refunds, audit log."""
from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.app_context_processor
def _menu() -> dict:
    from marketplace.admin import menu, refunds

    # Whether an order's refund is a transfer the admin makes (and records with its reference).
    return {"admin_menu": menu.items, "refund_by_hand": refunds.paid_back_by_hand}


from marketplace.admin import category_routes, centre_routes, curation_routes, currency_routes, payment_routes, routes  # noqa: E402,F401
from marketplace.admin import (  # noqa: E402,F401
    commission_routes,
    complaint_routes,
    moderation_routes,
    order_routes,
    overview_routes,
    payment_method_routes,
    payout_routes,
    reconciliation_routes,
    shop_routes,
)
