"""The admin area (/admin): curation, verification, moderation, refunds, audit log."""
from flask import Blueprint

from marketplace.admin import menu
from marketplace.orders import refunds

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state) -> None:
    # refund_by_hand: whether an order's refund is a transfer the admin makes (and records with
    # its reference).
    state.app.jinja_env.globals.update(admin_menu=menu.items,
                                       refund_by_hand=refunds.paid_back_by_hand)


from marketplace.admin import audit  # noqa: E402
from marketplace.orders import audit_trail  # noqa: E402

audit_trail.register(audit.record)  # order changes made by admins and cron go into the log

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
    review_routes,
    shop_routes,
)
