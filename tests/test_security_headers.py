"""Security headers on every response the app makes: pages rendered and pages from the cache,
304s, the API, static files and photos, redirects and every kind of error; HSTS only under
production settings (the 500 page: tests/test_app.py). The browser side (no CSP violation on the main pages) is
tests/e2e/test_security_headers.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marketplace import create_app, security
from marketplace.extensions import db
from tests.factories import make_product, make_shop

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def csp_of(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def assert_secured(response, what: str) -> None:
    headers = response.headers
    csp = csp_of(response)
    assert csp["default-src"] == ["'self'"], what
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], what
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], what
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"], what
    assert headers["X-Content-Type-Options"] == "nosniff", what
    assert headers["X-Frame-Options"] == "DENY", what
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", what
    assert "camera=()" in headers["Permissions-Policy"], what
    assert "geolocation=()" in headers["Permissions-Policy"], what
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                 "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
        assert len(headers.getlist(name)) == 1, f"{what}: {name} sent {headers.getlist(name)}"


@pytest.fixture
def product(db):
    return make_product(make_shop(), photos=1)


def test_every_kind_of_response_carries_the_headers(app, client, product, count_queries):
    url = f"/products/{product.slug}"
    first = client.get(url)
    assert first.status_code == 200
    with count_queries() as counter:
        cached = client.get(url)  # the whole page from the cache, before any view ran
    assert cached.status_code == 200 and counter.count <= 1
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    photo = re.search(r'src="(/media/[^"]+)"', first.get_data(as_text=True)).group(1)
    responses = {
        "rendered page": first,
        "cached page": cached,
        "304": not_modified,
        "API": client.get("/api/v1/categories"),
        "API 404 (problem+json)": client.get("/api/v1/products/no-such-product"),
        "API 400": client.get("/api/v1/products?nope=1"),
        "static file": client.get("/static/css/site.css"),
        "photo": client.get(photo),
        "404 page": client.get("/no/such/page"),
        "400 page": client.get("/products?min_price=abc"),
        "405": client.post("/products"),
        "CSRF refusal": client.post("/account/login", data={"email": "a@b.id"}),
        "redirect": client.get("/lang/en?next=/"),
        "health check": client.get("/healthz"),
        "NUL refusal": client.get("/products/%00"),
    }
    expected = {"API": 200, "API 404 (problem+json)": 404, "API 400": 400, "static file": 200,
                "photo": 200, "404 page": 404, "400 page": 400, "405": 405,
                "CSRF refusal": 400, "redirect": 303, "health check": 200, "NUL refusal": 404}
    for what, response in responses.items():
        assert response.status_code == expected.get(what, response.status_code), what
        assert_secured(response, what)
        assert "Strict-Transport-Security" not in response.headers, what  # not production
        response.close()  # file responses hold their file open until closed


def test_production_adds_hsts_and_upgrades_insecure_requests(monkeypatch, database_url,
                                                             media_dir):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database_url,
                     MEDIA_DIR=str(media_dir))
    try:
        response = app.test_client().get("/healthz", base_url="https://sentra.example.id")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "upgrade-insecure-requests" in response.headers["Content-Security-Policy"]
        assert_secured(response, "production")
    finally:
        with app.app_context():
            db.engine.dispose()


def test_photos_from_a_bucket_or_cdn_are_allowed_by_the_policy(app, client):
    app.config["MEDIA_URL"] = "https://media.sentra.example.id/photos/"
    images = csp_of(client.get("/healthz"))["img-src"]
    assert images == ["'self'", "https://media.sentra.example.id"]
    app.config["MEDIA_URL"] = "/media/"
    assert csp_of(client.get("/healthz"))["img-src"] == ["'self'"]


def test_forms_may_lead_to_stripe_checkout_only_when_cards_are_on(app, client):
    assert csp_of(client.get("/healthz"))["form-action"] == ["'self'"]
    app.config.update(STRIPE_SECRET_KEY="sk_test_x", STRIPE_API_BASE=None)
    assert csp_of(client.get("/healthz"))["form-action"] == ["'self'", security.STRIPE_CHECKOUT]
    app.config.update(STRIPE_API_BASE="http://127.0.0.1:12111")
    assert csp_of(client.get("/healthz"))["form-action"] == ["'self'", "http://127.0.0.1:12111"]


_INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_what_the_policy_forbids():
    """The policy allows no inline script or style: no template may carry any."""
    found = []
    for path in sorted((PROJECT_ROOT / "marketplace").rglob("*.html")):
        text = path.read_text()
        for pattern, what in _INLINE:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(PROJECT_ROOT)}: {what}: {match.group(0)!r}")
    assert found == []
