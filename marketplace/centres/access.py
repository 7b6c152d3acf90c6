"""Centre staff only: the centre is in `g.centre`; everyone else gets 403."""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.centres import services


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        centre = services.centre_of_staff(current_user)
        if centre is None:
            abort(403, description=_("Only the staff of a marketing centre can use this page."))
        g.centre = centre
        return view(*args, **kwargs)

    return wrapper
