"""Prometheus metrics, with the official client library (prometheus-client).

Counted per request (cheap: a few dictionary look-ups and additions, see bench/README.md):
    sentra_http_requests_total{method, route, status}
    sentra_http_request_duration_seconds{method, route}    (a histogram; not for pages
                                                            answered from the page cache)
    sentra_http_exceptions_total{route}                    unhandled errors (each a 500 page)
    sentra_cache_lookups_total{kind, result}               page/fragment/value, hit/miss
Computed from the database when scraped (marketplace/ops/metrics_routes.py):
    sentra_outbox_backlog, sentra_outbox_failed, sentra_search_queue_backlog,
    sentra_orders{status}, sentra_shipments{status}

`route` is the URL rule (`/order/<number>`), never the path: its number of values is bounded
and it holds nothing personal. Under gunicorn every worker counts for itself; with
PROMETHEUS_MULTIPROC_DIR set (deploy/sentra.service) the client library keeps the counts in
files there and a scrape sums every worker's, whichever worker answers it.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request
from flask.signals import got_request_exception
from prometheus_client import Counter, Histogram, disable_created_metrics

from marketplace.extensions import cache

disable_created_metrics()  # no `_created` series: half the scrape, and nothing reads them

REQUESTS = Counter("sentra_http_requests", "HTTP requests answered.",
                   ["method", "route", "status"])
DURATION = Histogram("sentra_http_request_duration_seconds",
                     "Time from the first hook to the response, per route.",
                     ["method", "route"],
                     buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                              5, 10))
EXCEPTIONS = Counter("sentra_http_exceptions", "Requests that ended in an unhandled exception.",
                     ["route"])
CACHE_LOOKUPS = Counter("sentra_cache_lookups", "Storefront cache look-ups (marketplace/caching.py).",
                        ["kind", "result"])

# The storefront cache's key prefixes (marketplace/caching.py), as the metric's `kind`.
_CACHE_KINDS = {"page:": "page", "fragments:": "fragment", "value:": "value"}


# The children of each label combination seen, kept here: `labels()` on every request was a
# third of what counting cost.
_children: dict[tuple[str, str, int], tuple] = {}


def observe_request(method: str, route: str, status: int, duration: float) -> None:
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        children = _children[key] = (REQUESTS.labels(method, route, str(status)),
                                     DURATION.labels(method, route))
    children[0].inc()
    children[1].observe(duration)


_counters: dict[tuple[str, str, int], object] = {}


def count_request(method: str, route: str, status: int) -> None:
    """Count a request without timing it: a page answered from the page cache, whose time
    (a few hundred microseconds, always the lowest bucket) the histogram would only repeat."""
    key = (method, route, status)
    counter = _counters.get(key)
    if counter is None:
        counter = _counters[key] = REQUESTS.labels(method, route, str(status))
    counter.inc()


def _count_exception(sender: Flask, exception: BaseException, **_extra) -> None:
    rule = request.url_rule
    EXCEPTIONS.labels(rule.rule if rule is not None else "<unmatched>").inc()


def _kind_of(key: object) -> str:
    if isinstance(key, str):
        for prefix, kind in _CACHE_KINDS.items():
            if key.startswith(prefix):
                return kind
    return "other"


def _count_cache_lookups(app: Flask) -> None:
    """Count hits and misses where every look-up passes: the cache backend's `get`. Wrapped
    here rather than counted in marketplace/caching.py, so that the cache knows no metrics."""
    backend = app.extensions.get("cache", {}).get(cache)
    if backend is None or getattr(backend, "_sentra_counted", False):
        return
    original = backend.get
    hits = {kind: CACHE_LOOKUPS.labels(kind, "hit") for kind in (*_CACHE_KINDS.values(), "other")}
    misses = {kind: CACHE_LOOKUPS.labels(kind, "miss") for kind in hits}

    def counted_get(key, *args, **kwargs):
        value = original(key, *args, **kwargs)
        kind = _kind_of(key)
        (misses if value is None else hits)[kind].inc()
        return value

    backend.get = counted_get
    backend._sentra_counted = True


def multiprocess_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")
    return Path(value) if value else None


def init_app(app: Flask) -> None:
    directory = multiprocess_dir()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    got_request_exception.connect(_count_exception, app)
    _count_cache_lookups(app)
