"""GET /readyz: whether this process can serve the store (for a load balancer or an orchestrator).

`/healthz` (marketplace/core) stays the cheap liveness check: the process answers and reaches
its database. `/readyz` checks everything the store needs: the database, Redis when one is
configured (sessions, rate limits, cache), and the search index (a missing index is ready:
the first search builds it; an index that cannot be read is not).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app, jsonify

from marketplace.catalog.search import pg_schema, store
from marketplace.extensions import db
from marketplace.ops import bp

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
        return "ok"
    except Exception as error:  # reported, never raised: that is the point of the check
        log.warning("readiness: database unavailable: %s", error)
        db.session.rollback()
        return "unavailable"


def _redis_urls() -> dict[str, str]:
    """Each Redis the settings name, once, by the first setting naming it (never its URL,
    which may hold a password)."""
    config = current_app.config
    found: dict[str, str] = {}
    for name in ("REDIS_URL", "CACHE_REDIS_URL", "RATELIMIT_STORAGE_URI"):
        url = config.get(name) or ""
        if url.startswith(("redis://", "rediss://", "unix://")) and url not in found:
            found[url] = name
    return {name: url for url, name in found.items()}


def _redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
        return "ok"
    except Exception as error:
        log.warning("readiness: Redis unavailable: %s", error)
        return "unavailable"
    finally:
        client.close()


def _search_index() -> str:
    if current_app.config.get("SEARCH_BACKEND") == "postgresql":
        try:  # the backend's tables (0018_pgsearch); empty is "missing": `flask search reindex`
            return "ok" if pg_schema.is_built() else "missing"
        except sa.exc.SQLAlchemyError as error:
            db.session.rollback()
            log.warning("readiness: PostgreSQL search unusable: %s", error)
            return "unusable"
    base = store.root()
    generation = store.current_generation(base)
    if generation is None:
        return "missing"  # built by the first search, or `flask search reindex`
    try:
        store.open_index(generation).close()
        return "ok"
    except store.IndexUnusable as error:
        log.warning("readiness: search index unusable: %s", error)
        return "unusable"


@bp.get("/readyz")
def readyz():
    checks = {"database": _database()}
    for name, url in _redis_urls().items():
        checks[f"redis ({name})"] = _redis(url)
    checks["search_index"] = _search_index()
    ready = all(value in ("ok", "missing") for value in checks.values())
    response = jsonify(status="ok" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
