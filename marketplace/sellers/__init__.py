"""The seller's side: opening a shop, managing listings, photos and stock, the dashboard."""
from flask import Blueprint

bp = Blueprint("sellers", __name__, template_folder="templates")

from marketplace.sellers import (  # noqa: E402,F401
    csv_routes, listing_routes, offline_app, photo_routes, routes,
)
