"""`python -m bench` (`make bench`): the store under load next to a bare Flask page.

For each database (SQLite, then PostgreSQL) it builds a fresh benchmark database in a temp dir,
starts the store with gunicorn as production does, drives each page with wrk, counts the SQL
per page in process, prints the table and finally writes bench/RESULTS.md. Every server and
database it started is stopped or dropped on the way out, also on Ctrl-C or an error.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from bench import buyer, data, lighthouse, load, report, search_mix, servers
from bench.report import DatabaseRun, PageRow

# The product page again, for a visitor with a session (a cart, a log-in form's CSRF token):
# rendered for them around cached fragments, never served the shared page.
WITH_SESSION = "product, with a session"
# The product page and the catalogue for a buyer signed in with a cart (bench/buyer.py).
SIGNED_IN = ("product, signed-in buyer with a cart", "catalogue, signed-in buyer with a cart")
SEARCH_MIX = "search (query mix)"
OPTIONAL = {SEARCH_MIX, "API listing"}


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=_env_float("BENCH_SECONDS", 10),
        help="measured wrk run per page (env BENCH_SECONDS, default 10)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=_env_float("BENCH_WARMUP", 2),
        help="discarded wrk run before each measurement (default 2)",
    )
    parser.add_argument(
        "--pages",
        default=os.environ.get("BENCH_PAGES", ""),
        help="measure only these rows, names separated by ',' (or by ';' when a name holds a "
        "comma), e.g. 'search (query mix)' "
        "(env BENCH_PAGES; default all): a targeted run on a shared machine",
    )
    parser.add_argument(
        "--products",
        type=int,
        default=int(_env_float("BENCH_PRODUCTS", 20_000)),
        help="products in the benchmark catalogue (default 20000)",
    )
    parser.add_argument(
        "--databases",
        default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql"),
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", data.DEFAULT_PG_ADMIN_URL),
        help="PostgreSQL server (any database on it) where sentra_bench_<pid> is made",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(_env_float("BENCH_WORKERS", 5)),
        help="gunicorn workers (default 5: 2 x cores + 1 single-threaded, as deployed)",
    )
    parser.add_argument(
        "--lighthouse",
        action="store_true",
        default=os.environ.get("LIGHTHOUSE", "") in {"1", "yes", "true"},
        help="also run Lighthouse 12 on the home and a product page (env LIGHTHOUSE=1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, SQLite file)")
    args = parser.parse_args(argv)
    args.databases = [d.strip().lower() for d in args.databases.split(",") if d.strip()]
    for name in args.databases:
        if name not in ("sqlite", "postgresql"):
            parser.error(f"unknown database {name!r}")
    return args


def _terminate(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


# --- pages ------------------------------------------------------------------------------------


def choose_pages(db: data.BenchDatabase) -> list[PageRow]:
    """The URLs to drive, picked from the benchmark database."""
    from marketplace.catalog.display_models import FeaturedEntry
    from marketplace.catalog.models import (
        Category,
            Product,
        ProductStatus,
        Shop,
        ShopStatus,
    )

    engine = sa.create_engine(db.url)
    try:
        with engine.connect() as conn:
            category = conn.scalar(
                sa.select(Category.__table__.c.slug)
                .where(Category.__table__.c.parent_id.is_(None))
                .order_by(Category.__table__.c.position, Category.__table__.c.id)
            )
            p, s, f = Product.__table__, Shop.__table__, FeaturedEntry.__table__
            visible = sa.and_(
                p.c.status == ProductStatus.ACTIVE,
                p.c.blocked_reason.is_(None),
                s.c.status == ShopStatus.ACTIVE,
            )
            # The first product on the home page's curation: a demo product with photos.
            product = conn.scalar(
                sa.select(p.c.slug)
                .join(f, f.c.product_id == p.c.id)
                .join(s, s.c.id == p.c.shop_id)
                .where(visible)
                .order_by(f.c.position, f.c.id)
            )
            if product is None:
                product = conn.scalar(
                    sa.select(p.c.slug)
                    .join(s, s.c.id == p.c.shop_id)
                    .where(visible)
                    .order_by(p.c.id)
                )
            # The shop with the most products on sale: its page has several pages of cards.
            shop = conn.scalar(
                sa.select(s.c.slug)
                .join(p, p.c.shop_id == s.c.id)
                .where(visible)
                .group_by(s.c.id, s.c.slug)
                .order_by(sa.func.count(p.c.id).desc(), s.c.id)
            )
    finally:
        engine.dispose()
    return [
        PageRow("home", "/"),
        PageRow("catalogue", "/products"),
        PageRow(
            "catalogue filtered p5",
            f"/products?category={category}&in_stock=1&sort=price_asc&page=5",
        ),
        PageRow("product", f"/products/{product}"),
        PageRow(WITH_SESSION, f"/products/{product}"),
        PageRow(SIGNED_IN[0], f"/products/{product}"),
        PageRow(SIGNED_IN[1], "/products"),
        PageRow("seller shop", f"/sellers/{shop}"),
        # The search page under a mix of what buyers type (bench/search_mix.py): `path` is the
        # most popular of them, fetched and counted alone; wrk draws the mix (PageRow.script).
        PageRow(SEARCH_MIX, search_mix.search_paths()[0][1]),
        PageRow("API listing", "/api/v1/products"),
    ]


def session_cookie(base: str) -> str:
    """A visitor's session cookie: the log-in page's CSRF token opens one, and the first page
    after it adds Flask-Login's marks (as a browser would keep them)."""
    cookie = ""
    for path in ("/account/login", "/"):
        headers = {"Cookie": cookie} if cookie else {}
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers),
                                    timeout=60) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name_value = header.split(";", 1)[0]
                if name_value.startswith("session="):
                    cookie = name_value
    if not cookie:
        raise RuntimeError("the log-in page set no session cookie")
    return cookie


