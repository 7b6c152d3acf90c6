import pytest

from marketplace import create_app
from marketplace.config import ProductionConfig
from tests.conftest import make_test_app
from tests.test_security_headers import assert_secured


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_healthz_reports_an_unreachable_database(media_dir):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent/dir/db.sqlite",
                     MEDIA_DIR=str(media_dir))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


def test_unknown_page_is_a_404_in_the_store_look(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b'class="site-header"' in response.data
    assert b"<h1>" in response.data


def test_unexpected_error_is_a_calm_500_page(app, database_url, media_dir):
    app = make_test_app(database_url, media_dir, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaput")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b'class="site-header"' in response.data
    assert b"kaput" not in response.data
    assert_secured(response, "500 page")


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    assert ProductionConfig().SESSION_COOKIE_SECURE is True


def test_indonesian_is_the_default_and_english_persists(client):
    home = client.get("/")
    assert b'<html lang="id">' in home.data
    switch = client.get("/lang/en?next=/products")
    assert switch.status_code == 303
    assert switch.headers["Location"] == "/products"
    assert "lang=en" in switch.headers["Set-Cookie"]
    assert b'<html lang="en">' in client.get("/").data
    client.get("/lang/id")
    assert b'<html lang="id">' in client.get("/").data


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.get("/lang/xx?next=/")
    assert "Set-Cookie" not in response.headers
    assert b'<html lang="id">' in client.get("/").data


def test_anonymous_browsing_creates_no_session(client, db):
    from tests.factories import make_product

    product = make_product(photos=1)
    for url in ["/", "/products", "/products?page=2", "/no-such-page", f"/products/{product.slug}",
                f"/sellers/{product.shop.slug}"]:
        response = client.get(url)
        assert "session=" not in response.headers.get("Set-Cookie", ""), url


def test_api_style_errors_are_problem_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_static_assets_carry_a_content_version(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/css/site.css?v=" in html


def test_an_id_too_large_for_the_database_is_a_404_not_a_500(client, db, login_as):
    from tests.factories import make_shop, make_user

    seller = make_user()
    make_shop(owner=seller)
    login_as(seller)
    for url in ("/seller/orders/99999999999999999999999/packing-slip",
                "/seller/orders/2147483648/packing-slip"):
        assert client.get(url).status_code == 404


def test_production_refuses_to_start_without_a_database_url(monkeypatch, media_dir):
    """Without DATABASE_URL, production would quietly make a SQLite file in the checkout."""
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app("production", MEDIA_DIR=str(media_dir))
