"""With sessions in Redis (SESSION_STORE=redis), a password change on one device ends the log-in
of a session id copied from another, and a remember-me cookie copied before log-out is useless."""
from __future__ import annotations

import pytest

from tests.accounts.test_sessions import NEW, signed_in
from tests.conftest import make_test_app, submit
from tests.factories import PASSWORD, make_user
from tests.test_redis import REDIS_URL, prefix, redis_client  # noqa: F401  (fixtures)


@pytest.fixture
def redis_app(app, database_url, media_dir, prefix):  # noqa: F811
    made = make_test_app(database_url, media_dir, REDIS_URL=REDIS_URL, SESSION_STORE="redis",
                         SESSION_KEY_PREFIX=prefix + "session:")
    yield made
    made.config["SESSION_REDIS"].close()


def test_redis_sessions_end_with_a_password_change_and_a_log_out(redis_app, db):
    ina = make_user(email="ina@contoh.id")
    laptop, phone = redis_app.test_client(), redis_app.test_client()
    for device in (laptop, phone):
        assert submit(device, "/account/login", {"email": ina.email, "password": PASSWORD,
                                                 "remember": "y"}).status_code == 303
    stolen_session, stolen_remember = redis_app.test_client(), redis_app.test_client()
    stolen_session.set_cookie("session", phone.get_cookie("session").value)
    stolen_remember.set_cookie("remember_token", phone.get_cookie("remember_token").value)
    assert signed_in(stolen_session) and signed_in(stolen_remember)

    assert submit(phone, "/account/logout", {}, form_url="/").status_code == 303
    assert not signed_in(stolen_remember)

    laptop_copy = redis_app.test_client()
    laptop_copy.set_cookie("session", laptop.get_cookie("session").value)
    assert signed_in(laptop_copy)
    assert submit(laptop, "/account/password", {"current": PASSWORD, "password": NEW,
                                                "confirm": NEW}).status_code == 303
    assert signed_in(laptop)
    assert not signed_in(laptop_copy)


def test_with_redis_a_signed_in_page_comes_from_the_cache_and_ends_with_the_log_in(
        app, database_url, media_dir, prefix, db):  # noqa: F811
    """Sessions and pages both in Redis (several app servers): a signed-in buyer's product
    page is answered from the cache, and a copy of the session is signed out by a log-out."""
    import re

    import sqlalchemy as sa

    from marketplace.extensions import db as _db
    from tests.conftest import QueryCounter
    from tests.factories import make_product

    shared = make_test_app(database_url, media_dir, REDIS_URL=REDIS_URL, SESSION_STORE="redis",
                           SESSION_KEY_PREFIX=prefix + "session:", CACHE_TYPE="RedisCache",
                           CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix + "cache:")
    try:
        product = make_product(name="Tenun Sumba Kuning")
        ina = make_user(email="ina@contoh.id", name="Ina Bria")
        phone = shared.test_client()
        assert submit(phone, "/account/login", {"email": ina.email,
                                                "password": PASSWORD}).status_code == 303
        copy = shared.test_client()
        copy.set_cookie("session", phone.get_cookie("session").value)
        url = f"/products/{product.slug}"
        for client in (phone, copy):
            client.get(url)
            with shared.app_context():
                engine = _db.engine
            counter = QueryCounter()
            sa.event.listen(engine, "before_cursor_execute", counter)
            try:
                page = client.get(url).get_data(as_text=True)
            finally:
                sa.event.remove(engine, "before_cursor_execute", counter)
            assert "Ina Bria" in page
            assert counter.count == 1, counter.statements  # the versions, nothing else
            assert "site_settings" in counter.statements[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert phone.post("/account/logout", data={"csrf_token": token}).status_code == 303
        for client in (phone, copy):
            assert "Ina Bria" not in client.get(url).get_data(as_text=True)
    finally:
        shared.config["SESSION_REDIS"].close()
