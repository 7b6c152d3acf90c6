"""The search page's CPU per request, in process, on a benchmark database: where it goes.

    python -m bench.profile_search sqlite:////tmp/bench/sqlite/sentra.db INSTANCE_DIR [N]

Runs the app in production mode through Flask's test client (no server, no network), draws N
search URLs from bench/search_mix.py (Zipf), and prints the CPU milliseconds per request
(`time.process_time`: what the machine's other work does not inflate) with the page cache off
and then on, and cProfile's top functions for the uncached run. The database must have been
built as the benchmark builds it (bench/data.py: demo data, generated catalogue, search index).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import sys
import time

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

    return create_app()


def _run(client, paths: list[str]) -> float:
    started = time.process_time()
    for path in paths:
        response = client.get(path, base_url="http://127.0.0.1")
        assert response.status_code == 200, (path, response.status_code)
    return (time.process_time() - started) * 1000 / len(paths)


def main(argv: list[str]) -> int:
    url, instance = argv[0], argv[1]
    count = int(argv[2]) if len(argv) > 2 else 400
    mix = search_mix.search_paths()
    paths = [path for _, path in search_mix.draw(random.Random(1), mix, count)]
    distinct = [path for _, path in mix]
    for cache in ("NullCache", "SimpleCache"):
        app = _app(url, instance, cache)
        client = app.test_client()
        _run(client, distinct[:60])  # warm: searcher, postings, templates, category cache
        if cache == "NullCache":
            profile = cProfile.Profile()
            profile.enable()
            ms = _run(client, paths)
            profile.disable()
            print(f"uncached: {ms:.2f} ms CPU per search page ({count} drawn from {len(mix)} URLs)")
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(45)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        else:
            _run(client, paths)  # fill
            ms = _run(client, paths)
            print(f"cached (repeat of the same draws): {ms:.2f} ms CPU per search page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