def fetch(base: str, row: PageRow) -> None:
    """One plain GET (no Accept-Encoding, no cookies but the row's): status, type and size."""
    headers = {"User-Agent": "sentra-bench"}
    if row.cookie:
        headers["Cookie"] = row.cookie
    request = urllib.request.Request(base + row.path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body, row.status, headers = response.read(), response.status, response.headers
    except urllib.error.HTTPError as exc:
        body, row.status, headers = exc.read(), exc.code, exc.headers
    row.content_type = headers.get("Content-Type", "")
    row.raw_bytes = len(body)
    row.gzip_bytes = len(gzip.compress(body, compresslevel=6))
    row.set_cookie = bool(headers.get_all("Set-Cookie"))
    row.etag = bool(headers.get("ETag"))


def count_queries(db: data.BenchDatabase, rows: list[PageRow]) -> None:
    paths = [row.path for row in rows if not row.skipped and not row.cookie]
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", *paths],
        cwd=data.PROJECT_ROOT,
        env=db.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"query count failed:\n{done.stderr[-3000:]}")
    found = json.loads(done.stdout)
    for row in rows:
        if row.path in found and not row.cookie:
            result = found[row.path]
            row.queries = result["queries"]
            row.queries_big = result["queries_big_page"]
            row.big_page_size = result["big_page_size"]
            row.statements = result["statements"]
            row.sql_ms = result["sql_ms"]
            row.request_ms = result["request_ms"]
            row.queries_cached = result["queries_cached"]
            row.request_ms_cached = result["request_ms_cached"]
            row.slowest_sql, row.slowest_sql_ms = result["slowest_sql"], result["slowest_sql_ms"]


# --- one database -------------------------------------------------------------------------------


