"""Reproduce the worker crash under concurrent rendering (README, "A worker crash ...").

Eight threads of one process render uncached catalogue pages (CACHE_TYPE=NullCache) through
Flask's test client, as gunicorn's gthread worker does. Build a benchmark database once
(bench/data.py, SQLite, about a minute for 20,000 products), then run against it:

    python -m tools.segv_repro build /tmp/segv-db 20000     # prints the environment to use
    env $(cat /tmp/segv-db/env) python -m tools.segv_repro [requests [threads]]

Exit status 0 when every request was answered; a crash ends the process with SIGSEGV
(status 139 from a shell), faulthandler printing every thread's Python stack. On this machine
(2 busy cores) 800 requests take 25-80 s; Python 3.11.7 crashed 6 runs of 29, Python 3.12.1
0 of 26 (README, "A worker crash under concurrent rendering"); `ulimit -c unlimited`
keeps a core for gdb. SEGV_SWITCH_INTERVAL and SEGV_GC_THRESHOLD change the interpreter's
thread switch interval and the collector's threshold (0: no collections) for experiments.
"""
from __future__ import annotations

import faulthandler
import logging
import os
import random
import sys
import threading
import time

faulthandler.enable()

PATHS = [
    "/products", "/products?page={n}", "/products?sort=price_asc&page={n}",
    "/products?sort=price_desc&page={n}", "/products?in_stock=1&page={n}",
    "/products?q=tenun&page={n}", "/products?q=kopi", "/products?min_price=50000&max_price=900000",
    "/products?sort=rating&page={n}", "/products?sort=packaging&page={n}",
    "/products?well_packaged=1&page={n}", "/products?lang=id&page={n}", "/products?lang=en&page={n}",
]


def build(directory: str, products: int) -> None:
    """A SQLite benchmark database under `directory`, and its environment in `directory/env`."""
    from pathlib import Path

    from bench import data

    db = data.create_sqlite(Path(directory))
    data.fill(db, products)
    env = db.env()
    names = ("SENTRA_CONFIG", "SECRET_KEY", "SESSION_COOKIE_SECURE", "PUBLIC_BASE_URL",
             "DATABASE_URL", "INSTANCE_DIR", "MEDIA_DIR", "MEDIA_STORAGE",
             "PROMETHEUS_MULTIPROC_DIR")
    text = " ".join(f"{name}={env[name]}" for name in names)
    (Path(directory) / "env").write_text(text + "\n")
    print(text)


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        build(argv[1], int(argv[2]) if len(argv) > 2 else 20_000)
        return 0
    logging.disable(logging.WARNING)
    if os.environ.get("SEGV_SWITCH_INTERVAL"):  # more thread switches: a race shows sooner
        sys.setswitchinterval(float(os.environ["SEGV_SWITCH_INTERVAL"]))
    if os.environ.get("SEGV_GC_THRESHOLD"):  # collections more often (0: none at all)
        import gc

        threshold = int(os.environ["SEGV_GC_THRESHOLD"])
        gc.set_threshold(threshold) if threshold else gc.disable()
    total = int(argv[0]) if argv else 800
    threads = int(argv[1]) if len(argv) > 1 else 8
    from marketplace import create_app

    app = create_app(CACHE_TYPE="NullCache", CACHE_VERSION_TTL=0)
    base_url = app.config.get("PUBLIC_BASE_URL") or "http://localhost"
    client = app.test_client(use_cookies=False)
    assert client.get("/products", base_url=base_url).status_code == 200
    counter = iter(range(total))
    lock = threading.Lock()
    statuses: dict[int, int] = {}
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        local = app.test_client(use_cookies=False)
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            path = rnd.choice(PATHS).format(n=rnd.randint(1, 400))
            try:
                status = local.get(path, base_url=base_url).status_code
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(f"{total} requests in {time.perf_counter() - started:.1f} s: {statuses}", flush=True)
    if errors:
        print("errors:", errors[:3])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
