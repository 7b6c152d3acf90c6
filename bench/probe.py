"""SQL statements per request, counted in process (not under load) with Flask's test client.

Run as `python -m bench.probe PATH...` in the environment of a benchmark database
(the same database gunicorn serves, production settings); prints JSON. Each path is requested
once to warm the app (templates compiled, per-process caches filled), then once more with a
`before_cursor_execute` counter on the engine (and the time of each statement, and of the whole
request, unloaded). That is done three times: with the storefront caches off (CACHE_TYPE=
NullCache, and the data versions read on every request: what rendering a page costs, as on
the first request after a change), with them on as in production (what an anonymous
visitor's request costs under load: a cached page, the versions read once a second), and
with caches off and a catalogue page size four times larger, to show any count that grows
with the number of products on a page.
"""

from __future__ import annotations

import json
import logging
import sys
import time

import sqlalchemy as sa


def _measure(app, paths: list[str]) -> dict[str, dict]:
    from marketplace.extensions import db

    statements: list[tuple[str, float]] = []
    started: list[float] = []

    def before(_conn, _cursor, _statement, _parameters, _context, _executemany):
        started.append(time.perf_counter())

    def after(_conn, _cursor, statement, _parameters, _context, _executemany):
        took = (time.perf_counter() - started.pop()) * 1000 if started else 0.0
        statements.append((" ".join(statement.split())[:160], took))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    client = app.test_client(use_cookies=False)  # every request anonymous, like wrk's
    # The host gunicorn is asked for: production answers 400 to any host but PUBLIC_BASE_URL's
    # (the test client's default "localhost" counted nothing but that refusal).
    base_url = app.config["PUBLIC_BASE_URL"]
    results = {}
    try:
        for path in paths:
            client.get(path, base_url=base_url)  # warm: templates compiled, caches filled
            statements.clear()
            clock = time.perf_counter()
            response = client.get(path, base_url=base_url)
            request_ms = (time.perf_counter() - clock) * 1000
            if response.status_code >= 400:
                raise RuntimeError(f"{path} answered {response.status_code}: nothing to count")
            slowest = max(statements, key=lambda item: item[1], default=("", 0.0))
            results[path] = {
                "status": response.status_code,
                "queries": len(statements),
                "statements": [text for text, _ in statements],
                "sql_ms": sum(took for _, took in statements),
                "slowest_sql": slowest[0],
                "slowest_sql_ms": slowest[1],
                "request_ms": request_ms,
                "set_cookie": response.headers.getlist("Set-Cookie"),
                "etag": response.headers.get("ETag"),
                "cache_control": response.headers.get("Cache-Control"),
            }
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    return results


def main(argv: list[str]) -> None:
    logging.disable(logging.WARNING)
    paths = argv
    from marketplace import create_app

    # Rendered: no caches, and the data versions read on every request (the worst case).
    uncached = {"CACHE_TYPE": "NullCache", "CACHE_VERSION_TTL": 0}
    app = create_app(**uncached)
    page_size = app.config["CATALOG_PAGE_SIZE"]
    normal = _measure(app, paths)
    cached = _measure(create_app(), paths)  # production settings: versions kept 1 s
    big = _measure(create_app(CATALOG_PAGE_SIZE=page_size * 4, **uncached), paths)
    for path, result in normal.items():
        result["queries_big_page"] = big[path]["queries"]
        result["page_size"] = page_size
        result["big_page_size"] = page_size * 4
        result["queries_cached"] = cached[path]["queries"]
        result["request_ms_cached"] = cached[path]["request_ms"]
    json.dump(normal, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