def bench_database(
    kind: str,
    args,
    root: Path,
    wrk: str,
    bare: servers.Server,
    flags: list[str],
    lighthouse_out: list,
    dbs: list,
    redis_url: str | None = None,
) -> DatabaseRun:
    print(f"\n=== {kind} ===", flush=True)
    db = data.create_sqlite(root) if kind == "sqlite" else data.create_postgresql(root, args.pg_url)
    dbs.append(db)
    run = DatabaseRun(db.label, db.version, {})
    try:
        try:
            data.fill(db, args.products)
        finally:
            run.notes.extend(db.notes)
        run.counts = db.counts
        rows = choose_pages(db)
        product_path = next(row.path for row in rows if row.name == "product")
        if args.pages:
            # Row names hold commas ("product, with a session"): separate them by ";" then.
            separator = ";" if ";" in args.pages else ","
            wanted = {name.strip() for name in args.pages.split(separator) if name.strip()}
            rows = [row for row in rows if row.name in wanted]
        for row in rows:
            if row.name == SEARCH_MIX:
                mix = search_mix.search_paths()
                row.script = str(db.workdir / "search_mix.lua")
                Path(row.script).write_text(search_mix.lua_script(mix))
                run.notes.append(
                    f"{SEARCH_MIX}: wrk draws {len(mix)} distinct search URLs with a Zipf "
                    f"distribution (s={search_mix.ZIPF_S:g}; broad, regional, narrow, typos, "
                    "filters, sorts and pages: bench/search_mix.py); the size and SQL columns "
                    f"are those of the most popular, `{row.path}`."
                )
        if redis_url:
            servers.empty_redis(redis_url)
        store = servers.start(
            f"Sentra ({db.label})",
            "wsgi:app",
            servers.with_redis(db.env(), redis_url),
            flags,
            db.workdir / "gunicorn.log",
            ready_path="/healthz",
        )
        print(f"  store: {' '.join(store.command[1:])} ({store.base_url})")
        try:
            buyer_cookie = ""
            for row in rows:
                if row.name == WITH_SESSION:
                    row.cookie = session_cookie(store.base_url)
                elif row.name in SIGNED_IN:
                    if not buyer_cookie:
                        email = buyer.new_email()
                        data.python(db, "-m", "bench.buyer", email, what="the benchmark buyer")
                        buyer_cookie = buyer.signed_in_cookie(store.base_url, email,
                                                              product_path)
                    row.cookie = buyer_cookie
                fetch(store.base_url, row)
                if row.name in OPTIONAL and row.status == 404:
                    row.skipped = "404: the route does not exist yet"
                    run.notes.append(
                        f"{row.name} (`{row.path}`): n/a, 404 (the route does not exist in "
                        "this build)."
                    )
                elif row.status != 200:
                    run.notes.append(
                        f"{row.name} (`{row.path}`) answered {row.status} before the load."
                    )
                if row.set_cookie and not row.cookie:
                    run.notes.append(
                        f"{row.name}: an anonymous request gets a Set-Cookie header "
                        "(a session for a visitor who did nothing)."
                    )
            print("  counting SQL per page (Flask test client, in process)", flush=True)
            count_queries(db, rows)
            measured = [row for row in rows if not row.skipped]
            if db.kind == "postgresql":

                def store_cpu() -> float:
                    return store.cpu_seconds() + servers.postgres_backend_cpu(db.pg_name)
            else:
                store_cpu = store.cpu_seconds
            print(
                f"  wrk: {args.warmup:g} s warm-up + {args.seconds:g} s per page, "
                f"{load.THREADS} threads, {load.CONNECTIONS} connections",
                flush=True,
            )
            run.bare_loads.append(
                load.run(wrk, bare.base_url + "/", args.seconds, args.warmup, bare.cpu_seconds)
            )
            print(
                f"    bare Flask page: {run.bare_loads[-1].requests_per_second:,.0f} req/s",
                flush=True,
            )
            for row in measured:
                row.load = load.run(
                    wrk, store.base_url + row.path, args.seconds, args.warmup, store_cpu,
                    cookie=row.cookie, script=row.script,
                )
                print(
                    f"    {row.name}: {row.load.requests_per_second:,.0f} req/s, p99 "
                    f"{report._ms(row.load.p99_ms)} ms, errors {row.load.errors}",
                    flush=True,
                )
            run.bare_loads.append(
                load.run(wrk, bare.base_url + "/", args.seconds, args.warmup, bare.cpu_seconds)
            )
            print(
                f"    bare Flask page (again): {run.bare_loads[-1].requests_per_second:,.0f} req/s",
                flush=True,
            )
            run.bare_rps = [load_.requests_per_second for load_ in run.bare_loads]
            run.rows = rows
            _log_notes(store, run)
            if args.lighthouse and kind == "sqlite":
                run_lighthouse(store, rows, root, lighthouse_out)
        finally:
            store.stop()
        for row in rows:
            if row.slowest_sql_ms and row.slowest_sql_ms >= 10:
                run.notes.append(
                    f"{row.name}: slowest SQL statement {row.slowest_sql_ms:.0f} ms "
                    f"(unloaded, in process): `{row.slowest_sql[:140]}…`"
                )
            if (
                row.queries_big is not None
                and row.queries is not None
                and row.queries_big != row.queries
            ):
                run.notes.append(
                    f"{row.name}: {row.queries} SQL statements at {row.big_page_size // 4} "
                    f"products per page, {row.queries_big} at {row.big_page_size}: "
                    "the count grows with the page size."
                )
    except Exception as exc:  # report the failure, carry on with the next database
        run.error = (
            str(exc) if isinstance(exc, data.CommandFailed) else f"{type(exc).__name__}: {exc}"
        )
        print(f"  FAILED: {run.error}", file=sys.stderr)
        if isinstance(exc, data.CommandFailed):
            print(exc.output[-3000:], file=sys.stderr)
        else:
            traceback.print_exc()
    finally:
        data.drop(db)
    print()
    print(f"{db.label} ({db.version}), {run.counts.get('total_products', 0):,} products:")
    if run.rows:
        print(report.text_table(run))
    for note in run.notes:
        print(f"  - {note}")
    return run


