"""Log-ins as rows, so that ending one is real.

Flask-Login keeps `user.get_id()` in the session and signs it into the remember-me cookie
(`<id>|<hmac>`), valid until it expires (30 days). With the bare user id there, a cookie copied
before log-out or before a password change went on working. Here the id is `<user id>:<token>`,
the token naming one log-in whose SHA-256 is a `UserLogin` row: log-out deletes the row, a
password change or reset deletes them all (and starts a new one for the browser that changed it),
"sign out everywhere" deletes them all. Whatever holds a copy of the cookies is then logged out,
with cookie sessions and Redis sessions alike.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from marketplace.accounts.models import User, UserLogin
from marketplace.extensions import db
from marketplace.timeutil import utcnow


# Marks a statement that only deletes log-ins past their age: it ends nothing still valid, so
# the sessions version (templating.bump_sessions_version) need not change for it.
EXPIRED_LOGINS_ONLY = "sentra_expired_logins_only"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest_allowed():
    """A log-in lasts at most as long as a remember-me cookie (30 days by default)."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=int(duration))
    return utcnow() - duration


def start_login(user: User) -> None:
    """A new log-in for `user` (in the caller's transaction); `user.get_id()` names it after."""
    db.session.execute(sa.delete(UserLogin).where(UserLogin.user_id == user.id,
                                                  UserLogin.created_at < _oldest_allowed()),
                       execution_options={EXPIRED_LOGINS_ONLY: True})
    token = secrets.token_urlsafe(32)
    db.session.add(UserLogin(user_id=user.id, token_hash=_digest(token)))
    user.login_token = token


def user_for_login(login_id: str) -> User | None:
    """The user of a live log-in named by a session or remember-me cookie, else None."""
    user_id, _, token = login_id.partition(":")
    if not user_id.isdigit() or not token or len(token) > 100 or ":" in token:
        return None
    oldest = _oldest_allowed()
    row = db.session.execute(
        sa.select(User, UserLogin.created_at).join(UserLogin, UserLogin.user_id == User.id)
        .where(User.id == int(user_id), UserLogin.token_hash == _digest(token),
               UserLogin.created_at >= oldest)
    ).first()
    if row is None:
        return None
    user, started = row
    user.login_token = token
    # When this log-in ends by age: what is kept of it elsewhere (templating.remember_viewer)
    # must not outlive it.
    user.login_ends_at = started + (utcnow() - oldest)
    return user


def end_login(user: User) -> None:
    """End the log-in `user` was loaded for (log-out), in the caller's transaction."""
    if user.login_token:
        db.session.execute(sa.delete(UserLogin).where(
            UserLogin.user_id == user.id, UserLogin.token_hash == _digest(user.login_token)))
    user.login_token = None


def end_all_logins(user: User) -> None:
    """End every log-in of `user`, on every device (in the caller's transaction)."""
    db.session.execute(sa.delete(UserLogin).where(UserLogin.user_id == user.id))
    user.login_token = None
