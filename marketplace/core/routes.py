from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, current_app, jsonify, redirect, request, send_from_directory

from marketplace.core import bp, sitemap
from marketplace.extensions import db
from marketplace.navigation import safe_next_url

ONE_YEAR = 60 * 60 * 24 * 365


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the point of a health check is to report, not to raise
        current_app.logger.warning("health check: database unavailable: %s", exc)
        db.session.rollback()
        database = "unavailable"
    healthy = database == "ok"
    response = jsonify(
        status="ok" if healthy else "degraded",
        database=database,
        database_backend=db.engine.dialect.name,
    )
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/lang/<language>")
def set_language(language: str):
    response = redirect(safe_next_url(request.args.get("next")), code=303)
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            language,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
    return response


@bp.get("/media/<path:name>")
def media(name: str):
    # Files are named by content hash: they never change, so browsers may keep them a year.
    response = send_from_directory(current_app.config["MEDIA_DIR"], name, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _xml(body: bytes) -> Response:
    response = Response(body, mimetype="application/xml")
    # Search engines come back on their own schedule; an hour old is fresh enough for them.
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/sitemap.xml")
def sitemap_index():
    return _xml(sitemap.index_xml())


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    return _xml(sitemap.pages_xml())


@bp.get("/sitemaps/<any(products, shops):kind>-<int:number>.xml")
def sitemap_chunk(kind: str, number: int):
    body = sitemap.chunk_xml(kind, number)
    if body is None:
        abort(404)
    return _xml(body)


@bp.get("/robots.txt")
def robots():
    response = Response(sitemap.robots_txt(), mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
