"""Centre staff only: the centre is in `g.centre`; everyone else gets 403 and is told how
staff are appointed."""
from __future__ import annotations

from functools import wraps

from flask import g, render_template
from flask_login import current_user, login_required

from marketplace.centres import services


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        centre = services.centre_of_staff(current_user)
        if centre is None:
            # Say how one becomes staff: an admin appoints an existing account.
            return render_template("centres/not_staff.html"), 403
        g.centre = centre
        return view(*args, **kwargs)

    return wrapper
