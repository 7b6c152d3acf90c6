"""A log-in ends for real: a session cookie or a remember-me cookie copied from a laptop stops
working when that laptop logs out, when the password is changed (every other log-in ends, the
one that changed it stays) or reset, and when the person signs out everywhere."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from tests.conftest import submit
from tests.factories import PASSWORD, make_user

NEW = "tenun-baru-belu-2026"


def signed_in(client) -> bool:
    response = client.get("/account/password")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


@pytest.fixture
def ina(db):
    return make_user(email="ina@contoh.id", name="Ina")


@pytest.fixture
def laptop(app, ina):
    """Ina's own laptop, logged in with "remember me"."""
    client = app.test_client()
    response = submit(client, "/account/login", {"email": ina.email, "password": PASSWORD,
                                                 "remember": "y"})
    assert response.status_code == 303
    assert client.get_cookie("remember_token") is not None
    return client


def copy_of(app, laptop, cookie: str):
    """Another browser holding only one cookie copied from `laptop` (stolen, or left behind)."""
    other = app.test_client()
    other.set_cookie(cookie, laptop.get_cookie(cookie).value)
    return other


@pytest.fixture
def copies(app, laptop):
    copied = {name: copy_of(app, laptop, name) for name in ("session", "remember_token")}
    for name, client in copied.items():
        assert signed_in(client), f"a copied {name} cookie logs in before anything happens"
    return copied


def test_log_out_ends_the_copied_session_and_remember_cookies(laptop, copies):
    assert submit(laptop, "/account/logout", {}, form_url="/").status_code == 303
    assert not signed_in(laptop)
    for name, client in copies.items():
        assert not signed_in(client), f"the {name} cookie copied before log-out still works"


def test_a_password_change_ends_every_other_log_in_but_this_one(app, laptop, copies, ina):
    other_device = app.test_client()  # a phone, logged in on its own
    submit(other_device, "/account/login", {"email": ina.email, "password": PASSWORD})
    assert signed_in(other_device)

    response = submit(laptop, "/account/password", {"current": PASSWORD, "password": NEW,
                                                     "confirm": NEW})
    assert response.status_code == 303
    assert signed_in(laptop)  # the person who changed it goes on working
    assert not signed_in(other_device)
    # The copies are copies of *this* laptop's log-in, yet they end too: the remember-me
    # cookie and the session are renewed for the laptop that made the change.
    for name, client in copies.items():
        assert not signed_in(client), f"the {name} cookie copied before the change still works"
    # Its own remember-me cookie keeps it logged in after the laptop is closed.
    remembered = copy_of(app, laptop, "remember_token")
    assert signed_in(remembered)


def test_a_password_reset_ends_every_log_in(app, client, laptop, copies, ina, db):
    from marketplace.accounts.services import make_reset_token

    link = f"/account/reset/{make_reset_token(ina)}"
    assert submit(client, link, {"password": NEW, "confirm": NEW}).status_code == 303
    assert not signed_in(laptop)
    for name, other in copies.items():
        assert not signed_in(other), f"the {name} cookie copied before the reset still works"
    assert submit(app.test_client(), "/account/login",
                  {"email": ina.email, "password": NEW}).status_code == 303


def test_sign_out_everywhere(app, laptop, copies, ina):
    page = laptop.get("/account/password").get_data(as_text=True)
    assert 'action="/account/sign-out-everywhere"' in page
    assert laptop.get("/account/sign-out-everywhere").status_code == 405
    assert laptop.post("/account/sign-out-everywhere").status_code == 400  # no CSRF token
    assert signed_in(laptop)

    response = submit(laptop, "/account/sign-out-everywhere", {}, form_url="/account/password")
    assert response.status_code == 303 and response.headers["Location"].startswith("/account/login")
    assert not signed_in(laptop)
    for name, client in copies.items():
        assert not signed_in(client), f"the {name} cookie still works after signing out everywhere"
    # Logging in again works as ever.
    assert submit(laptop, "/account/login", {"email": ina.email,
                                              "password": PASSWORD}).status_code == 303
    assert signed_in(laptop)


