"""Domain errors and the error pages (HTML for people, JSON for the API and health checks)."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
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


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            response = jsonify(
                type="about:blank", title=error.name, status=error.code, detail=error.description
            )
            response.status_code = error.code or 500
            response.mimetype = "application/problem+json"
            return response
        template = f"errors/{error.code}.html" if error.code in (400, 403, 404, 405, 429) else "errors/generic.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(500)
    def unexpected_error(error: HTTPException):
        # Flask logs the original exception; what is half-done is rolled back, never committed.
        db.session.rollback()
        if _wants_json():
            return jsonify(title="Internal Server Error", status=500), 500
        return render_template("errors/500.html"), 500
