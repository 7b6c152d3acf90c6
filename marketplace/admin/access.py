"""Admins only: one decorator for every admin route."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from marketplace.accounts.models import Role


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.has_role(Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
