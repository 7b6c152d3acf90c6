"""The production configuration keeps CSRF protection on: built as `SENTRA_CONFIG=production`
builds it (with the environment production requires), a POST without its token is refused and
the same POST with it goes through."""
from __future__ import annotations

import re

import pytest

from marketplace import create_app
from marketplace.extensions import db as _db
from tests.factories import PASSWORD, make_user

PUBLIC = "https://sentra.example.id"


@pytest.fixture
def production_app(monkeypatch, app, database_url, media_dir, tmp_path):
    monkeypatch.setenv("SENTRA_CONFIG", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret-" + "k" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    # Only where things are kept differs from a real server: this test's database and folders.
    made = create_app(None, SQLALCHEMY_DATABASE_URI=database_url, MEDIA_DIR=str(media_dir),
                      SEARCH_INDEX_DIR=str(tmp_path / "search-index"))
    assert made.config["NAME"] == "production" and not made.testing
    assert made.config.get("WTF_CSRF_ENABLED", True) is True
    yield made
    with made.app_context():
        _db.engine.dispose()


def _token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_post_without_its_token_is_refused_in_production(production_app, db):
    make_user(email="ina@contoh.id")
    client = production_app.test_client()
    client.get("/account/login", base_url=PUBLIC)  # a session exists: only the token is missing
    form = {"email": "ina@contoh.id", "password": PASSWORD}
    refused = client.post("/account/login", data=form, base_url=PUBLIC)
    assert refused.status_code == 400
    assert "Formulir kedaluwarsa; muat ulang halaman" in refused.get_data(as_text=True)
    assert "remember_token" not in refused.headers.get("Set-Cookie", "")
    forged = client.post("/account/login", data={**form, "csrf_token": "forged"}, base_url=PUBLIC)
    assert forged.status_code == 400

    with production_app.test_client() as fresh:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          fresh.get("/account/login", base_url=PUBLIC).get_data(as_text=True))
        # Over HTTPS Flask-WTF also wants the Referer of a page of this site, as browsers send.
        accepted = fresh.post("/account/login", data={**form, "csrf_token": token.group(1)},
                              base_url=PUBLIC, headers={"Referer": f"{PUBLIC}/account/login"})
        assert accepted.status_code == 303
        # Signed in, the log-out form too needs its token.
        assert fresh.post("/account/logout", base_url=PUBLIC).status_code == 400
        page = fresh.get("/", base_url=PUBLIC).get_data(as_text=True)
        logout_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert fresh.post("/account/logout", data={"csrf_token": logout_token}, base_url=PUBLIC,
                          headers={"Referer": f"{PUBLIC}/"}).status_code == 303
