"""A short, targeted load of the search page alone, for a shared machine (not `make bench`).

    python -m bench.search_load DATABASE_URL INSTANCE_DIR [--seconds 5] [--project DIR]

On a database the benchmark built (bench/data.py), starts the store with gunicorn as
production does (deploy/sentra.service's flags) and the bare Flask page, then drives with wrk:
the bare page, the search page under the query mix (bench/search_mix.py, Zipf), the single
`q=tenun` the benchmark used to drive, a cached catalogue page, and the bare page again.
Prints requests/s, ratio to the bare page, p50/p99, errors and the store's CPU per request.
`--project`: run another checkout's code on the same database (a before/after comparison).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

from bench import load, search_mix, servers


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_load")
    parser.add_argument("url")
    parser.add_argument("instance")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--project", default=str(servers.PROJECT_ROOT))
    args = parser.parse_args(argv)

    wrk = load.ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="search-load-"))
    script = work / "search_mix.lua"
    mix = search_mix.search_paths()
    script.write_text(search_mix.lua_script(mix))
    env = dict(os.environ, SENTRA_CONFIG="production", SECRET_KEY=secrets.token_urlsafe(48),
               SESSION_COOKIE_SECURE="0", PUBLIC_BASE_URL="http://127.0.0.1",
               DATABASE_URL=args.url, INSTANCE_DIR=args.instance,
               SEARCH_INDEX_DIR=str(Path(args.instance) / "search-index"),
               MEDIA_DIR=str(Path(args.instance).parent / "media"), MEDIA_STORAGE="local",
               PROMETHEUS_MULTIPROC_DIR=str(work / "metrics"), PYTHONUNBUFFERED="1")
    env.pop("REDIS_URL", None)
    (work / "metrics").mkdir()
    flags = servers.production_flags(args.workers)
    servers.PROJECT_ROOT = Path(args.project)  # the checkout whose code gunicorn runs
    bare = servers.start("bare Flask", "bench.bare_app:app", dict(os.environ, PYTHONUNBUFFERED="1"),
                         flags, work / "bare.log")
    store = servers.start("Sentra", "wsgi:app", env, flags, work / "gunicorn.log",
                          ready_path="/healthz")
    rows = []
    try:
        def measure(name: str, server, path: str, lua: str = "") -> None:
            result = load.run(wrk, server.base_url + path, args.seconds, args.warmup,
                              server.cpu_seconds, script=lua)
            rows.append((name, result))
            print(f"  {name}: {result.requests_per_second:,.0f} req/s, p50 {result.p50_ms} ms, "
                  f"p99 {result.p99_ms} ms, errors {result.errors} {result.error_detail}, "
                  f"CPU {result.cpu_ms_per_request or 0:.2f} ms/request", flush=True)

        measure("bare", bare, "/")
        measure(f"search, query mix ({len(mix)} URLs, Zipf)", store, mix[0][1], str(script))
        measure("search, q=tenun only", store, "/search?q=tenun")
        measure("catalogue (cached)", store, "/products")
        measure("bare (again)", bare, "/")
    finally:
        store.stop()
        bare.stop()
    bare_rps = (rows[0][1].requests_per_second + rows[-1][1].requests_per_second) / 2
    print(f"\nratios to the bare page ({bare_rps:,.0f} req/s):")
    for name, result in rows[1:-1]:
        print(f"  {name}: {result.requests_per_second / bare_rps:.3f}x")
    log = (work / "gunicorn.log").read_text(errors="replace")
    for sign in ("SIGSEGV", "Worker (pid", "WORKER TIMEOUT", "Traceback"):
        if sign in log:
            print(f"  gunicorn log mentions {sign!r} ({log.count(sign)}x): {work / 'gunicorn.log'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
