"""E-mail verification: a signed, expiring, single-use link proves that a person reads the
address they gave (at registration, and again when they change it).

The link is an itsdangerous token (signed with SECRET_KEY, its age checked on use) naming the
account and the address it proves. It works once: it is valid only while that address is still
waiting for its proof (not yet verified, or still the pending new address), so after one use
it is void, and a link for an address replaced since is void too. Nothing is stored but the
time of the last link sent, which rate-limits resending across every worker.

Until the address is proven, an account can browse and keep a cart, but cannot open a shop or
place an order as the account (`require_verified_email` says so on those pages); guests still
check out with an e-mail address, which their receipt link proves.
"""
from __future__ import annotations

from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from marketplace.accounts.models import User
from marketplace.accounts.services import EmailTaken, WrongPassword, normalise_email
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url
from marketplace.timeutil import utcnow


class ResendTooSoon(DomainError):
    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class NothingToVerify(DomainError):
    pass


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-verification")


def make_token(user: User, email: str) -> str:
    return _serializer().dumps({"u": user.id, "e": email})


def _address_waiting(user: User) -> str | None:
    """The address this account still has to prove: a pending new one, else an unproven one."""
    if user.pending_email:
        return user.pending_email
    return None if user.email_verified else user.email


def _queue_link(user: User, email: str) -> None:
    link = external_url("accounts.verify_email", token=make_token(user, email))
    hours = current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 3600
    queue_mail(
        email,
        _("Confirm your e-mail address for Sentra"),
        _("Hello %(name)s,\n\nOpen this link to confirm that %(email)s is your address (it "
          "works for %(hours)d hours, once):\n%(link)s\n\nUntil then you can browse and fill "
          "your cart, but not open a shop or place an order as an account.\n\nIf you did not "
          "ask for this, ignore this message.\n\nSentra",
          name=user.name, email=email, link=link, hours=hours),
    )
    user.verification_sent_at = utcnow()


def send_verification(user: User) -> None:
    """Mail a link for the address waiting for its proof (in the caller's transaction: the
    caller commits; the outbox sends after the commit)."""
    email = _address_waiting(user)
    if email is None:
        raise NothingToVerify()
    _queue_link(user, email)


def resend_verification(user: User) -> None:
    """Another link, at most one per EMAIL_VERIFICATION_RESEND_SECONDS (counted in the database,
    so that every worker sees the same limit)."""
    if _address_waiting(user) is None:
        raise NothingToVerify()
    gap = current_app.config["EMAIL_VERIFICATION_RESEND_SECONDS"]
    if user.verification_sent_at is not None:
        wait = (user.verification_sent_at + timedelta(seconds=gap) - utcnow()).total_seconds()
        if wait > 0:
            raise ResendTooSoon(int(wait) + 1)
    send_verification(user)
    db.session.commit()


def verify(token: str) -> User | None:
    """Prove the address a link names; None when the link is expired, forged, used or replaced."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or not isinstance(data.get("e"), str):
        return None
    user = db.session.get(User, data["u"])
    if user is None or user.erased_at is not None or _address_waiting(user) != data["e"]:
        return None
    if user.pending_email:
        if db.session.scalar(sa.select(User.id).where(User.email == user.pending_email)):
            return None  # taken by another account since the link was sent
        user.email, user.pending_email = user.pending_email, None
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def change_email(user: User, password: str, new_email: str) -> str:
    """Ask to move the account to `new_email`: the new address gets a link (the account keeps
    the old one until it is used), the old one is told, so that a stolen log-in cannot move an
    account away silently. Returns the normalised new address."""
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        raise WrongPassword()
    new_email = normalise_email(new_email)
    if new_email == user.email:
        user.pending_email = None
        db.session.commit()
        return new_email
    if db.session.scalar(sa.select(User.id).where(User.email == new_email)) is not None:
        raise EmailTaken(new_email)
    user.pending_email = new_email
    _queue_link(user, new_email)
    queue_mail(
        user.email,
        _("Your Sentra e-mail address is being changed"),
        _("Hello %(name)s,\n\nSomeone signed in to your account asked to change its e-mail "
          "address to %(email)s. The change happens when the link sent there is opened.\n\n"
          "If this was not you, change your password now and sign out everywhere:\n%(link)s"
          "\n\nSentra", name=user.name, email=new_email,
          link=external_url("accounts.change_password")),
    )
    db.session.commit()
    return new_email


def require_verified_email(view):
    """For pages an unverified account may not use (opening a shop, placing an order as the
    account): the person is sent to the page that explains and resends the link."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and not current_user.email_verified:
            flash(_("Confirm your e-mail address first: open the link we sent to %(email)s.",
                    email=current_user.email), "info")
            return redirect(url_for("accounts.verification", next=request.full_path.rstrip("?")),
                            code=303)
        return view(*args, **kwargs)

    return wrapped
