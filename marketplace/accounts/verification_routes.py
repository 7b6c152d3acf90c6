"""E-mail verification pages: thin handlers over accounts.verification."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import bp, verification
from marketplace.accounts.forms import EmailChangeForm
from marketplace.accounts.services import EmailTaken, WrongPassword
from marketplace.navigation import safe_next_url


@bp.get("/verify", endpoint="verification")
@login_required
def verification_page():
    return render_template("accounts/verification.html", form=EmailChangeForm(),
                           next=safe_next_url(request.args.get("next"), default=""))


@bp.post("/verify/resend")
@login_required
def resend_verification():
    try:
        verification.resend_verification(current_user._get_current_object())
    except verification.NothingToVerify:
        flash(_("Your e-mail address is confirmed already."), "info")
    except verification.ResendTooSoon as error:
        flash(_("We sent a link a moment ago. Check your inbox (and spam folder), or ask again "
                "in %(seconds)d seconds.", seconds=error.seconds), "error")
    else:
        flash(_("We have sent a new link to %(email)s.",
                email=current_user.pending_email or current_user.email), "success")
    return redirect(url_for("accounts.verification"), code=303)


@bp.get("/verify/<token>")
def verify_email(token: str):
    user = verification.verify(token)
    if user is None:
        flash(_("That confirmation link has expired, was used already or is for an address "
                "that changed since. Sign in and ask for a new one."), "error")
        return redirect(url_for("accounts.verification") if current_user.is_authenticated
                        else url_for("accounts.login"), code=303)
    flash(_("Thank you: %(email)s is confirmed.", email=user.email), "success")
    return redirect(url_for("catalog.home"), code=303)


@bp.post("/email")
@login_required
def change_email():
    form = EmailChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            email = verification.change_email(user, form.password.data, form.email.data)
        except WrongPassword:
            form.password.errors.append(_("That is not your current password."))
        except EmailTaken:
            form.email.errors.append(_("Another account uses this address already."))
        else:
            if email != user.email:
                flash(_("We have sent a link to %(email)s. Your address changes when you open "
                        "it; until then it stays %(old)s.", email=email, old=user.email), "success")
            return redirect(url_for("accounts.verification"), code=303)
    return render_template("accounts/verification.html", form=form, next=""), 400
