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
