"""Per-person parts of storefront pages never travel between visitors (issue 18).

Product and catalogue pages are shared (the whole page for visitors without a session, the
page's fragments for everyone): whatever is made cheaper for signed-in buyers, each of them
must see their own name, cart count and CSRF token, and an anonymous visitor a page with none.
"""
from __future__ import annotations

import re

from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import add

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
CART_COUNT = re.compile(r'data-cart-count aria-hidden="true" ?(hidden)?>(\d*)<')


def _signed_in(app, user, product, quantity):
    client = app.test_client()
    assert submit(client, "/account/login", {"email": user.email, "password": PASSWORD}
                  ).status_code == 303
    add(client, product.variants[0], quantity)
    return client


def test_two_buyers_and_a_visitor_each_see_only_their_own(app, db):
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    budi = make_user(email="budi@contoh.id", name="Budi Santoso")
    anonymous = app.test_client(use_cookies=False)
    urls = [f"/products/{product.slug}", "/products", "/"]
    for url in urls:  # the shared pages are rendered and stored before anyone signs in
        assert anonymous.get(url).status_code == 200
    buyers = {"Ani Lestari": (_signed_in(app, ani, product, 2), "2"),
              "Budi Santoso": (_signed_in(app, budi, product, 3), "3")}
    for _round in range(2):  # the second time, from whatever the first one cached
        for url in urls:
            tokens = set()
            for name, (client, count) in buyers.items():
                page = client.get(url).get_data(as_text=True)
                other = next(n for n in buyers if n != name)
                assert name in page and other not in page, (url, name)
                assert CART_COUNT.search(page).group(2) == count, (url, name)
                token = CSRF.search(page).group(1)
                tokens.add(token)
            assert len(tokens) == 2, url  # one token each
            shared = anonymous.get(url)
            text = shared.get_data(as_text=True)
            assert "Set-Cookie" not in shared.headers
            for name in buyers:
                assert name not in text, (url, name)
            assert not any(token in text for token in tokens), url
            assert CART_COUNT.search(text).group(2) == "", url
            assert 'name="csrf_token"' not in text, url


# --- From the cache, for a visitor with a session ------------------------------------------

def _same_but_tokens(page: str) -> str:
    return CSRF.sub('name="csrf_token" value="-"', page)


def test_a_signed_in_buyer_gets_the_page_from_the_cache_as_it_would_be_rendered(
        app, db, count_queries):
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    client = _signed_in(app, ani, product, 2)
    url = f"/products/{product.slug}"
    from marketplace.extensions import cache

    client.get(url)  # shows the message "added to the cart"
    cache.clear()
    rendered = client.get(url)  # loads Ani from the database, keeps her header for next time
    with count_queries() as counter:
        cached = client.get(url)
    # Nothing but the data versions is read (every request reads them when testing).
    assert all("site_settings" in statement for statement in counter.statements), counter.statements
    assert cached.headers["Cache-Control"] == "private, no-cache"
    assert "Set-Cookie" not in cached.headers
    assert _same_but_tokens(cached.get_data(as_text=True)) == _same_but_tokens(
        rendered.get_data(as_text=True))
    token = CSRF.search(cached.get_data(as_text=True)).group(1)
    # The token signed for the page works: the log-out form logs her out.
    assert client.post("/account/logout", data={"csrf_token": token}).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Ani Lestari" not in page and 'href="/account/login' in page


def test_a_buyer_whose_browser_changed_gets_pages_from_the_cache_after_one(
        app, db, count_queries):
    """A new User-Agent (or address) makes Flask-Login mark the session not fresh: one page
    takes the full path and writes that; the next ones, sending the new cookie, come from the
    cache with no cookie set and nothing read but the data versions (make bench's wrk sends no
    User-Agent, bench/buyer.py)."""
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    client = _signed_in(app, ani, product, 2)
    url = f"/products/{product.slug}"
    client.get(url)  # shows the message "added to the cart"
    client.environ_base.pop("HTTP_USER_AGENT", None)
    first = client.get(url)
    assert "Set-Cookie" in first.headers  # the session, now marked not fresh
    client.get(url)  # the full path once more if this process has not kept Ani yet
    for _round in range(2):
        with count_queries() as counter:
            cached = client.get(url)
        assert all("site_settings" in statement for statement in counter.statements), \
            counter.statements
        assert "Set-Cookie" not in cached.headers
        page = cached.get_data(as_text=True)
        assert "Ani Lestari" in page and CART_COUNT.search(page).group(2) == "2"


def _session_of(app, response) -> dict:
    """What the session cookie this response sets holds (its signature checked)."""
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session="), cookie
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie.partition("=")[2].partition(";")[0])


