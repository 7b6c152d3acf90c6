"""People's rights over their data (UU No. 27 Tahun 2022 on personal data protection): the
privacy notice and terms, consent records, downloading one's data, deleting one's account and
erasing guests' addresses after the retention period.

It sits above the domains whose data it gathers and erases (accounts, orders, catalog, ledger)
and below the app shell, which registers its blueprint and CLI commands.
"""
from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

from marketplace.privacy import consent_gate, erasure_routes, export_routes, review_data, routes  # noqa: E402,F401
