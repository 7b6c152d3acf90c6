"""Marketing centres' side: staff pages for their centre's shops, assisted onboarding and
hand-over, consultation requests (staff and seller pages)."""
from flask import Blueprint

bp = Blueprint("centres", __name__, template_folder="templates")

from marketplace.centres import consultation_routes, routes  # noqa: E402,F401