def _log_notes(store: servers.Server, run: DatabaseRun) -> None:
    text = store.log.read_text(errors="replace") if store.log.exists() else ""
    tracebacks = text.count("Traceback (most recent call last)")
    if tracebacks:
        after = text.rsplit("Traceback (most recent call last)", 1)[1].splitlines()[1:]
        error = next((line for line in after if line and not line.startswith(" ")), "?")
        run.notes.append(
            f"APP PROBLEM: the store logged {tracebacks} tracebacks during the run "
            f"(last: {error[:200]}); the log is kept with --keep."
        )
    for marker in ("WORKER TIMEOUT", "Worker exiting", "was sent SIGKILL"):
        if marker in text:
            run.notes.append(f"gunicorn log mentions {marker!r}.")


def run_lighthouse(store: servers.Server, rows: list[PageRow], root: Path, out: list) -> None:
    why = lighthouse.missing()
    if why:
        print(f"  {why}")
        out.append(why)
        return
    for row in rows:
        if row.name in ("home", "product") and not row.skipped:
            print(f"  Lighthouse 12 (mobile) on {row.name} ...", flush=True)
            result = lighthouse.run(row.name, store.base_url + row.path, root)
            out.append(result)
            if result.error:
                print(f"    error: {result.error[:300]}")
            print(
                f"    performance {result.performance}, accessibility {result.accessibility}; "
                + ", ".join(f"{k} {v}" for k, v in result.metrics.items())
            )


