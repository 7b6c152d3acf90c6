"""`python -m bench.search` (`make bench-search`): search latency and index build time on
synthetic catalogues of 20,000 and 100,000 products.

For each size and stemmer it fills a fresh SQLite database (in a temp dir) with shops in the
regencies of `catalog/regions.py` and products in the store's categories, builds the index with
the store's own code (`catalog.search.rebuild`, what `flask search reindex` runs: the real
schema, analyzer and stemmer), then times `catalog.search.search_products` — words, facets,
24 results, snippets, as `/search` asks it — in three groups of queries:

* broad: two words of one category ("tenun ikat", "kopi arabika"): thousands of hits;
* regional: a product word and a regency ("madu Kapuas Hulu");
* narrow: three words, about a hundred hits (a category word and two less common words).

The text is realistic enough for the index to have the shape of a real one: descriptions draw
from a Zipf-distributed vocabulary of a few thousand words (Indonesian stop words and common
words first, then made-up roots with Indonesian affixes, so that stemmers have work), and each
category has its own words in names, descriptions and materials. It is a benchmark, not a test:
it prints the figures, writes bench/SEARCH_RESULTS.md and exits 0 whether targets are met or not.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

import sqlalchemy as sa

from bench.report import load_average, machine, markdown_table

RESULTS = Path(__file__).resolve().parent / "SEARCH_RESULTS.md"
SEED = 6_2026
GROUPS = ("broad", "regional", "narrow")
# The targets on this machine: p95 per group at each size, and the rebuild of 100,000.
P95_TARGET_MS = {20_000: 30.0, 100_000: 100.0}
BUILD_TARGET_S = {100_000: 120.0}
NARROW_HITS = (40, 250)  # "about a hundred"

# --- the words -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """One category's own words: `core` is in every product name (so two of them find the
    whole category), `nouns` name the thing, `own` turn up in most descriptions."""

    core: tuple[str, ...]
    nouns: tuple[str, ...]
    own: tuple[str, ...]
    materials: tuple[str, ...]
    weight: int  # how common the category is in the catalogue
    price: tuple[int, int]


def _w(core, nouns, own, materials, weight, price):
    return Words(tuple(core.split()), tuple(nouns.split()), tuple(own.split()),
                 tuple(materials.split(", ")), weight, price)


CATEGORY_WORDS: dict[str, Words] = {
    "tenun-ikat": _w("tenun ikat", "sarung selendang selimut kain", "motif lungsin benang pewarna "
                     "alami mengkudu tarum ditenun penenun", "benang katun, pewarna alam, benang pintal",
                     14, (250_000, 3_500_000)),
    "tenun-buna-sotis": _w("tenun buna", "selendang sarung kain", "sotis motif benang songkit "
                           "ditenun penenun timor", "benang katun, benang sutra", 6, (300_000, 2_800_000)),
    "songket": _w("songket", "kain selendang sarung", "benang emas perak motif pucuk rebung "
                  "ditenun melayu", "benang emas, benang sutra", 6, (450_000, 4_500_000)),
    "produk-tenun": _w("tenun", "tas dompet topi syal bantal", "jahitan ritsleting kain motif "
                       "praktis hadiah", "kain tenun, kulit sintetis", 8, (75_000, 450_000)),
    "anyaman-rotan": _w("anyaman", "keranjang tikar bakul tudung tas", "rotan pandan purun bambu "
                        "dianyam pengrajin kuat", "rotan, pandan, bambu", 7, (45_000, 600_000)),
    "manik-manik": _w("manik", "kalung gelang tas ikat", "dayak warna manik-manik dirangkai "
                      "pengrajin motif", "manik kaca, benang nilon", 5, (35_000, 750_000)),
    "noken": _w("noken", "tas noken", "papua kulit kayu anggrek serat genemo dirajut mama",
                "serat kayu, anggrek hutan", 3, (150_000, 1_500_000)),
    "kopi": _w("kopi", "arabika robusta liberika bubuk biji", "sangrai roasting aroma seduh "
               "petani kebun gunung", "biji kopi", 10, (35_000, 120_000)),
    "madu": _w("madu", "hutan kelulut lebah klanceng", "murni alami panen sarang tanpa campuran "
               "botol", "madu murni", 8, (60_000, 180_000)),
    "kerupuk-camilan": _w("kerupuk", "ikan udang amplang keripik", "renyah gurih goreng camilan "
                          "oleh-oleh kemasan", "tepung tapioka, ikan tenggiri", 6, (15_000, 60_000)),
    "sambal-bumbu": _w("sambal", "terasi bawang cumi bumbu", "pedas cabai rawit ulek botol "
                       "masakan", "cabai, bawang merah, garam", 4, (20_000, 75_000)),
    "gula-aren-lontar": _w("gula", "aren lontar semut cetak", "nira manis alami batok sadap "
                           "tradisional", "nira aren", 3, (20_000, 90_000)),
    "kue-manisan": _w("kue", "lempok dodol manisan bolu", "durian manis legit oleh-oleh "
                      "kemasan", "gula, tepung beras, durian", 3, (20_000, 80_000)),
    "teh-herbal": _w("teh", "kelor jahe serai herbal", "seduh daun kering celup sehat "
                     "aroma", "daun kelor, jahe", 2, (25_000, 90_000)),
    "beras-sagu": _w("beras", "merah hitam sagu ladang", "organik panen ladang pulen "
                     "karung", "beras lokal", 3, (30_000, 150_000)),
    "rempah-kacang": _w("rempah", "lada kemiri kenari pala", "kering butir aroma pedas "
                        "kebun", "lada, kemiri", 3, (25_000, 200_000)),
    "buah-segar": _w("buah", "jeruk durian nanas pisang", "segar manis petik kebun "
                     "kiriman", "buah segar", 2, (30_000, 250_000)),
    "ikan-kering": _w("ikan", "teri cumi asin salai", "kering laut nelayan jemur "
                      "asap", "ikan laut, garam", 4, (30_000, 200_000)),
    "garam": _w("garam", "krosok halus laut bambu", "kristal petani tambak alami "
                "yodium", "garam laut", 2, (15_000, 60_000)),
}

COMMON_WORDS = """yang dan di dengan untuk ini dari dalam itu ke pada juga tidak akan oleh kami
    asli buatan tangan kualitas terbaik produk khas daerah perbatasan warna cocok ukuran
    dibuat usaha kecil keluarga harga pesanan kirim dikirim awet bahan pilihan baru hasil lokal
    tahan lama bagus rapi setiap dijual langsung dari desa mama bapak generasi tradisi adat
    acara hadiah pernikahan upacara koleksi pilih stok tersedia minggu hari proses halus kasar
    rumah pasar kota pulau sungai gunung hutan laut tanah air musim""".split()

CONSONANTS = "bcdgjklmnprstw"
VOWELS = "aiueo"
PREFIXES = ("me", "di", "ber", "pe", "ter", "ke")
SUFFIXES = ("an", "kan", "nya", "i")
QUALIFIERS = ("Asli", "Khas", "Pilihan", "Premium", "Tradisional", "Motif", "Istimewa", "")


def vocabulary(rng: random.Random, size: int, taken: set[str]) -> list[str]:
    """Common words first, then made-up roots and their affixed forms, in Zipf rank order."""
    words = list(dict.fromkeys(COMMON_WORDS))
    roots: list[str] = []
    seen = set(words) | taken
    while len(words) < size:
        if roots and rng.random() < 0.35:  # an affixed form of a root already in use
            root = rng.choice(roots)
            word = rng.choice(("", *PREFIXES)) + root + rng.choice(SUFFIXES)
        else:
            word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.choice((2, 2, 3))))
            if rng.random() < 0.3:
                word += rng.choice("nkrlhs")
            roots.append(word)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_vocabulary(rng: random.Random, size: int) -> tuple[list[str], list[float]]:
    """The description words (none of a category's own) and their cumulative Zipf weights."""
    taken = {w for words in CATEGORY_WORDS.values() for w in (*words.core, *words.nouns, *words.own)}
    vocab = vocabulary(rng, size, taken)
    return vocab, list(accumulate(1 / rank for rank in range(1, len(vocab) + 1)))


# --- the catalogue ---------------------------------------------------------------------------


@dataclass
class Catalogue:
    words: list[str]
    regencies: list[str]  # regencies with shops, for the regional queries
    counts: dict[str, int] = field(default_factory=dict)


def add_categories() -> tuple[dict[str, int], dict]:
    """The store's categories (inside an app context): the id of each leaf category by slug
    (a top category without children is its own leaf), and the product kind of each slug."""
    from marketplace.catalog.models import Category
    from marketplace.dev.demo.content import CATEGORIES
    from marketplace.extensions import db

    leaves: dict[str, int] = {}
    for position, spec in enumerate(CATEGORIES):
        parent = Category(slug=spec.slug, name_id=spec.name_id, name_en=spec.name_en,
                          position=position, default_kind=spec.kind)
        db.session.add(parent)
        db.session.flush()
        for child in spec.children or (spec,):
            if child is spec:
                leaves[spec.slug] = parent.id
                continue
            row = Category(slug=child.slug, name_id=child.name_id, name_en=child.name_en,
                           position=0, default_kind=child.kind, parent_id=parent.id)
            db.session.add(row)
            db.session.flush()
            leaves[child.slug] = row.id
    kinds = {spec.slug: spec.kind for top in CATEGORIES for spec in (top, *top.children)}
    return leaves, kinds


def fill(size: int, vocabulary_size: int, seed: int) -> Catalogue:
    """Categories, shops and `size` active products, inserted in bulk (inside an app context)."""
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
        name = f"{kind} {vocab[rng.randrange(300, 2000)].title()}"
        shop_rows.append({"id": n + 1, "name": name, "slug": f"shop-{n + 1}", "story": "",
                          "province": province,
                          "regency": regency, "status": ShopStatus.ACTIVE, "is_verified": rng.random() < 0.6})
        shops_by_category[slug].append(n + 1)
    db.session.execute(sa.insert(Shop.__table__), shop_rows)
    for slug, ids in shops_by_category.items():  # every category sold somewhere
        if not ids:
            ids.append(rng.choice(shop_rows)["id"])

    slugs, weights = list(CATEGORY_WORDS), [w.weight for w in CATEGORY_WORDS.values()]
    now = datetime(2026, 6, 1)
    batch = []
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
        batch.append({
            "shop_id": rng.choice(shops_by_category[slug]), "category_id": leaves[slug],
            "name": name, "slug": f"p-{n + 1}", "description": " ".join(sentences),
            "materials": ", ".join(rng.sample(words.materials, k=1 + (len(words.materials) > 1))),
            "kind": kinds[slug], "status": ProductStatus.ACTIVE, "price_from_idr": price,
            "price_to_idr": price, "in_stock": rng.random() < 0.88,
            "created_at": now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
        })
        if len(batch) == 5_000:
            db.session.execute(sa.insert(Product.__table__), batch)
            batch = []
    if batch:
        db.session.execute(sa.insert(Product.__table__), batch)
    db.session.commit()
    return Catalogue(vocab, sorted({row["regency"] for row in shop_rows}),
                     {"shops": len(shop_rows), "products": size})


# --- the queries -----------------------------------------------------------------------------


def broad_query(rng: random.Random, catalogue: Catalogue) -> str:
    slug = _category(rng)
    words = CATEGORY_WORDS[slug]
    first = rng.choice(words.core)
    second = rng.choice([w for w in (*words.core, *words.own[:4]) if w != first])
    return f"{first} {second}"


def regional_query(rng: random.Random, catalogue: Catalogue) -> str:
    words = CATEGORY_WORDS[_category(rng)]
    return f"{rng.choice((*words.core, *words.nouns))} {rng.choice(catalogue.regencies)}"


def narrow_query(rng: random.Random, catalogue: Catalogue, ranks: tuple[int, int]) -> str:
    words = CATEGORY_WORDS[_category(rng)]
    low, high = ranks
    first, second = rng.sample(catalogue.words[low:high], 2)
    return f"{rng.choice(words.core)} {first} {second}"


def _category(rng: random.Random) -> str:
    return rng.choices(list(CATEGORY_WORDS), [w.weight for w in CATEGORY_WORDS.values()])[0]


@dataclass
class GroupResult:
    group: str
    times_ms: list[float]  # wall clock
    cpu_ms: list[float]  # this process's CPU time: what the machine's other work does not inflate
    hits: list[int]

    def percentile(self, q: int, cpu: bool = False) -> float:
        return statistics.quantiles(self.cpu_ms if cpu else self.times_ms, n=100, method="inclusive")[q - 1]


def pick_queries(rng: random.Random, catalogue: Catalogue, count: int, search) -> dict[str, list[str]]:
    """`count` queries per group. Narrow ones are kept only when they find about a hundred
    products: the window of word ranks moves until they do (these searches warm up, too)."""
    chosen = {
        "broad": [broad_query(rng, catalogue) for _ in range(count)],
        "regional": [regional_query(rng, catalogue) for _ in range(count)],
        "narrow": [],
    }
    start, tries = 60, 0
    while len(chosen["narrow"]) < count and tries < count * 30:
        tries += 1
        query = narrow_query(rng, catalogue, (start, start + 60))
        hits = search(query).total
        if hits < NARROW_HITS[0]:
            start = max(20, start - 3)
        elif hits > NARROW_HITS[1]:
            start = min(len(catalogue.words) - 61, start + 3)
        else:
            chosen["narrow"].append(query)
    return chosen


def time_group(group: str, queries: list, search, before=None,
               cpu_clock=time.process_time) -> GroupResult:
    """`cpu_clock`: seconds of CPU the search may spend (this process's, by default)."""
    times, cpu, hits = [], [], []
    for query in queries:
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), cpu_clock()
        result = search(query)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((cpu_clock() - started_cpu) * 1000)
        hits.append(result.total)
    return GroupResult(group, times, cpu, hits)


