"""After the sale, above orders and the ledger: the buyer's receipt of a parcel, the release of
its held money to the seller (escrow), complaints, card disputes and reviews."""
from flask import Blueprint

bp = Blueprint("aftersales", __name__, template_folder="templates")

from marketplace.aftersales import buyer_routes, disputes, message_routes, review_routes, seller_routes  # noqa: E402,F401
from marketplace.aftersales import messages  # noqa: E402
from marketplace.aftersales.complaints import seller_task  # noqa: E402
from marketplace.aftersales.parcel_actions import buyer_actions  # noqa: E402
from marketplace.orders import hooks  # noqa: E402

hooks.register_parcel_actions(buyer_actions, "aftersales/_parcel_actions.html")
hooks.register_seller_task(seller_task)
hooks.register_seller_task(messages.seller_task)
