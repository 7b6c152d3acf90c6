"""Log-in, registration, password change and reset: thin handlers over accounts.services."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME

from marketplace import ratelimit
from marketplace.accounts import bp, services, verification
from marketplace.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    RegisterForm,
    ResetForm,
    ResetRequestForm,
)
from marketplace.extensions import limiter
from marketplace.navigation import safe_next_url


def _login_account_key() -> str:
    """Failed log-ins are counted per account too, so spreading over addresses does not help."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"login-account:{email}"


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


@bp.route("/login", methods=["GET", "POST"])
# Every attempt counts at once (atomically, in every worker's shared storage); one that
# succeeds is given back below: exact even for attempts sent at the same moment.
@limiter.limit(_address_limit, methods=["POST"], error_message="login-rate-limited")
@limiter.limit(_account_limit, methods=["POST"], key_func=_login_account_key,
               error_message="login-rate-limited")
def login():
    if current_user.is_authenticated:
        ratelimit.give_back(limiter)
        return redirect(safe_next_url(request.args.get("next")), code=303)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            ratelimit.give_back(limiter)  # successful log-ins do not count
            services.log_in(user)
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")), code=303)
        form.password.errors.append(_("That email and password do not match an account."))
    status = 200 if request.method == "GET" else 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    # A POST with the CSRF token (Flask-WTF checks it): a link or image cannot log anyone out.
    if current_user.is_authenticated:
        services.log_out(current_user._get_current_object())
    logout_user()
    return redirect(url_for("catalog.home"), code=303)


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    services.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    flash(_("You are signed out on every device. Log in again where you need to."), "success")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/register", methods=["GET", "POST"])
def register():
    # `next` (e.g. a shop hand-over link) is kept through the log-in and registration pages and
    # their forms (which post to the page's own address), and followed only within the site.
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")), code=303)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(form.name.data, form.email.data, form.password.data)
        except services.EmailTaken:
            form.email.errors.append(
                _("An account with this email exists already. Log in or reset its password.")
            )
        else:
            verification.send_verification(user)
            services.log_in(user)  # commits the link's mail with the log-in
            login_user(user)
            flash(_("Welcome to Sentra, %(name)s! We have sent a link to %(email)s: open it to "
                    "confirm your address.", name=user.name, email=user.email), "success")
            return redirect(safe_next_url(request.args.get("next")), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("accounts/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current.data, form.password.data)
        except services.WrongPassword:
            form.current.errors.append(_("That is not your current password."))
        else:
            # Every other log-in has ended; this browser goes on under a new one (and a new
            # remember-me cookie if it had one), so a copy of its old cookies is out too.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
            login_user(user, remember=remembered)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.change_password"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("accounts/password.html", form=form), status


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        # The mail is written in the language of the page the request came from.
        services.request_password_reset(form.email.data)
        # The same answer whether or not the account exists: no account enumeration.
        flash(_("If an account uses that address, we have sent it a link to reset the password."),
              "info")
        return redirect(url_for("accounts.login"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("That reset link has expired or was used already. Ask for a new one."), "error")
        return redirect(url_for("accounts.reset_request"), code=303)
    form = ResetForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("accounts.login"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("accounts/reset.html", form=form), status