# --- the whole run ------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args(argv)
    started_at, started = datetime.now(), time.monotonic()
    # Ctrl-C raises KeyboardInterrupt even when started from a shell that ignores SIGINT in
    # background jobs; SIGTERM and SIGHUP take the same way out through the `finally`s.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    wrk = load.ensure_wrk()
    info = report.machine()
    load_start = report.load_average()
    print(
        f"Machine: {info['nproc']} CPUs, {info['cpu']}; load average {load_start}; "
        f"Python {info['python']}, gunicorn {info['gunicorn']}"
    )
    flags = servers.production_flags(args.workers)
    redis_url = servers.bench_redis_url()
    cache_mode = servers.cache_mode(redis_url)
    print(f"Cache: {cache_mode}")
    root = Path(tempfile.mkdtemp(prefix="sentra-bench-"))
    print(f"Work dir: {root}")
    runs: list[DatabaseRun] = []
    lighthouse_results: list = []
    dbs: list[data.BenchDatabase] = []
    failed = False
    try:
        bare_env = dict(os.environ, PYTHONUNBUFFERED="1")
        bare = servers.start("bare Flask", "bench.bare_app:app", bare_env, flags, root / "bare.log")
        print(f"Bare Flask page: {' '.join(bare.command[1:])} ({bare.base_url})")
        for kind in args.databases:
            if kind == "postgresql":
                try:
                    engine = sa.create_engine(args.pg_url)
                    with engine.connect():
                        pass
                    engine.dispose()
                except Exception as exc:
                    note = (
                        f"PostgreSQL at {args.pg_url} unreachable ({type(exc).__name__}); skipped."
                    )
                    print(note)
                    runs.append(DatabaseRun("PostgreSQL", "unreachable", {}, error=note))
                    failed = True
                    continue
            run = bench_database(kind, args, root, wrk, bare, flags, lighthouse_results, dbs,
                                 redis_url)
            runs.append(run)
            failed = failed or bool(run.error)
    except KeyboardInterrupt as exc:
        print(
            f"\nInterrupted ({str(exc) or 'Ctrl-C'}): stopping servers, dropping databases.",
            file=sys.stderr,
        )
        failed = True
        raise SystemExit(130) from None
    finally:
        servers.stop_all()
        for db in dbs:
            try:
                data.drop(db)
            except Exception as exc:  # keep cleaning up the rest
                print(f"  could not drop {db.pg_name}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"Kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    duration = time.monotonic() - started
    settings = {
        "load_start": load_start,
        "load_end": report.load_average(),
        "wrk_version": load.wrk_version(wrk),
        "Load": f"`wrk -t{load.THREADS} -c{load.CONNECTIONS} -d{args.seconds:g}s --latency "
        f"--timeout {load.TIMEOUT}` after a {args.warmup:g} s warm-up, on 127.0.0.1 (wrk shares "
        "the 2 cores with the server)",
        "Servers": f"`gunicorn {' '.join(flags)}` (from deploy/sentra.service), "
        "SENTRA_CONFIG=production, random SECRET_KEY, SESSION_COOKIE_SECURE=0, API_RATE_LIMIT very high (one client)",
        "Cache": cache_mode,
        "Data": f"`flask demo-data` plus a generated catalogue up to {args.products:,} products "
        "(bench/catalogue.py); PostgreSQL ANALYZEd after the load, SQLite not",
    }
    lighthouse_note = ""
    if not args.lighthouse:
        lighthouse_note = "Not run this time (`make bench LIGHTHOUSE=1`)."
    elif lighthouse_results and isinstance(lighthouse_results[0], str):
        lighthouse_note, lighthouse_results = lighthouse_results[0], []
    path = report.write_results(
        runs=runs,
        info=info,
        settings=settings,
        lighthouse=lighthouse_results,
        lighthouse_note=lighthouse_note,
        duration_s=duration,
        started=started_at,
    )
    if lighthouse_results:
        print("\nLighthouse 12 (mobile):")
        for r in report.lighthouse_rows(lighthouse_results):
            print("  " + " | ".join(r))
    print(f"\nWrote {path.relative_to(data.PROJECT_ROOT)} in {duration / 60:.1f} min total.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
