"""With REDIS_URL set, two app servers share the storefront cache and the sessions.

Runs against the Redis on 127.0.0.1:6379 (REDIS_TEST_URL to point elsewhere). Each test uses
key prefixes of its own (per test worker and test) and deletes its keys afterwards. Without a
reachable Redis the tests are skipped, unless REQUIRE_REDIS=1 (as in .ci/run): then they fail.
"""
from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import make_test_app, submit
from tests.factories import PASSWORD, make_product, make_shop, make_user

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")


def _required() -> bool:
    return os.environ.get("REQUIRE_REDIS", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        client.close()
        if _required():
            pytest.fail(f"REQUIRE_REDIS=1 but Redis at {REDIS_URL} is unreachable: {error}",
                        pytrace=False)
        pytest.skip(f"Redis at {REDIS_URL} is unreachable (REQUIRE_REDIS=1 makes this an error)")
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"sentra-test:{worker}:{uuid.uuid4().hex[:8]}:"
    yield prefix
    for key in redis_client.scan_iter(match=prefix + "*"):
        redis_client.delete(key)


# The cache as deployed (Redis with each process's copy before it), and Redis alone.
TIERED = "marketplace.tiered_cache.TieredRedisCache"


@pytest.fixture(params=[TIERED, "RedisCache"])
def servers(request, app, database_url, media_dir, prefix):
    """Two app servers on the same database and the same Redis."""

    def server():
        made = make_test_app(
            database_url, media_dir, REDIS_URL=REDIS_URL, CACHE_TYPE=request.param,
            CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix + "cache:", SESSION_STORE="redis",
            SESSION_KEY_PREFIX=prefix + "session:",
        )
        return made

    first, second = server(), server()
    yield first, second
    from marketplace.extensions import cache

    for made in (first, second):  # their sockets, closed now rather than by the collector
        made.config["SESSION_REDIS"].close()
        with made.app_context():
            backend = cache.cache
            backend._write_client.close()
            backend._read_client.close()


def keys(redis_client, prefix: str, kind: str) -> list[bytes]:
    return list(redis_client.scan_iter(match=f"{prefix}{kind}:*"))


def get_counting(server, url: str):
    """The page `server` answers for `url`, and how many SQL statements it ran for it."""
    import sqlalchemy as sa

    from marketplace.extensions import db as _db

    statements = []

    def count(*args):
        statements.append(args[2])

    with server.app_context():
        engine = _db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        page = server.test_client().get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert page.status_code == 200
    return page, len(statements)


def _statements(server, url: str) -> tuple[str, int]:
    page, count = get_counting(server, url)
    return page.get_data(as_text=True), count


def test_a_page_cached_by_one_server_is_served_by_the_other(servers, db, redis_client, prefix,
                                                            count_queries):
    first, second = servers
    product = make_product(name="Kopi Liberika Sambas")
    url = f"/products/{product.slug}"
    page = first.test_client().get(url)
    assert page.status_code == 200 and "Kopi Liberika Sambas" in page.get_data(as_text=True)
    assert keys(redis_client, prefix, "cache")

    again, statements = get_counting(second, url)
    assert again.get_data() == page.get_data()
    assert again.headers["ETag"] == page.headers["ETag"]
    assert statements == 1  # the data versions; the page itself came from Redis


def test_a_change_made_through_one_server_shows_on_both(servers, db):
    from marketplace.catalog import inventory
    from marketplace.catalog.models import StockReason

    first, second = servers
    product = make_product(name="Madu Kelulut", stocks=[7])
    url = f"/products/{product.slug}"
    for server in servers:
        assert "Sisa 7" in server.test_client().get(url).get_data(as_text=True)
    with first.app_context():
        from marketplace.extensions import db as _db

        variant = _db.session.get(type(product.variants[0]), product.variants[0].id)
        inventory.adjust_stock(variant, -5, StockReason.SALE, None)
        _db.session.commit()
    for server in servers:
        assert "Sisa 2" in server.test_client().get(url).get_data(as_text=True)


def test_a_session_started_on_one_server_continues_on_the_other(servers, db, redis_client,
                                                                prefix):
    first, second = servers
    shop = make_shop()
    product = make_product(shop)
    buyer = make_user(name="Maria Goreti")

    browser = first.test_client()
    # Browsing creates no session, in Redis or in a cookie.
    for url in ("/", "/products", f"/products/{product.slug}", f"/sellers/{shop.slug}"):
        assert "Set-Cookie" not in browser.get(url).headers
    assert not keys(redis_client, prefix, "session")

    before_login = browser.get("/account/login")  # the form's CSRF token opens a session
    planted = browser.get_cookie("session").value
    assert keys(redis_client, prefix, "session")
    response = submit(browser, "/account/login", {"email": buyer.email, "password": PASSWORD})
    assert response.status_code == 303, before_login.status_code
    cookie = browser.get_cookie("session")
    assert cookie.value != planted  # a new session id at log-in
    assert cookie.http_only and cookie.same_site == "Lax"

    other_server = second.test_client()
    other_server.set_cookie("session", cookie.value)
    page = other_server.get(f"/products/{product.slug}").get_data(as_text=True)
    assert "Maria Goreti" in page
    assert "Maria Goreti" not in second.test_client().get(
        f"/products/{product.slug}").get_data(as_text=True)

    # Log-out (a form with its CSRF token, on the other server) ends it everywhere.
    submit(other_server, "/account/logout", {}, form_url="/")
    browser.set_cookie("session", cookie.value)
    assert "Maria Goreti" not in browser.get("/").get_data(as_text=True)


def test_an_unreachable_cache_slows_pages_down_but_never_breaks_them(app, db, database_url,
                                                                     media_dir):
    import socket

    pytest.importorskip("redis")

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = f"redis://127.0.0.1:{port}/0"
    server = make_test_app(database_url, media_dir, CACHE_TYPE="RedisCache", CACHE_REDIS_URL=down)
    shop = make_shop()
    product = make_product(shop, name="Garam Gunung Krayan")
    browser = server.test_client()
    for url in ("/", "/products", f"/products/{product.slug}", f"/sellers/{shop.slug}"):
        response = browser.get(url)
        assert response.status_code == 200, url
    assert "Garam Gunung Krayan" in response.get_data(as_text=True)
    from marketplace.extensions import cache

    with server.app_context():
        cache.cache._write_client.close()
        cache.cache._read_client.close()


def test_api_answers_kept_in_redis_count_against_limits_held_in_redis(app, database_url, media_dir,
                                                                       redis_client, prefix):
    """The API's listing answered from its kept JSON on two servers (marketplace/api/kept.py)
    still counts in Redis, under Flask-Limiter's keys: one limit for both servers."""
    make_product(make_shop())
    made = [make_test_app(database_url, media_dir, REDIS_URL=REDIS_URL, CACHE_TYPE="RedisCache",
                          CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix + "cache:",
                          RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix + "limits",
                          API_RATE_LIMIT="4 per minute") for _ in range(2)]
    try:
        clients = [server.test_client(use_cookies=False) for server in made]
        answers = [clients[n % 2].get("/api/v1/products") for n in range(6)]
        assert [a.status_code for a in answers] == [200] * 4 + [429] * 2
        assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["3", "2", "1", "0",
                                                                          "0", "0"]
        assert answers[1].data == answers[0].data
    finally:
        # Under the key prefix Flask-Limiter keys with: its one Limiter keeps the first prefix
        # any app of the process gave it, perhaps another test's (and limits adds its own).
        from limits import parse

        from marketplace.extensions import limiter

        own = [limiter._key_prefix] if limiter._key_prefix else []
        key = parse("4 per minute").key_for(*own, "127.0.0.1", "api.product_list")
        counts = list(redis_client.scan_iter(match=f"*{key}"))
        assert counts
        redis_client.delete(*counts)
        for server in made:
            with server.app_context():
                from marketplace.extensions import cache

                cache.cache._write_client.close()
                cache.cache._read_client.close()


# --- Each process's copy before Redis (marketplace/tiered_cache.py) -------------------------

def _tiered_server(database_url, media_dir, prefix, **overrides):
    return make_test_app(database_url, media_dir, CACHE_TYPE=TIERED, CACHE_REDIS_URL=REDIS_URL,
                         CACHE_KEY_PREFIX=prefix + "cache:", **overrides)


def _close_cache(*made):
    from marketplace.extensions import cache

    for server in made:
        with server.app_context():
            cache.cache._write_client.close()


def test_a_page_fetched_from_redis_is_kept_by_the_process_that_asked(app, db, database_url,
                                                                    media_dir, redis_client,
                                                                    prefix):
    product = make_product(name="Kopi Liberika Sambas")
    url = f"/products/{product.slug}"
    first, second, third = (_tiered_server(database_url, media_dir, prefix) for _ in range(3))
    try:
        rendered, _ = _statements(first, url)
        from_redis, count = _statements(second, url)
        assert from_redis == rendered and count == 1  # the data versions; the page from Redis
        for key in keys(redis_client, prefix, "cache"):  # Redis loses everything (a restart)
            redis_client.delete(key)
        again, count = _statements(second, url)
        assert again == rendered and count == 1  # from this process's own copy
        _page, count = _statements(third, url)  # a process that never saw it renders it
        assert count > 1
    finally:
        _close_cache(first, second, third)


def test_counters_and_deleted_keys_are_never_answered_from_a_process_copy(
        app, database_url, media_dir, redis_client, prefix):
    """What is not under a versioned prefix (a counter, a lock, anything deleted to
    invalidate) changes under a fixed key: every process must see its latest value."""
    from marketplace.extensions import cache

    first, second = (_tiered_server(database_url, media_dir, prefix) for _ in range(2))
    try:
        with first.app_context():
            cache.set("counter", 1)
            assert cache.get("counter") == 1
            cache.set("lock", "held")
        with second.app_context():
            assert cache.get("counter") == 1 and cache.get("lock") == "held"
            assert cache.cache.inc("counter") == 2  # the backend's: Cache has none
            cache.delete("lock")
        with first.app_context():
            assert cache.get("counter") == 2
            assert cache.get("lock") is None
            # A versioned key is kept by the process that read it: Redis's copy changing
            # under the same key (which the storefront never does) is not seen until
            # CACHE_LOCAL_TIMEOUT, unless this process changes it itself.
            cache.set("value:answer", "first")
        with second.app_context():
            assert cache.get("value:answer") == "first"
        with first.app_context():
            cache.set("value:answer", "second")
        with second.app_context():
            assert cache.get("value:answer") == "first"
            cache.delete("value:answer")
            assert cache.get("value:answer") is None
    finally:
        _close_cache(first, second)


def test_a_process_copy_lasts_cache_local_timeout_at_most(app, database_url, media_dir,
                                                         redis_client, prefix):
    import time

    from marketplace.extensions import cache

    first, second = (_tiered_server(database_url, media_dir, prefix, CACHE_LOCAL_TIMEOUT=0.3)
                     for _ in range(2))
    try:
        with first.app_context():
            cache.set("page:x", b"old")
        with second.app_context():
            assert cache.get("page:x") == b"old"
        with first.app_context():
            cache.set("page:x", b"new")
        with second.app_context():
            assert cache.get("page:x") == b"old"
            time.sleep(0.35)
            assert cache.get("page:x") == b"new"
    finally:
        _close_cache(first, second)


def test_with_redis_unreachable_a_process_still_answers_what_it_rendered(app, db, database_url,
                                                                         media_dir):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = make_test_app(database_url, media_dir, CACHE_TYPE=TIERED,
                           CACHE_REDIS_URL=f"redis://127.0.0.1:{port}/0")
    product = make_product(name="Garam Gunung Krayan")
    url = f"/products/{product.slug}"
    try:
        page, rendering = _statements(server, url)
        assert "Garam Gunung Krayan" in page and rendering > 1
        again, count = _statements(server, url)
        assert again == page and count == 1
    finally:
        _close_cache(server)
