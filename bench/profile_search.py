"""The search page's CPU per request, in process, on a benchmark database: where it goes.

    python -m bench.profile_search sqlite:////tmp/bench/sqlite/sentra.db INSTANCE_DIR [N]

Runs the app in production mode through Flask's test client (no server, no network), draws N
search URLs from bench/search_mix.py (Zipf), and prints the CPU milliseconds per request
(`time.process_time`: less inflated than wall time by the machine's other work) of a cached
catalogue page, of search pages once each URL was asked (the cache as a server holds it), of
search pages that are never cached, and cProfile's top functions for those (PROFILE=0: none).
The database must have been built as the benchmark builds it (bench/data.py: demo data,
generated catalogue, search index).

"Never cached" is a page asked for the first time by a process that has kept nothing of it:
no search page or result (a new index version each time) and no product card either (the cards
this process keeps, catalog/cards.py, are forgotten before each measured request, outside the
time measured), so all of its cards are rendered: the dearest case. Without forgetting them,
the warm-up and the repeated pages before it had kept nearly every card it shows, and the
figure was far kinder than a new search's; a worker that has served for a while has kept some
(about a quarter of a new search's cards under the benchmark's mix: README, "Search"), so its
new searches cost a little less than this figure.
"""

from __future__ import annotations

import cProfile
import itertools
import os
import pstats
import random
import sys
import time
from collections.abc import Callable

from bench import search_mix


def _app(url: str, instance: str, cache: str):
    os.environ.update({
        "SENTRA_CONFIG": "production", "SECRET_KEY": "profile-" + "x" * 40,
        "SESSION_COOKIE_SECURE": "0", "PUBLIC_BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": url, "INSTANCE_DIR": instance, "MEDIA_DIR": os.path.join(instance, "..", "media"),
        "MEDIA_STORAGE": "local", "CACHE_TYPE": cache, "LOG_LEVEL": "WARNING",
    })
    os.environ.pop("REDIS_URL", None)
    from marketplace import create_app

    # The settings read when marketplace.config is imported (bench.catalogue imports it before
    # this runs) are given as overrides.
    return create_app(CACHE_TYPE=cache, SEARCH_INDEX_DIR=os.path.join(instance, "search-index"),
                      MEDIA_DIR=os.path.join(instance, "..", "media"))


def _run(client, paths: list[str], before_each: Callable[[], None] | None = None) -> float:
    """CPU milliseconds per request; `before_each` runs before each one, outside the time."""
    spent = 0.0
    for path in paths:
        if before_each is not None:
            before_each()
        started = time.process_time()
        response = client.get(path, base_url="http://127.0.0.1")
        spent += time.process_time() - started
        assert response.status_code == 200, (path, response.status_code)
    return spent * 1000 / len(paths)


def _forget_cards(app) -> Callable[[], None]:
    """Forget the product cards this process kept (catalog/cards.py keeps them in
    app.extensions["sentra.cards"] and makes a new, empty store when there is none)."""
    return lambda: app.extensions.pop("sentra.cards", None)


def _bypass_search_caches() -> None:
    """Every search page and result a miss, the other caches (categories, counts) as in
    production: a new index version each time it is asked (no-op before search_cache.py)."""
    from marketplace.catalog import search

    if hasattr(search, "index_version"):
        fresh = itertools.count()
        search.index_version = lambda: f"profile-{next(fresh)}"


def main(argv: list[str]) -> int:
    url, instance = argv[0], argv[1]
    count = int(argv[2]) if len(argv) > 2 else 400
    mix = search_mix.search_paths()
    paths = [path for _, path in search_mix.draw(random.Random(1), mix, count)]
    distinct = [path for _, path in mix]
    app = _app(url, instance, "SimpleCache")
    client = app.test_client()
    _run(client, ["/products"] * 20)
    print(f"a cached catalogue page: {_run(client, ['/products'] * count):.2f} ms CPU")
    _run(client, distinct)  # every URL once: the searcher, its postings, templates
    ms = _run(client, paths)
    print(f"search pages, repeated ({count} drawn from {len(mix)} URLs after each was asked "
          f"once): {ms:.2f} ms CPU per page")
    from marketplace.catalog import search

    real = getattr(search, "index_version", None)
    _bypass_search_caches()
    forget_cards = _forget_cards(app)
    print(f"search pages, never cached (no page, result or card kept): "
          f"{_run(client, paths, forget_cards):.2f} ms CPU per page")
    if os.environ.get("PROFILE", "1") != "0":
        profile = cProfile.Profile()
        ms = 0.0
        for path in paths:  # the profiler on for the requests only, not for forgetting cards
            forget_cards()
            profile.enable()
            ms += _run(client, [path]) / len(paths)
            profile.disable()
        print(f"profiled ({ms:.2f} ms CPU per page under cProfile):")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    if real is not None:
        search.index_version = real
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
