"""Delete my account: a thin handler over privacy.erasure."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from marketplace.accounts.services import WrongPassword
from marketplace.privacy import bp, erasure
from marketplace.privacy.forms import DeleteAccountForm


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    remaining = erasure.what_is_left(user)
    if form.validate_on_submit():
        try:
            erasure.erase_account(user, form.password.data)
        except WrongPassword:
            form.password.errors.append(_("That is not your password."))
        except erasure.NotSettled as error:
            remaining = error.remaining
        else:
            logout_user()
            flash(_("Your account is deleted. Thank you for buying and selling on Sentra."),
                  "success")
            return redirect(url_for("catalog.home"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("privacy/delete.html", form=form, remaining=remaining), status