def test_the_cache_and_flask_login_tell_another_browser_alike(app, db, count_queries):
    """The page cache's fast path and Flask-Login's session protection compare one identifier
    (marketplace.sessions.session_identifier): the same browser from the same address is
    answered from the cache; the same session cookie from another User-Agent or another
    address is not, and the full path it takes marks the session not fresh."""
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    client = _signed_in(app, ani, product, 2)
    url = f"/products/{product.slug}"
    client.get(url)  # shows the message "added to the cart"
    client.get(url)  # the full path keeps Ani's header for the next pages
    cookie = client.get_cookie("session").value

    def from_another(**environ):
        other = app.test_client()  # the same cookie, copied
        other.set_cookie("session", cookie)
        with count_queries() as counter:
            response = other.get(url, environ_overrides=environ)
        assert response.status_code == 200
        assert "Ani Lestari" in response.get_data(as_text=True)
        from_cache = all("site_settings" in statement for statement in counter.statements)
        return response, from_cache

    same, from_cache = from_another()
    assert from_cache and "Set-Cookie" not in same.headers
    for environ in ({"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/131"},
                    {"REMOTE_ADDR": "203.0.113.9"},
                    {"HTTP_X_FORWARDED_FOR": "203.0.113.9"},  # as a proxy passes the address
                    # A stolen cookie sent with the victim's address put first: the proxy
                    # appends the sender's, the one trusted.
                    {"HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"}):
        response, from_cache = from_another(**environ)
        assert not from_cache, environ
        assert _session_of(app, response)["_fresh"] is False, environ


def test_a_visitor_with_only_a_session_gets_the_anonymous_page(app, db):
    product = make_product(name="Tenun Sumba Kuning")
    url = f"/products/{product.slug}"
    anonymous = app.test_client(use_cookies=False).get(url).get_data(as_text=True)
    visitor = app.test_client()
    visitor.get("/account/login")  # the log-in form's CSRF token opens a session
    assert visitor.get_cookie("session") is not None
    for _round in range(2):
        assert visitor.get(url).get_data(as_text=True) == anonymous


def test_a_pending_message_is_shown_once(app, db):
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    client = _signed_in(app, ani, product, 1)
    url = f"/products/{product.slug}"
    client.get(url)
    client.get(url)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Pesanan Anda sudah dikirim.")]
    page = client.get(url).get_data(as_text=True)
    assert "Pesanan Anda sudah dikirim." in page and "Ani Lestari" in page
    assert "Pesanan Anda sudah dikirim." not in client.get(url).get_data(as_text=True)


def _copied(app, client, cookie: str):
    other = app.test_client()
    other.set_cookie(cookie, client.get_cookie(cookie).value)
    return other


def _shows(client, url: str, name: str) -> bool:
    page = client.get(url).get_data(as_text=True)
    return name in page and 'action="/account/logout"' in page


def _revocations():
    from marketplace.accounts import services
    from marketplace.privacy.erasure import erase_account

    def log_out(laptop, user):
        assert submit(laptop, "/account/logout", {}, form_url="/").status_code == 303

    def sign_out_everywhere(laptop, user):
        assert submit(laptop, "/account/sign-out-everywhere", {},
                      form_url="/account/password").status_code == 303

    def password_changed_elsewhere(laptop, user):
        services.change_password(user, PASSWORD, "tenun-baru-belu-2026")

    def erased(laptop, user):
        erase_account(user, PASSWORD)

    return [log_out, sign_out_everywhere, password_changed_elsewhere, erased]


import pytest  # noqa: E402


@pytest.mark.parametrize("revoke", _revocations(), ids=lambda f: f.__name__)
def test_a_revoked_session_is_signed_out_on_the_next_page(app, db, revoke):
    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    laptop = app.test_client()
    assert submit(laptop, "/account/login", {"email": ani.email, "password": PASSWORD,
                                             "remember": "y"}).status_code == 303
    copies = [_copied(app, laptop, "session"), _copied(app, laptop, "remember_token")]
    urls = [f"/products/{product.slug}", "/products", "/", f"/sellers/{product.shop.slug}"]
    for client in copies:
        for url in urls:
            for _round in range(2):  # the second from the cache
                assert _shows(client, url, "Ani Lestari"), url
    revoke(laptop, ani)
    for client in copies:
        for url in urls:
            page = client.get(url).get_data(as_text=True)
            assert "Ani Lestari" not in page and 'action="/account/logout"' not in page, url
            assert 'href="/account/login' in page, url


def test_what_the_header_shows_of_a_buyer_follows_their_account(app, db):
    from flask import url_for

    from marketplace.accounts.models import Role, UserRole
    from tests.factories import make_shop

    product = make_product(name="Tenun Sumba Kuning")
    ani = make_user(email="ani@contoh.id", name="Ani Lestari")
    client = _signed_in(app, ani, product, 1)
    url = f"/products/{product.slug}"
    with app.test_request_context():
        open_shop, my_shop = url_for("sellers.open_shop"), url_for("orders.seller_dashboard")
    for _round in range(2):
        page = client.get(url).get_data(as_text=True)
        assert f'href="{open_shop}"' in page and 'href="/admin' not in page
    ani.name = "Ani Lestari Ndun"
    db.session.commit()
    assert "Ani Lestari Ndun" in client.get(url).get_data(as_text=True)
    make_shop(owner=ani)
    page = client.get(url).get_data(as_text=True)
    assert f'href="{my_shop}"' in page and f'href="{open_shop}"' not in page
    db.session.add(UserRole(user_id=ani.id, role=Role.ADMIN))
    db.session.commit()
    assert 'href="/admin' in client.get(url).get_data(as_text=True)
    db.session.execute(sa.delete(UserRole).where(UserRole.user_id == ani.id))
    db.session.commit()
    assert 'href="/admin' not in client.get(url).get_data(as_text=True)


import sqlalchemy as sa  # noqa: E402
