"""What every /api/v1 response shares: caching, problem+json errors, CORS, no cookies."""
from __future__ import annotations

import pytest

from marketplace.catalog import queries, search
from tests.api.conftest import PRODUCT_EXAMPLE, SELLER_EXAMPLE
from tests.factories import make_user

EVERY_ENDPOINT = ["/api/v1/products", "/api/v1/products?page=1",
                  f"/api/v1/products/{PRODUCT_EXAMPLE}", "/api/v1/search?q=tenun",
                  "/api/v1/categories", f"/api/v1/sellers/{SELLER_EXAMPLE}",
                  "/api/v1/openapi.json"]


@pytest.mark.parametrize("url", EVERY_ENDPOINT)
def test_every_answer_has_a_strong_etag_and_a_short_public_lifetime(client, store, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Access-Control-Allow-Origin"] == "*"

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=60"
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_etag_changes_with_the_data(client, db, store):
    url = f"/api/v1/products/{PRODUCT_EXAMPLE}"
    etag = client.get(url).headers["ETag"]
    from marketplace.catalog.services import refresh_product_summary

    store.products["sarung"].variants[0].price_idr = 1_300_000
    refresh_product_summary(store.products["sarung"].id)  # as every price change does
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert response.get_json()["data"]["variants"][0]["price"]["amount"] == 1_300_000


def test_head_answers_headers_only(client, store):
    response = client.head("/api/v1/categories")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["ETag"] == client.get("/api/v1/categories").headers["ETag"]


@pytest.mark.parametrize("url", [*EVERY_ENDPOINT, "/api/v1/products?colour=red", "/api/v1/nothing"])
def test_no_cookie_is_ever_set_even_for_a_signed_in_buyer(client, login_as, store, url):
    assert client.get(url).headers.get("Set-Cookie") is None
    login_as(make_user())
    with client.session_transaction() as session:
        session.permanent = True  # refreshed on every response of the store
    assert "session=" in client.get("/").headers.get("Set-Cookie", "")
    response = client.get(url)
    assert response.headers.get("Set-Cookie") is None, url


def test_the_store_still_keeps_its_session(client, login_as, store):
    login_as(make_user())
    assert client.get("/account/orders").status_code == 200


def test_cors_preflight(client, store):
    response = client.options("/api/v1/products", headers={
        "Origin": "https://shop.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "If-None-Match"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    return body


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v1/products/", "/api/v1",
                                 "/api/v1/sellers"])
def test_unknown_paths_are_problem_json(client, url):
    assert problem(client.get(url), 404)["title"] == "Not Found"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_405_problem_json_with_allow(client, store, method):
    response = getattr(client, method)("/api/v1/products", json={})
    assert problem(response, 405)["title"] == "Method Not Allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_no_csrf_token_is_asked_for(client, store):
    # Read-only: nothing to forge; a POST is simply not allowed, never a CSRF error page.
    assert "CSRF" not in client.post("/api/v1/search").get_data(as_text=True)


def test_rate_limit_is_429_problem_json(app, client, store):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert client.get("/api/v1/categories").status_code == 200
    response = client.get("/api/v1/categories")
    problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0


def test_an_unexpected_error_is_500_problem_json(app, client, store, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(queries, "product_for_page", broken)
    body = problem(client.get(f"/api/v1/products/{PRODUCT_EXAMPLE}"), 500)
    assert "database" not in body["detail"]


def test_a_search_index_being_built_is_503_with_retry_after(client, store, monkeypatch):
    monkeypatch.setattr(search, "search_products",
                        lambda *args, **kwargs: search.SearchResult(unavailable=True))
    response = client.get("/api/v1/search?q=tenun")
    problem(response, 503)
    # At least our 5 s; Flask-Limiter raises it to its window's reset when that is later.
    assert int(response.headers["Retry-After"]) >= 5


def test_the_html_store_keeps_its_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_a_kept_answer_is_served_until_the_catalogue_changes(client, db, store, count_queries):
    from marketplace.catalog.services import bump_catalogue_version

    listing, detail = "/api/v1/products?per_page=100", f"/api/v1/products/{PRODUCT_EXAMPLE}"
    first = client.get(listing)
    assert "Sarung Tenun Baru" not in client.get(detail).get_data(as_text=True)
    with count_queries() as counter:
        again = client.get(listing)
    assert again.get_json() == first.get_json()
    assert counter.count <= 1  # the data versions (read once a second in production)
    store.products["sarung"].name = "Sarung Tenun Baru"
    bump_catalogue_version()  # what the listing services do with every change
    db.session.commit()
    assert "Sarung Tenun Baru" in client.get(listing).get_data(as_text=True)
    assert "Sarung Tenun Baru" in client.get(detail).get_data(as_text=True)
