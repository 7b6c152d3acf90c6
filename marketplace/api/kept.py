"""Catalogue reads answered from their kept JSON before Flask-Limiter and the view run.

A public read (`kept_answer` marks its view) keeps its body as bytes, with its ETag, under the
release, the data versions and the whole URL (`store`, called by the view). A GET or HEAD of
that URL by a client without a session, remember-me cookie or Authorization header is then
answered by `answer_early`, the first `before_request` hook after the storefront's page cache:
a 304 when the client holds that ETag, else the kept body. What it costs, against the whole
chain (1.1 ms CPU for the listing under production settings): the key, one cache look-up and
the rate limit's count (one statement on the SQLite storage: the count and its window's end;
two calls on the others).

The rate limit still counts every such request, in the same storage and under the same keys as
Flask-Limiter (so the limit holds across workers and servers, and early and late answers share
one count), and the answer carries the same X-RateLimit headers. A request that would breach
a limit is given back and left to Flask-Limiter, whose 429 it then gets exactly as before.
Anything this module does not reproduce exactly (another strategy, a limiter turned off or
falling back to memory) is left to the whole chain too.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.strategies import FixedWindowRateLimiter
from werkzeug.http import http_date, quote_etag

from marketplace import caching
from marketplace.api.http import EXPOSED_HEADERS, MAX_AGE, configured_limit
from marketplace.catalog import versions
from marketplace.extensions import limiter

NAME = "api-answer"  # (body, ETag); "api-json" entries held the body alone
CACHE_CONTROL = f"public, max-age={MAX_AGE}"  # what marketplace.api.http sets on a 200


def kept_answer(view: Callable) -> Callable:
    """Mark a view whose 200 is stored with `store`: answered by `answer_early` when kept."""
    view.api_kept_answer = True  # type: ignore[attr-defined]
    return view


def _key_parts() -> tuple:
    # The whole URL: links are absolute, and a forged Host never shares an entry. Its parts
    # as the request has them (`request.url` re-encodes them, at a quarter of the answer's
    # cost); the query string as sent, so that two queries never share one.
    return (current_app.extensions["sentra.release"], *versions.page_versions(),
            request.scheme, request.host, request.root_path, request.full_path)


def store(build: Callable[[], bytes | None]) -> tuple[bytes, str] | None:
    """The kept body and its strong ETag (unquoted: werkzeug's `add_etag` of that body) for
    this URL, built and kept if not yet; None (a 404) is never kept."""

    def encode() -> tuple[bytes, str] | None:
        body = build()
        return None if body is None else (body, hashlib.sha1(body).hexdigest())

    return caching.cached_value(NAME, _key_parts(), encode)


def _kept() -> tuple[bytes, str] | None:
    """Only a look-up: nothing built, nothing stored."""
    return caching.cached_value(NAME, _key_parts(), lambda: None, keep=lambda _value: False)


# --- The rate limit, counted as Flask-Limiter counts it -----------------------------------

@functools.lru_cache(maxsize=16)
def _items(limits: str) -> tuple[RateLimitItem, ...]:
    # Flask-Limiter's order: by granularity, and the first one is named in the headers.
    return tuple(sorted(parse_many(limits), key=lambda item: item))


def _count() -> list[tuple[str, str]] | None:
    """Count this request against the API's limits, as Flask-Limiter would for its endpoint;
    its X-RateLimit headers, or None (nothing counted) for Flask-Limiter to answer."""
    if not (limiter.enabled and isinstance(limiter.limiter, FixedWindowRateLimiter)
            and current_app.config.get("RATELIMIT_HEADERS_ENABLED")
            and not getattr(limiter, "_storage_dead", False)):
        return None
    items = _items(configured_limit())
    if not items:
        return None
    storage = limiter.storage
    # The prefix Flask-Limiter itself keys with: its one Limiter keeps the first prefix any app
    # of the process gave it (`_key_prefix or config`), which may not be this app's setting.
    # The attribute is private: were it ever gone, Flask-Limiter counts, as for any doubt.
    prefix = getattr(limiter, "_key_prefix", None)
    if prefix is None:
        return None
    args = [get_remote_address(), request.endpoint]
    args = [prefix, *args] if prefix else args
    # The SQLite storage (ratelimit.py) says each window's end with its count, in one
    # statement; any other, as Flask-Limiter asks it: the first window's end afterwards.
    with_expiry = getattr(storage, "incr_with_expiry", None)
    counted: list[tuple[RateLimitItem, str, int, float | None]] = []
    try:
        for item in items:
            key = item.key_for(*args)
            if with_expiry is not None:
                count, ends = with_expiry(key, item.get_expiry())
            else:
                count, ends = storage.incr(key, item.get_expiry()), None
            counted.append((item, key, count, ends))
        if any(count > item.amount for item, _key, count, _ends in counted):
            raise _Breached
        item, key, count, ends = counted[0]
        reset_at = int((storage.get_expiry(key) if ends is None else ends) + 1)
    except Exception:  # a breach, or the storage failing: Flask-Limiter decides, as before
        for item, key, _count, _ends in counted:
            try:
                storage.incr(key, item.get_expiry(), amount=-1)
            except Exception:  # noqa: S110  (Flask-Limiter meets the same storage next)
                pass
        return None
    return [("X-RateLimit-Limit", str(item.amount)),
            ("X-RateLimit-Remaining", str(max(0, item.amount - count))),
            ("X-RateLimit-Reset", str(reset_at)),
            ("Retry-After", str(int(reset_at - time.time())))]


class _Breached(Exception):
    pass


# --- The early answer ---------------------------------------------------------------------

class KeptAnswer(caching.CachedAnswer):
    """Finished like a cached storefront page (marketplace.Sentra), plus `finish` below for
    the rate-limit headers, after the security headers as Flask-Limiter adds them."""

    rate_limit_headers: list[tuple[str, str]] = []


def answer_early() -> Response | None:
    if (request.method not in ("GET", "HEAD")
            or not getattr(current_app.view_functions.get(request.endpoint or ""),
                           "api_kept_answer", False)
            or caching.has_session() or "Authorization" in request.headers):
        return None
    kept = _kept()
    if kept is None:
        return None
    rate_limit_headers = _count()
    if rate_limit_headers is None:
        return None
    body, etag = kept
    # The headers the whole chain gives, in its order (marketplace.api.http, werkzeug's
    # make_conditional); a 304 loses Content-Type and Content-Length there.
    shared = [("Access-Control-Allow-Origin", "*"),
              ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
              ("ETag", quote_etag(etag)), ("Cache-Control", CACHE_CONTROL),
              ("Date", http_date())]
    if request.if_none_match.contains_weak(etag):
        answer = KeptAnswer(status=304, headers=shared)
    else:
        answer = KeptAnswer(body, headers=[
            ("Content-Type", current_app.json.mimetype), ("Content-Length", str(len(body))),
            *shared])
    answer.rate_limit_headers = rate_limit_headers
    return answer


def finish(response: Response) -> Response:
    """A `cached_answer_funcs` step: the rate-limit headers of a KeptAnswer."""
    if isinstance(response, KeptAnswer):
        response.headers.extend(response.rate_limit_headers)
    return response


def install(app: Flask) -> None:
    """Just before Flask-Limiter's own check (so after the storefront's page cache, the Host
    and NUL guards and the request id)."""
    hooks = app.before_request_funcs.setdefault(None, [])
    limiter_hook = next((i for i, hook in enumerate(hooks)
                         if getattr(hook, "__self__", None) is limiter), len(hooks))
    hooks.insert(limiter_hook, answer_early)
    app.cached_answer_funcs.append(finish)
