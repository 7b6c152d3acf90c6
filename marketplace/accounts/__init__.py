"""Accounts: users, log-in, roles, password reset."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(min_password=MIN_PASSWORD)


from marketplace.accounts import routes, verification_routes  # noqa: E402,F401
from marketplace.accounts.forms import MIN_PASSWORD  # noqa: E402
