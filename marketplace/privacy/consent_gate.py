"""A new version of the privacy notice or terms is put to each person at their next sign-in.

Flask-Login announces every sign-in (`user_logged_in`, registration included). A person who
registers accepts the current versions on the form itself (its text says so, with links); a
person signing in whose accepted versions are older is sent to the consent page before any
other page, until they accept (or sign out).
"""
from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_login import current_user, user_logged_in

from marketplace.extensions import db
from marketplace.privacy import bp, consent

SESSION_KEY = "consent_due"
# What a person asked to accept may still do: read the texts, accept, sign out, confirm e-mail.
_OPEN_ENDPOINTS = {"static", "core.media", "core.set_language", "accounts.logout",
                   "accounts.verify_email"}


def _on_login(app, user, **extra) -> None:
    if request.endpoint == "accounts.register":
        consent.record_consent(user)
        db.session.commit()
        session.pop(SESSION_KEY, None)
    elif consent.missing_consent(user):
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)


@bp.record_once
def _connect(state) -> None:
    # Connected to this app only (the signal is process-wide; tests make many apps).
    user_logged_in.connect(_on_login, sender=state.app, weak=False)


@bp.before_app_request
def _ask_for_consent():
    if not session.get(SESSION_KEY):
        return None
    if not current_user.is_authenticated:
        session.pop(SESSION_KEY, None)
        return None
    endpoint = request.endpoint or ""
    if endpoint in _OPEN_ENDPOINTS or endpoint.startswith(("privacy.", "api.")):
        return None
    return redirect(url_for("privacy.consent_page", next=request.full_path.rstrip("?")), code=303)


