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
