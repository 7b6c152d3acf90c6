"""Accounts: users, log-in, roles, password reset."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.app_context_processor
def _password_rules() -> dict:
    from marketplace.accounts.forms import MIN_PASSWORD

    return {"min_password": MIN_PASSWORD}

from marketplace.accounts import routes, verification_routes  # noqa: E402,F401
