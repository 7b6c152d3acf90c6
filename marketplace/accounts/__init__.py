"""Accounts: users, log-in, roles, password reset."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from marketplace.accounts import routes  # noqa: E402,F401
