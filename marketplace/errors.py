"""Domain errors and the error pages (HTML for people, JSON for the API and health checks)."""
from __future__ import annotations

import logging
from contextlib import nullcontext

from flask import Flask, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from marketplace.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the marketplace was broken; the message is safe to show to the user."""


class NotFound(DomainError):
    pass


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    )


def problem_response(status: int, title: str, detail: str | None = None, **extensions):
    """An RFC 9457 problem document (application/problem+json)."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    response = jsonify({**body, **extensions})
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # an answer chosen where it was raised (a rate limit's)
            return error.response
        if isinstance(error, CSRFError):
            # Flask-WTF's reasons ("The CSRF token is missing.", "… has expired.", "The
            # referrer header is missing.") are English jargon; what a person can do is the same.
            error.description = _("The form expired; reload the page and try again.")
        if _wants_json():
            # Under /api in English whatever the language cookie (as the API's own messages):
            # a refusal from before the API's hooks ran (marketplace/security.py) included.
            with force_locale("en") if request.path.startswith("/api/") else nullcontext():
                response = problem_response(error.code or 500, error.name, error.description)
            # Allow (405), Retry-After (429, 503): what the client needs to act on the error.
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        template = f"errors/{error.code}.html" if error.code in (400, 403, 404, 405, 429) else "errors/generic.html"
        if error.code == 414:  # an address too long: the 400 page says so, in the store's words
            template = "errors/400.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(500)
    def unexpected_error(error: HTTPException):
        # Flask logs the original exception; what is half-done is rolled back, never committed.
        db.session.rollback()
        if _wants_json():
            return problem_response(500, "Internal Server Error",
                                    "Something went wrong on our side; it has been logged.")
        return render_template("errors/500.html"), 500