# --- one run ---------------------------------------------------------------------------------


@dataclass
class Run:
    size: int
    stemmer: str
    fill_s: float
    build_s: float
    build_cpu_s: float
    index_mb: float
    groups: list[GroupResult]
    cold: list[GroupResult]  # the same queries, every term read from disk
    open_ms: float  # opening the searcher and reading its columns, as a new worker does
    edit_ms: float  # the first search's extra wait after a product edit (reopening the searcher)


def _index_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def _clear_word_caches() -> None:
    """A rebuild runs in a fresh process (`flask search reindex`): no stem is memoised yet."""
    from marketplace.catalog.search import snippets, stemming

    for cached in (stemming.snowball_indonesian, stemming.sastrawi_indonesian, stemming.english,
                   snippets._terms_of):
        cached.cache_clear()


def run_one(size: int, stemmer: str, queries: int, warmup: int, vocabulary_size: int) -> Run:
    from marketplace import create_app
    from marketplace.catalog import search
    from marketplace.catalog.search import store
    from marketplace.extensions import db

    with tempfile.TemporaryDirectory(prefix="sentra-search-bench-") as tmp:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db",
                         SEARCH_INDEX_DIR=f"{tmp}/index", SEARCH_STEMMER=stemmer,
                         MEDIA_DIR=f"{tmp}/media")
        with app.app_context():
            db.create_all()
            print(f"  {size:,} products, {stemmer}: filling the database", flush=True)
            started = time.perf_counter()
            catalogue = fill(size, vocabulary_size, SEED + size)
            fill_s = time.perf_counter() - started
            _clear_word_caches()
            gc.collect()
            print(f"    {fill_s:.1f} s; building the index (catalog.search.rebuild)", flush=True)
            started, started_cpu = time.perf_counter(), time.process_time()
            indexed = search.rebuild()
            build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu
            assert indexed == size, (indexed, size)
            print(f"    {build_s:.1f} s ({build_cpu_s:.1f} s CPU); picking and warming up queries",
                  flush=True)

            def run_search(query: str):
                return search.search_products(query, search.SearchFilters(), search.SearchSort.RELEVANCE,
                                              page=1, per_page=24)

            rng = random.Random(SEED)
            chosen = pick_queries(rng, catalogue, queries + warmup, run_search)
            for group in GROUPS:  # warm-up: the first queries of each group, not measured
                for query in chosen[group][:warmup]:
                    run_search(query)
            results, cold = [], []
            forget = lambda: store.live_searcher().postings.forget()  # noqa: E731
            for group in GROUPS:
                result = time_group(group, chosen[group][warmup:], run_search)
                results.append(result)
                cold.append(time_group(group, chosen[group][warmup:], run_search, before=forget))
                uncached = cold[-1]
                print(f"    {group:9} p50 {result.percentile(50):6.1f} ms"
                      f"  p95 {result.percentile(95):6.1f} ms"
                      f"  (CPU p95 {result.percentile(95, cpu=True):.1f} ms; no cached postings:"
                      f" p95 {uncached.percentile(95):.1f} ms,"
                      f" CPU {uncached.percentile(95, cpu=True):.1f} ms)"
                      f"  ({len(result.times_ms)} queries,"
                      f" median {statistics.median(result.hits):,.0f} hits)", flush=True)
            opening = []
            for _ in range(5):
                store.forget_searcher()
                started = time.perf_counter()
                store.live_searcher()
                opening.append((time.perf_counter() - started) * 1000)
            open_ms = statistics.median(opening)
            reopening = []
            for product_id in range(1, 6):  # an edit: queued, applied after commit, then searched
                search.index_products([product_id])
                db.session.commit()
                search.apply_pending()
                started = time.perf_counter()
                store.live_searcher()
                reopening.append((time.perf_counter() - started) * 1000)
            edit_ms = statistics.median(reopening)
            print(f"    opening the searcher: {open_ms:.0f} ms; reopening it after an edit: {edit_ms:.0f} ms",
                  flush=True)
            index_mb = _index_mb(Path(tmp) / "index")
            db.session.remove()
            db.engine.dispose()
    return Run(size, stemmer, fill_s, build_s, build_cpu_s, index_mb, results, cold, open_ms, edit_ms)


