"""The privacy notice and terms (Indonesian and English), and the consent page."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from marketplace.extensions import db
from marketplace.navigation import safe_next_url
from marketplace.privacy import bp, consent
from marketplace.privacy.consent_gate import SESSION_KEY

LANGUAGES = ("id", "en")


def _document(name: str, language: str | None):
    language = language or str(get_locale())
    if language not in LANGUAGES:
        abort(404)
    versions = consent.current_versions()
    return render_template(f"privacy/{name}_{language}.html", language=language,
                           version=versions[name], other="en" if language == "id" else "id")


@bp.get("/privacy")
@bp.get("/privacy/<language>")
def privacy_notice(language: str | None = None):
    return _document("privacy", language)


@bp.get("/terms")
@bp.get("/terms/<language>")
def terms(language: str | None = None):
    return _document("terms", language)


@bp.route("/privacy/consent", methods=["GET", "POST"])
@login_required
def consent_page():
    user = current_user._get_current_object()
    target = safe_next_url(request.args.get("next"))
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400, description=_("The form expired. Please try again."))
        consent.record_consent(user)
        db.session.commit()
        session.pop(SESSION_KEY, None)
        flash(_("Thank you. You can go on where you were."), "success")
        return redirect(target, code=303)
    missing = consent.missing_consent(user)
    if not missing:
        session.pop(SESSION_KEY, None)
    return render_template("privacy/consent.html", missing=missing, next=target,
                           versions=consent.current_versions())

