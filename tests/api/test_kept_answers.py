"""Public catalogue reads answered from their kept JSON before the rest of the app
(marketplace/api/kept.py): the same answer as the whole chain gives, the rate limit counted
as before."""
from __future__ import annotations

import pytest

from marketplace.extensions import limiter
from tests.api.conftest import PRODUCT_EXAMPLE, SELLER_EXAMPLE

KEPT = ["/api/v1/products", "/api/v1/products?sort=price_asc&per_page=2",
        "/api/v1/products?page=1", f"/api/v1/products/{PRODUCT_EXAMPLE}", "/api/v1/categories",
        f"/api/v1/sellers/{SELLER_EXAMPLE}"]
# Differ from one answer to the next whichever way it is given.
CHANGING = {"Date", "X-Request-ID", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}


def _seen(response) -> tuple:
    headers = sorted((name, value) for name, value in response.headers.items()
                     if name not in CHANGING)
    return response.status_code, headers, response.get_data()


def _whole_chain(client, url: str, **headers):
    """Asked with a session cookie: never answered early (a signed-in buyer's browser)."""
    client.set_cookie("session", "not-a-session", domain="localhost")
    try:
        return client.get(url, headers=headers)
    finally:
        client.delete_cookie("session", domain="localhost")


@pytest.fixture
def limiter_checks(monkeypatch):
    """How many times Flask-Limiter worked out a request's limits (its whole machinery)."""
    calls = []
    manager = limiter.limit_manager
    resolve = manager.resolve_limits
    monkeypatch.setattr(manager, "resolve_limits",
                        lambda *args, **kwargs: calls.append(1) or resolve(*args, **kwargs))
    return calls


@pytest.mark.parametrize("url", KEPT)
def test_a_kept_answer_is_the_answer_of_the_whole_chain(client, store, url, limiter_checks):
    first = client.get(url)
    assert first.status_code == 200
    early = client.get(url)
    assert len(limiter_checks) == 1, "the second request went through the whole chain"
    assert _seen(early) == _seen(first) == _seen(_whole_chain(client, url))
    for name in CHANGING:
        assert early.headers[name]
    assert early.headers["Cache-Control"] == "public, max-age=60"

    etag = early.headers["ETag"]
    for held in (etag, f"W/{etag}", "*", f'"other", {etag}'):
        not_modified = client.get(url, headers={"If-None-Match": held})
        assert not_modified.status_code == 304 and not_modified.data == b""
        assert _seen(not_modified) == _seen(_whole_chain(client, url, **{"If-None-Match": held}))
    assert _seen(client.get(url, headers={"If-None-Match": '"other"'})) == _seen(first)

    head = client.head(url)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]
    assert len(limiter_checks) == 1 + 5  # the whole chain only when asked with the cookie


def test_kept_answers_count_against_the_rate_limit(app, client, store):
    app.config["API_RATE_LIMIT"] = "3 per minute; 100 per hour"
    url = "/api/v1/products"
    answers = [client.get(url), client.get(url)]
    answers.append(client.get(url, headers={"If-None-Match": answers[0].headers["ETag"]}))
    assert [a.status_code for a in answers] == [200, 200, 304]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"3"}  # the shortest window's
    [reset] = {a.headers["X-RateLimit-Reset"] for a in answers}  # one window
    assert 0 <= int(answers[-1].headers["Retry-After"]) <= 60

    for _ in range(2):
        refused = client.get(url)
        assert refused.status_code == 429
        assert refused.mimetype == "application/problem+json"
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        assert refused.headers["X-RateLimit-Reset"] == reset
    # Per endpoint, as before: another one still answers.
    assert client.get("/api/v1/categories").status_code == 200


def test_a_refused_request_is_not_counted_twice(app, client, store):
    app.config["API_RATE_LIMIT"] = "2 per minute; 3 per hour"
    url = "/api/v1/categories"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 429, 429]
    # The hour's count holds what Flask-Limiter alone would have counted: 2 answered, and
    # nothing for the refusals (they stop at the minute's limit, as before).
    with app.test_request_context(url):
        from limits import parse

        # Under Flask-Limiter's own prefix (the first any app of the process set, if any).
        prefix = [limiter._key_prefix] if limiter._key_prefix else []
        key = parse("3 per hour").key_for(*prefix, "127.0.0.1", "api.category_list")
        assert limiter.storage.get(key) == 2


@pytest.mark.parametrize("credentials", ["authorization", "remember_token", "session"])
def test_clients_with_credentials_go_through_the_whole_chain(client, store, credentials,
                                                             limiter_checks):
    url = "/api/v1/products"
    first = client.get(url)
    headers = {}
    if credentials == "authorization":
        headers["Authorization"] = "Bearer someone"
    else:
        client.set_cookie(credentials, "1|abc", domain="localhost")
    answer = client.get(url, headers=headers)
    assert len(limiter_checks) == 2
    assert _seen(answer) == _seen(first)


def test_refusals_and_other_reads_are_never_kept(client, store, limiter_checks):
    for url in ["/api/v1/products?per_page=abc", "/api/v1/products/no-such-product",
                "/api/v1/search?q=tenun", "/api/v1/openapi.json"]:
        before = len(limiter_checks)
        first, again = client.get(url), client.get(url)
        assert len(limiter_checks) == before + 2, url
        assert _seen(first) == _seen(again)


def test_early_answers_count_where_flask_limiter_counts_whatever_app_came_first(
        database_url, media_dir, store):
    """Flask-Limiter's one Limiter keeps the first key prefix any app of the process gave it
    (`_key_prefix or config`): the early answers must count under the same keys, or the full
    path and they would keep two counts and neither reach the limit."""
    from tests.conftest import make_test_app

    make_test_app(database_url, media_dir, RATELIMIT_KEY_PREFIX="another-store")
    app = make_test_app(database_url, media_dir, API_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client(use_cookies=False)
        answers = [client.get("/api/v1/categories") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0", "0"]
