"""CPU per request of the store's hot pages, in process, against a bare Flask page.

    .venv/bin/python -m bench.hotpath [--requests 2000] [--rounds 5] [--profile NAME]

Builds the demo store in a temporary SQLite file, runs the app under production settings
(SENTRA_CONFIG=production, JSON request log on, written to /dev/null; prometheus-client in
multiprocess mode as deploy/sentra.service runs it), and times N requests of Flask's test
client with `time.process_time` for: the bare 20 KB page (bench/bare_app.py), the cached home
and product pages (anonymous), the product page for a visitor whose session holds only a CSRF
token, the product page for a signed-in buyer with a cart, the catalogue for that buyer, and the
API listing. Each figure is the minimum over the rounds
(other processes on a shared machine only ever add time). `--profile NAME` prints cProfile's
top functions for that page instead.

The test client skips the WSGI server, so the ratios are kinder than `make bench`'s under
gunicorn; they move the same way and are robust to a busy machine.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

PRODUCT = "/products/sarung-tenun-ikat-amarasi-motif-buaya"
BASE_URL = "http://127.0.0.1"


def _environment(workdir: Path) -> None:
    os.environ.update({
        "SENTRA_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_BASE_URL": BASE_URL,
        "SESSION_COOKIE_SECURE": "0",
        "API_RATE_LIMIT": "100000000 per minute",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "INSTANCE_DIR": str(workdir),
        "MEDIA_DIR": str(workdir / "media"),
        "MEDIA_STORAGE": "local",
        "SEARCH_INDEX_DIR": str(workdir / "search-index"),
        "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics"),
    })
    for name in ("REDIS_URL", "CACHE_REDIS_URL", "TEST_DATABASE_URL", "MAIL_SERVER",
                 "STRIPE_SECRET_KEY", "FLASK_DEBUG"):
        os.environ.pop(name, None)
    (workdir / "metrics").mkdir()


def _store():
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.config import PROJECT_ROOT
    from marketplace.dev.demo import load_demo_data

    app = create_app()
    # The JSON lines go where gunicorn's standard error would, but not on this terminal.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        load_demo_data(progress=lambda _text: None, logins=False)
    return app


PASSWORD = "kain-tenun-ikat-2026-bench"


def _buyer_client(app, name: str):
    """A test client signed in as a new buyer with one product in the cart."""
    from werkzeug.security import generate_password_hash

    from marketplace.accounts.models import User
    from marketplace.extensions import db
    from marketplace.privacy.consent import record_consent
    from marketplace.timeutil import utcnow

    email = f"{name.lower()}-{secrets.token_hex(3)}@example.id"
    with app.app_context():
        user = User(email=email, name=name, email_verified_at=utcnow(),
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
        db.session.add(user)
        db.session.flush()
        record_consent(user)
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "127.0.0.1"
    token = _csrf(client.get("/account/login", base_url=BASE_URL).get_data(as_text=True))
    answer = client.post("/account/login", base_url=BASE_URL,
                         data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert answer.status_code == 303, answer.status
    page = client.get(PRODUCT, base_url=BASE_URL).get_data(as_text=True)
    variant = re.search(r'name="variant_id" value="(\d+)"', page)
    assert variant, "no variant on the product page"
    answer = client.post("/cart/add", base_url=BASE_URL,
                         data={"variant_id": variant.group(1), "quantity": "2"},
                         headers={"Origin": BASE_URL})
    assert answer.status_code in (200, 302, 303), answer.status
    assert client.get_cookie("cart_count", domain="127.0.0.1"), "no cart_count cookie after adding to the cart"
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token"
    return match.group(1)


def _time(get, count: int, rounds: int) -> float:
    get()  # warm
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(count):
            get()
        best = min(best, (time.process_time() - start) / count * 1000)
    return best


def _pages(app):
    from bench.bare_app import app as bare

    bare_client = bare.test_client()
    anonymous = app.test_client(use_cookies=False)
    buyer = _buyer_client(app, "Bench")
    visitor = app.test_client()  # a session holding only the log-in form's CSRF token
    visitor.environ_base["HTTP_HOST"] = "127.0.0.1"
    visitor.get("/account/login", base_url=BASE_URL)
    assert visitor.get_cookie("session", domain="127.0.0.1"), "no session after the log-in page"

    def get(client, path):
        def one():
            response = client.get(path, base_url=BASE_URL)
            assert response.status_code == 200, (path, response.status)
            response.get_data()
        return one

    return {
        "bare Flask 20 KB page": get(bare_client, "/"),
        "home, cached": get(anonymous, "/"),
        "product, cached": get(anonymous, PRODUCT),
        "product, with a session": get(visitor, PRODUCT),
        "product, signed-in buyer with a cart": get(buyer, PRODUCT),
        "catalogue, signed-in buyer with a cart": get(buyer, "/products"),
        "API listing": get(anonymous, "/api/v1/products"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="a page's name (or its start) to profile instead")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sentra-hotpath-"))
    _environment(workdir)
    app = _store()
    pages = _pages(app)
    if args.profile:
        name = next(n for n in pages if n.startswith(args.profile))
        pages[name]()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            pages[name]()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "tottime"))
        stats.print_stats(35)
        if os.environ.get("CALLERS"):
            stats.print_callers(os.environ["CALLERS"])
        print(out.getvalue())
        return
    bare = None
    print(f"{'page':42} {'CPU ms/req':>10} {'x bare':>7}")
    for name, get in pages.items():
        ms = _time(get, args.requests, args.rounds)
        bare = bare or ms
        print(f"{name:42} {ms:10.3f} {bare / ms:7.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