# --- the report ------------------------------------------------------------------------------


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def rows(runs: list[Run]) -> list[tuple[str, ...]]:
    out = []
    for run in runs:
        target = P95_TARGET_MS.get(run.size)
        build_target = BUILD_TARGET_S.get(run.size)
        build = (f"{run.build_s:.0f} s" + _mark(run.build_s < build_target if build_target else None)
                 + f" ({run.build_cpu_s:.0f} s CPU)")
        for group, cold in zip(run.groups, run.cold):
            p95 = group.percentile(95)
            out.append((
                f"{run.size:,}", run.stemmer, build, f"{run.index_mb:.0f} MB",
                f"{run.open_ms:.0f} / {run.edit_ms:.0f} ms", group.group,
                str(len(group.times_ms)), f"{statistics.median(group.hits):,.0f}",
                f"{group.percentile(50):.1f}", f"{p95:.1f}" + _mark(p95 < target if target else None),
                f"{max(group.times_ms):.1f}",
                f"{group.percentile(50, cpu=True):.1f} / {group.percentile(95, cpu=True):.1f}",
                f"{cold.percentile(50):.1f} / {cold.percentile(95):.1f}",
            ))
    return out


HEADERS = ("products", "stemmer", "build", "index", "open / after edit", "group", "queries", "median hits",
           "p50 ms", "p95 ms", "max ms", "CPU p50 / p95 ms", "uncached p50 / p95 ms")


