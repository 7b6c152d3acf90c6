"""A NUL byte (U+0000), which PostgreSQL's text cannot store, never reaches the database: in a
path it is a 404, in a query string or a form a 400 saying why, and nothing is stored. Run on
both databases (TEST_DATABASE_URL): on SQLite alone these would pass without the guard."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from werkzeug.routing import PathConverter, UnicodeConverter

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import KUPANG, add

NUL = "\x00"
NUL_MESSAGE = "cannot be stored (a NUL byte)"


def row_counts() -> dict[str, int]:
    db.session.expire_all()
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


_PARAMETER = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


def url_of(rule, string_value: str) -> str:
    """The rule's URL with `string_value` for every string or path parameter, 1 for an id."""
    def value(match: re.Match) -> str:
        converter = rule._converters[match.group(1)]
        return string_value if isinstance(converter, UnicodeConverter | PathConverter) else "1"

    return _PARAMETER.sub(value, rule.rule)


def urls_with_nul(app) -> list[tuple[str, str]]:
    """(method, url) of every route with a string or path parameter, given `%00` there."""
    return [(method, url_of(rule, "%00"))
            for rule in app.url_map.iter_rules()
            if any(isinstance(c, UnicodeConverter | PathConverter)
                   for c in rule._converters.values())
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def test_every_route_with_a_string_parameter_answers_404_for_a_nul(app, client, login_as):
    admin = make_user(email="admin@sentra.id", roles=[Role.ADMIN])
    make_shop(owner=admin)  # the seller's pages too
    cases = urls_with_nul(app)
    assert ("GET", "/products/%00") in cases and ("GET", "/orders/%00/invoice") in cases
    assert len(cases) >= 20
    wrong = []
    for signed_in in (False, True):
        if signed_in:
            login_as(admin)
        before = row_counts()  # a log-in is a row (user_logins): counted from here
        for method, url in cases:
            response = client.open(url, method=method, data={"x": "1"})
            if response.status_code != 404:
                wrong.append((signed_in, method, url, response.status_code))
        assert row_counts() == before
    assert wrong == []


@pytest.mark.parametrize("url", [
    "/products?q=%00", "/products?category=%00", "/products?regency=a%00b", "/search?q=%00",
    "/search?q=madu&province=%00", "/api/v1/products?q=%00", "/api/v1/search?q=%00",
    "/sentra/?%00=1", "/search/suggest?q=%00", "/seller/balance/statement?month=%00",
])
def test_a_nul_in_the_query_string_is_a_400_that_says_why(client, url):
    if not url.startswith("/api/"):  # the API speaks English whatever the cookie says
        client.set_cookie("lang", "en")
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.mimetype == "application/problem+json"
        assert NUL_MESSAGE in response.json["detail"]
    else:
        assert NUL_MESSAGE in response.get_data(as_text=True)
        assert 'class="site-header"' in response.get_data(as_text=True)


def _post_with_nul(client, url, fields, form_url=None):
    client.set_cookie("lang", "en")
    response = submit(client, url, fields, form_url=form_url)
    assert response.status_code == 400, (url, response.status_code)
    assert NUL_MESSAGE in response.get_data(as_text=True)


def test_registration_and_login_with_a_nul_store_nothing(client):
    before = row_counts()
    _post_with_nul(client, "/account/register", {
        "name": "Ina\x00Boi", "email": "ina@contoh.id", "password": "kain-tenun-ikat-2026",
        "confirm": "kain-tenun-ikat-2026"})
    _post_with_nul(client, "/account/login", {"email": "ina@contoh.id\x00",
                                               "password": "kain-tenun-ikat-2026"})
    _post_with_nul(client, "/account/reset", {"email": "\x00@contoh.id"})
    assert row_counts() == before


def test_a_checkout_address_with_a_nul_stores_nothing(client):
    product = make_product()
    add(client, product.variants[0])
    before = row_counts()
    for field in ("recipient", "street", "village", "city", "postal_code", "email"):
        _post_with_nul(client, "/checkout", {**KUPANG, field: KUPANG[field] + NUL})
    assert row_counts() == before


def test_seller_forms_with_a_nul_store_nothing(client, login_as):
    from tests.factories import make_category

    user = make_user()
    login_as(user)
    before = row_counts()
    _post_with_nul(client, "/seller/open", {
        "name": "Tenun\x00Belu", "story": "Kelompok tenun.", "regency": "Belu",
        "whatsapp": "0812-3456-7890"})
    assert row_counts() == before
    shop = make_shop(owner=user)
    make_category()
    centre_free = row_counts()
    _post_with_nul(client, "/seller/consultations/new",
                   {"topic": "packaging", "message": "Bagaimana\x00kemasan?"})
    _post_with_nul(client, "/seller/products/new", {"name": "Selendang\x00", "description": "x"})
    product = make_product(shop)
    centre_free = row_counts()
    _post_with_nul(client, f"/seller/products/{product.id}/edit", {"name": "Selendang\x00"})
    assert row_counts() == centre_free


def test_every_form_post_with_a_nul_in_any_field_is_a_400(app, client, login_as):
    """Every POST route (ids given as 1), signed in as an admin with a shop: a NUL in a field
    name or value is refused before the route runs, whatever the route does."""
    admin = make_user(email="admin@sentra.id", roles=[Role.ADMIN])
    make_shop(owner=admin)
    login_as(admin)
    before = row_counts()
    wrong = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = url_of(rule, "1")
        for data in ({"field": "a\x00b"}, {"a\x00": "b"}):
            response = client.post(url, data=data, headers={"Origin": "http://localhost"})
            if response.status_code != 400:
                wrong.append((url, data, response.status_code))
    assert wrong == []
    assert row_counts() == before


def test_a_nul_in_an_uploaded_file_name_is_refused(client, login_as):
    import io

    user = make_user()
    shop = make_shop(owner=user)
    product = make_product(shop)
    login_as(user)
    before = row_counts()
    response = submit(client, f"/seller/products/{product.id}/photos",
                      {"photos": (io.BytesIO(b"x"), "foto\x00.jpg")},
                      content_type="multipart/form-data")
    assert response.status_code == 400
    assert row_counts() == before
