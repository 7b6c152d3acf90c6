"""`python -m bench.search_pg` (second step of `make bench-search`): the PostgreSQL search
backend (SEARCH_BACKEND=postgresql) at 100,000 and 1,000,000 synthetic products.

For each size it creates a PostgreSQL database of its own (next to BENCH_PG_DATABASE_URL's, or
TEST_DATABASE_URL's), migrates it to head, writes shops and categories, then the products with
`COPY` (bench/search.py's catalogue: the same categories, words, Zipf vocabulary and prices),
builds the search documents with the store's own code (`catalog.search.rebuild`, what
`flask search reindex` runs), and times `catalog.search.search_products` in bench/search.py's
three query groups (broad, regional, narrow: imported, not copied) and two more: typos (one of
those queries with a letter dropped, doubled or swapped, as bench/search_mix.py makes them) and
filtered (a broad or regional query with a category, place, price band or in-stock filter, a
price or newest sort, or a later page, as the facet links ask). It reports p50/p95 per group,
wall-clock and CPU (this process's and its PostgreSQL backend's: the machine may be shared), to
bench/SEARCH_PG_RESULTS.md. A benchmark, not a test: it exits 0 whether targets are met or not.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.report import load_average, machine, markdown_table
from bench.search import (
    CATEGORY_WORDS,
    GROUPS,
    QUALIFIERS,
    SEED,
    Catalogue,
    add_categories,
    pick_queries,
    time_group,
    zipf_vocabulary,
)
from bench.search_mix import typo

PG_GROUPS = (*GROUPS, "typo", "filtered")

RESULTS = Path(__file__).resolve().parent / "SEARCH_PG_RESULTS.md"
P95_TARGET_MS = {100_000: 30.0, 1_000_000: 100.0}  # issue 18
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sentra"


def _base_url() -> sa.URL:
    url = make_url(os.environ.get("BENCH_PG_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
                   or DEFAULT_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if not url.drivername.startswith("postgresql"):
        raise SystemExit("bench.search_pg needs PostgreSQL: set BENCH_PG_DATABASE_URL")
    return url


def _database_name(base: sa.URL, size: int) -> str:
    return f"{base.database}_bench_pg_{size}"[:63]


def _fresh_database(base: sa.URL, size: int) -> sa.URL:
    name = _database_name(base, size)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name)


def _drop_database(url: sa.URL) -> None:
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def fill_with_copy(size: int, vocabulary_size: int, seed: int) -> Catalogue:
    """bench.search.fill's catalogue, the products written with COPY (inside an app context)."""
    from marketplace.catalog.models import Product, ProductStatus, Shop, ShopStatus
    from marketplace.catalog.regions import PROVINCES
    from marketplace.extensions import db

    rng = random.Random(seed)
    vocab, zipf = zipf_vocabulary(rng, vocabulary_size)

    leaves, kinds = add_categories()

    places = [(p.name, r) for p in PROVINCES for r in p.regencies]
    border = {r for p in PROVINCES for r in p.border_regencies}
    place_weights = [3 if r in border else 1 for _, r in places]
    shops_by_category: dict[str, list[int]] = {slug: [] for slug in CATEGORY_WORDS}
    shop_rows = []
    for n in range(max(20, size // 60)):
        province, regency = rng.choices(places, place_weights)[0]
        slug = rng.choices(list(CATEGORY_WORDS), [w.weight for w in CATEGORY_WORDS.values()])[0]
        kind = rng.choice(("KUB", "Sanggar", "UD", "Koperasi", "Toko"))
        shop_rows.append({"id": n + 1, "name": f"{kind} {vocab[rng.randrange(300, 2000)].title()}",
                          "slug": f"shop-{n + 1}", "story": "", "province": province, "regency": regency,
                          "status": ShopStatus.ACTIVE, "is_verified": rng.random() < 0.6})
        shops_by_category[slug].append(n + 1)
    for start in range(0, len(shop_rows), 5000):
        db.session.execute(sa.insert(Shop.__table__), shop_rows[start:start + 5000])
    for ids in shops_by_category.values():
        if not ids:
            ids.append(rng.choice(shop_rows)["id"])
    db.session.execute(sa.text("SELECT setval(pg_get_serial_sequence('shops', 'id'), (SELECT max(id) FROM shops))"))

    dialect = db.engine.dialect
    table = Product.__table__
    enum_text = {name: table.c[name].type.bind_processor(dialect) for name in ("kind", "status")}
    active = enum_text["status"](ProductStatus.ACTIVE) if enum_text["status"] else ProductStatus.ACTIVE.name
    columns = ("shop_id", "category_id", "name", "slug", "description", "materials", "kind", "status",
               "price_from_idr", "price_to_idr", "in_stock", "created_at", "updated_at", "published_at",
               "low_stock_threshold", "packaging_score", "review_count", "rating_total", "rating_sort",
               "units_sold")
    slugs, weights = list(CATEGORY_WORDS), [w.weight for w in CATEGORY_WORDS.values()]
    now = datetime(2026, 6, 1)
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY products ({', '.join(columns)}) FROM STDIN") as copy:
        for n in range(size):
            slug = rng.choices(slugs, weights)[0]
            words = CATEGORY_WORDS[slug]
            name = " ".join(filter(None, (rng.choice(words.nouns).title(), *(w.title() for w in words.core),
                                          rng.choice(QUALIFIERS), vocab[rng.randrange(200, 1500)].title())))
            text = rng.choices(vocab, cum_weights=zipf, k=rng.randrange(25, 50))
            for word in rng.sample(words.own, k=min(len(words.own), rng.randrange(3, 7))):
                text.insert(rng.randrange(len(text) + 1), word)
            text.insert(rng.randrange(len(text) + 1), rng.choice(words.nouns))
            sentences = [" ".join(text[i:i + 11]).capitalize() + "." for i in range(0, len(text), 11)]
            low, high = words.price
            price = int(rng.uniform(low, high)) // 500 * 500
            created = now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            kind = enum_text["kind"](kinds[slug]) if enum_text["kind"] else kinds[slug].name
            copy.write_row((rng.choice(shops_by_category[slug]), leaves[slug], name, f"p-{n + 1}",
                            " ".join(sentences),
                            ", ".join(rng.sample(words.materials, k=1 + (len(words.materials) > 1))),
                            kind, active, price, price, rng.random() < 0.88, created, created, created,
                            3, 0, 0, 0, 0, 0))
    db.session.commit()
    db.session.execute(sa.text("ANALYZE products"))
    db.session.commit()
    return Catalogue(vocab, sorted({row["regency"] for row in shop_rows}),
                     {"shops": len(shop_rows), "products": size})


def more_queries(rng: random.Random, chosen: dict[str, list], count: int, categories: list[int],
                 regencies: list[str]) -> None:
    """The typo and filtered groups, from the queries of the other groups. A filtered query is
    (words, SearchFilters, sort, page)."""
    from marketplace.catalog.regions import PROVINCES
    from marketplace.catalog.search import PRICE_BANDS, SearchFilters, SearchSort

    province_of = {r: p.name for p in PROVINCES for r in p.regencies}
    chosen["typo"] = [typo(rng, rng.choice(chosen[rng.choice(GROUPS)])) for _ in range(count)]
    chosen["filtered"] = []
    for _ in range(count):
        words = rng.choice(chosen[rng.choice(("broad", "broad", "regional"))])
        filters, sort, page = SearchFilters(), SearchSort.RELEVANCE, 1
        kind = rng.randrange(6)
        if kind == 0:
            filters = SearchFilters(category_id=rng.choice(categories))
        elif kind == 1:
            regency = rng.choice(regencies)
            filters = SearchFilters(province=province_of.get(regency),
                                    regency=regency if rng.random() < 0.5 else None)
        elif kind == 2:
            filters = SearchFilters(price_band=rng.choice(PRICE_BANDS).key)
        elif kind == 3:
            filters = SearchFilters(in_stock=True)
        elif kind == 4:
            sort = rng.choice((SearchSort.PRICE_ASC, SearchSort.PRICE_DESC, SearchSort.NEWEST))
        else:
            page = rng.randrange(2, 5)
        chosen["filtered"].append((words, filters, sort, page))


def _backend_cpu(pid: int):
    """Seconds of CPU of this process and of the PostgreSQL backend serving it (same machine:
    /proc/PID/schedstat's first field, in nanoseconds)."""
    path = Path(f"/proc/{pid}/schedstat")

    def clock() -> float:
        try:
            backend = int(path.read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            backend = 0.0
        return time.process_time() + backend
    return clock


def kept_catalogue(size: int, vocabulary_size: int, seed: int) -> Catalogue:
    """The catalogue fill_with_copy wrote into a database kept by an earlier run (--reuse):
    its vocabulary drawn again from the same seed, its regencies read from its shops."""
    from marketplace.catalog.models import Product, Shop
    from marketplace.extensions import db

    vocab, _ = zipf_vocabulary(random.Random(seed), vocabulary_size)
    regencies = sorted(db.session.scalars(sa.select(Shop.regency).distinct()))
    return Catalogue(vocab, regencies, {"shops": db.session.scalar(sa.select(sa.func.count(Shop.id))),
                                        "products": db.session.scalar(sa.select(sa.func.count(Product.id)))})


def run_one(base: sa.URL, size: int, stemmer: str, queries: int, warmup: int, vocabulary_size: int,
            keep: bool, reuse: bool = False) -> dict:
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.catalog import search
    from marketplace.catalog.models import Category
    from marketplace.config import PROJECT_ROOT
    from marketplace.extensions import db

    url = base.set(database=_database_name(base, size)) if reuse else _fresh_database(base, size)
    keep = keep or reuse
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url.render_as_string(hide_password=False),
                         SEARCH_BACKEND="postgresql", SEARCH_STEMMER=stemmer)
        with app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
            started = time.perf_counter()
            if reuse:
                print(f"  {size:,} products, {stemmer}: the products kept in {url.database}", flush=True)
                catalogue = kept_catalogue(size, vocabulary_size, SEED + size)
                fill_s = None
                # Emptied first, as in a new database (rebuild's DELETE would leave the old
                # rows as dead ones, doubling the table a search reads).
                db.session.execute(sa.text("TRUNCATE search_pg_documents, search_pg_terms"))
                db.session.commit()
            else:
                print(f"  {size:,} products, {stemmer}: COPY into products", flush=True)
                catalogue = fill_with_copy(size, vocabulary_size, SEED + size)
                fill_s = time.perf_counter() - started
            print(f"    {fill_s or 0:.1f} s; building the documents (catalog.search.rebuild)", flush=True)
            started = time.perf_counter()
            assert search.rebuild() == size
            build_s = time.perf_counter() - started
            mb = db.session.scalar(sa.text(
                "SELECT (pg_total_relation_size('search_pg_documents') "
                "+ pg_total_relation_size('search_pg_terms')) / 1048576.0"))
            db.session.commit()
            print(f"    {build_s:.1f} s, {mb:,.0f} MB; picking and warming up queries", flush=True)

            def run_search(query):
                plain = (query, search.SearchFilters(), search.SearchSort.RELEVANCE, 1)
                words, filters, sort, page = query if isinstance(query, tuple) else plain
                result = search.search_products(words, filters, sort, page=page, per_page=24)
                db.session.commit()  # a request's end: the transaction does not linger
                return result

            rng = random.Random(SEED)
            chosen = pick_queries(rng, catalogue, queries + warmup, run_search)
            categories = list(db.session.scalars(sa.select(Category.id).order_by(Category.id)))
            more_queries(rng, chosen, queries + warmup, categories, catalogue.regencies)
            for group in PG_GROUPS:
                for query in chosen[group][:warmup]:
                    run_search(query)
            cpu_clock = _backend_cpu(db.session.scalar(sa.text("SELECT pg_backend_pid()")))
            db.session.commit()
            groups = []
            for group in PG_GROUPS:
                result = time_group(group, chosen[group][warmup:], run_search, cpu_clock=cpu_clock)
                groups.append(result)
                cpu50, cpu95 = result.percentile(50, cpu=True), result.percentile(95, cpu=True)
                print(f"    {group:9} p50 {result.percentile(50):6.1f} ms  p95 {result.percentile(95):6.1f} ms"
                      f"  (CPU p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms; {len(result.times_ms)} queries,"
                      f" median {statistics.median(result.hits):,.0f} hits)", flush=True)
            db.session.remove()
            db.engine.dispose()
        return {"size": size, "stemmer": stemmer, "fill_s": fill_s, "build_s": build_s, "mb": mb,
                "groups": groups}
    finally:
        if not keep:
            _drop_database(url)


HEADERS = ("products", "stemmer", "COPY products", "build documents", "tables", "group", "queries",
           "median hits", "p50", "p95", "target p95", "CPU p50 / p95")


def rows(runs: list[dict]) -> list[tuple[str, ...]]:
    out = []
    for run in runs:
        target = P95_TARGET_MS.get(run["size"])
        for i, group in enumerate(run["groups"]):
            p95 = group.percentile(95)
            mark = "" if target is None else (" ✓" if p95 < target else " ✗")
            out.append((
                f"{run['size']:,}" if i == 0 else "", run["stemmer"] if i == 0 else "",
                ("kept" if run["fill_s"] is None else f"{run['fill_s']:.0f} s") if i == 0 else "",
                f"{run['build_s']:.0f} s" if i == 0 else "",
                f"{run['mb']:,.0f} MB" if i == 0 else "", group.group, str(len(group.times_ms)),
                f"{statistics.median(group.hits):,.0f}", f"{group.percentile(50):.1f} ms",
                f"{p95:.1f} ms{mark}", f"{target:.0f} ms" if target else "",
                f"{group.percentile(50, cpu=True):.1f} / {group.percentile(95, cpu=True):.1f} ms",
            ))
    return out


def write_results(runs: list[dict], args: argparse.Namespace, load_before: str, load_after: str) -> None:
    info = machine()
    text = f"""# PostgreSQL search benchmark

`python -m bench.search_pg` (the second step of `make bench-search`): synthetic catalogues
(bench/search.py's) written with `COPY` into a PostgreSQL database of their own, the search
documents built with the store's own code (`catalog.search.rebuild` with
SEARCH_BACKEND=postgresql, as `flask search reindex`), then `catalog.search.search_products`
timed in five query groups (bench/search.py's broad, regional and narrow, and typos and
filtered ones: see bench/search_pg.py) with facets, 24 results and snippets, one query at a time.

- Date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}
- Machine: {info['nproc']} CPUs (`nproc`), {info['cpu']}, {info['memory']} RAM; {info['os']};
  Python {info['python']}; load average {load_before} before, {load_after} after (the machine
  is shared: other processes ran at the same time)
- Run: `python -m bench.search_pg{''.join(' ' + arg for arg in sys.argv[1:])}`: {args.queries} timed
  queries per group after {args.warmup} warm-up ones; vocabulary of {args.vocabulary:,} words
- Targets (issue 18): p95 < 30 ms at 100,000 and < 100 ms at 1,000,000 in every group. ✓ met, ✗ not met.

{markdown_table(HEADERS, rows(runs))}

`tables` is the size of search_pg_documents and search_pg_terms with their indexes. Latencies
are wall-clock per call, PostgreSQL on the same machine. `CPU` is the CPU time of the same
calls, the benchmark's process and its PostgreSQL backend together, which waiting for a core
on a shared machine does not inflate (on an idle machine wall ≈ CPU).
"""
    RESULTS.write_text(text)
    print(f"wrote {RESULTS}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search_pg", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--stemmer", default="snowball")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per group")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--vocabulary", type=int, default=4000)
    parser.add_argument("--keep", action="store_true", help="keep the databases (to look at plans)")
    parser.add_argument("--reuse", action="store_true",
                        help="the products of databases kept by an earlier --keep run (same sizes, "
                             "--vocabulary): migrated to head, documents built again, timed; kept")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    base = _base_url()
    load_before = load_average()
    runs = [run_one(base, size, args.stemmer, args.queries, args.warmup, args.vocabulary, args.keep,
                    args.reuse) for size in args.sizes]
    write_results(runs, args, load_before, load_average())
    return 0


if __name__ == "__main__":
    sys.exit(main())
