"""Money that adds up: an append-only, double-entry ledger in whole rupiah, the commission
rule, seller balances and statements, payouts, complaints and card disputes."""
from flask import Blueprint

bp = Blueprint("ledger", __name__, template_folder="templates")

from marketplace.ledger import routes  # noqa: E402,F401