def test_sign_out_everywhere_needs_a_log_in(client, db):
    response = submit(client, "/account/sign-out-everywhere", {}, form_url="/account/login")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_log_ins_of_other_people_are_untouched(app, laptop, db):
    other = make_user(email="maria@contoh.id")
    hers = app.test_client()
    submit(hers, "/account/login", {"email": other.email, "password": PASSWORD, "remember": "y"})
    submit(laptop, "/account/sign-out-everywhere", {}, form_url="/account/password")
    assert signed_in(hers)
    assert signed_in(copy_of(app, hers, "remember_token"))


def test_a_session_from_before_this_change_is_simply_logged_out(app, ina):
    """Sessions made when the id was the bare user id (before migration 0009) end quietly."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(ina.id)
        session["_fresh"] = True
    assert not signed_in(client)


@pytest.mark.parametrize("forged", ["{id}", "{id}:", "{id}:not-the-token", "x:y", ":", "{id}:a:b"])
def test_forged_log_in_ids_are_refused(app, ina, forged):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = forged.format(id=ina.id)
    assert not signed_in(client)


def test_the_account_page_says_what_signing_out_everywhere_does(laptop):
    html = laptop.get("/account/password").get_data(as_text=True)
    assert re.search(r"<h2[^>]*>Keluar di semua perangkat</h2>", html), html


def test_a_session_cookie_seen_before_is_still_checked_to_the_letter(app, laptop):
    """The cookie sessions keep what a verified cookie held (marketplace/sessions.py): a
    cookie that differs by one character is verified afresh, and refused."""
    value = laptop.get_cookie("session").value
    assert signed_in(copy_of(app, laptop, "session"))
    forged = app.test_client()
    # A character of the signature that carries only signature bits: the last one of its
    # base64 also holds two padding bits, which decoding ignores, so changing only those
    # would give the same signature (itsdangerous rightly accepts it).
    at = len(value) - 5
    forged.set_cookie("session", value[:at] + ("A" if value[at] != "A" else "B") + value[at + 1:])
    assert not signed_in(forged)


def test_a_full_memo_of_verified_cookies_forgets_the_least_recently_seen_not_all(app):
    """The cookie sessions keep at most KEPT verified cookies (marketplace/sessions.py): one
    more forgets the cookie seen longest ago, not every cookie (which would verify all the
    signed-in buyers' cookies again at once)."""
    sessions = app.session_interface
    serializer = sessions.get_signing_serializer(app)
    cookies = [serializer.dumps({"n": n}) for n in range(sessions.KEPT + 1)]

    def open_with(n: int) -> None:
        with app.test_request_context(headers={"Cookie": f"session={cookies[n]}"}) as context:
            assert context.session["n"] == n

    for n in range(sessions.KEPT):
        open_with(n)
    open_with(0)  # seen again: now the most recently seen
    open_with(sessions.KEPT)  # one more than the memo holds
    assert cookies[0] in sessions._verified and cookies[-1] in sessions._verified
    assert cookies[1] not in sessions._verified  # the one seen longest ago
    assert len(sessions._verified) == sessions.KEPT


def test_a_kept_cookie_ends_at_its_age_limit_as_a_fresh_one_would(app, laptop):
    """What the memo keeps of a verified cookie ends when the cookie's own age limit passes:
    after it, the cookie is verified afresh, and refused."""
    app.permanent_session_lifetime = timedelta(seconds=1)
    assert signed_in(laptop)  # verified now, and kept
    # itsdangerous counts whole seconds from the second the cookie was signed in and refuses
    # an age over the limit: 2.1 s later the age is at least 2, whenever in its second it was
    # signed (2.5 s with a 2 s limit could leave an age of exactly 2, still valid).
    time.sleep(2.1)
    assert not signed_in(copy_of(app, laptop, "session"))