def write_results(runs: list[Run], args: argparse.Namespace, load_before: str, load_after: str) -> None:
    info = machine()
    targets = ", ".join(f"p95 < {ms:.0f} ms at {size:,}" for size, ms in P95_TARGET_MS.items())
    text = f"""# Search benchmark

`make bench-search` (`.venv/bin/python -m bench.search`): synthetic catalogues indexed with the
store's own code (`catalog.search.rebuild`, as `flask search reindex`), then
`catalog.search.search_products` timed with facets, 24 results and snippets, warm searcher,
one query at a time. See `bench/search.py` for how the catalogue and the queries are made.

- Date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}
- Machine: {info['nproc']} CPUs (`nproc`), {info['cpu']}, {info['memory']} RAM; {info['os']};
  Python {info['python']}; load average {load_before} before, {load_after} after (the machine
  is shared: other processes ran at the same time)
- Run: `python -m bench.search{''.join(' ' + arg for arg in sys.argv[1:])}`: {args.queries} timed
  queries per group after {args.warmup} warm-up ones; vocabulary of {args.vocabulary:,} words
- Targets (issue 6): {targets}; rebuild of 100,000 < 2 min. ✓ met, ✗ not met.

{markdown_table(HEADERS, rows(runs))}

`build` is the whole rebuild: reading the products from SQLite, analysing and writing the
index, swapping it in. `median hits` is how many products a group's queries find. Latencies are
wall-clock per call; the CPU columns are the process's own CPU time for the same calls, which
the other work on a shared machine does not inflate (on an idle machine wall ≈ CPU).
`open` is the time to open the searcher and read its columns (a new worker's first search);
`after edit`, the first search's extra wait once a product was edited (the searcher reopened:
only the new segment is read). `uncached` repeats the same queries with the searcher's cache of
posting lists emptied before each one (every term read from disk), as the first searches after an index change run.
"""
    RESULTS.write_text(text)
    print(f"wrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000", help="comma-separated catalogue sizes")
    parser.add_argument("--stemmers", default="snowball,sastrawi", help="comma-separated: snowball, sastrawi")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per group (default 200)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up queries per group (default 30)")
    parser.add_argument("--vocabulary", type=int, default=4000, help="words in the Zipf vocabulary")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    stemmers = [s.strip() for s in args.stemmers.split(",") if s.strip()]
    load_before = load_average()
    runs = [run_one(size, stemmer, args.queries, args.warmup, args.vocabulary)
            for size in sizes for stemmer in stemmers]
    print()
    print(markdown_table(HEADERS, rows(runs)))
    if not args.no_write:
        write_results(runs, args, load_before, load_average())
    return 0


if __name__ == "__main__":
    sys.exit(main())
