"""SEARCH_BACKEND=postgresql: written in the product change's own transaction, so every app server
finds a change as soon as it is committed; refused on SQLite; rebuilt by `flask search reindex`."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from marketplace import create_app
from marketplace.catalog import search
from marketplace.catalog.models import ProductStatus
from marketplace.catalog.search import pg_schema
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from marketplace.sellers.listings import change_status
from tests.factories import PASSWORD, make_product, make_shop, make_user
from tests.test_ratelimit_shared import _default_environment, _free_port



@pytest.fixture
def pg_search(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SEARCH_BACKEND=postgresql needs PostgreSQL (TEST_DATABASE_URL)")
    app.config["SEARCH_BACKEND"] = "postgresql"
    return app


def _found(query: str) -> list[int]:
    return search.search_products(query).ids


def _other_connection_finds(database_url: str, word: str) -> list[int]:
    """What a search reads from another connection (another app server), no apply step."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(sa.text(
                "SELECT product_id FROM search_pg_documents WHERE document @@ CAST(:q AS tsquery)"),
                {"q": f"'{word}'"}))
    finally:
        engine.dispose()


def test_postgresql_search_is_refused_at_start_up_on_sqlite(tmp_path):
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND=postgresql needs a PostgreSQL database"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
                   SEARCH_BACKEND="postgresql")
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND must be one of whoosh, postgresql"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
                   SEARCH_BACKEND="elastic")


def test_a_published_product_is_found_once_committed_and_gone_once_unpublished(pg_search, database_url):
    assert _found("kopi") == []  # the first search builds the (empty) index
    product = make_product(name="Kopi Bajawa Arabika", status=ProductStatus.DRAFT, photos=1)
    change_status(product, ProductStatus.ACTIVE)  # commits; nothing applied after it
    assert _other_connection_finds(database_url, "bajawa") == [product.id]
    assert _found("kopi bajawa") == [product.id]
    change_status(product, ProductStatus.ARCHIVED)
    assert _other_connection_finds(database_url, "bajawa") == []
    assert _found("kopi bajawa") == []


def test_a_rolled_back_change_leaves_the_index_as_it_was(pg_search, database_url):
    assert _found("madu") == []
    product = make_product(name="Madu Kelulut", status=ProductStatus.DRAFT, photos=1)
    product.status = ProductStatus.ACTIVE
    search.index_products([product.id])
    db.session.rollback()
    assert _found("madu kelulut") == []


def _vocabulary() -> tuple[dict, dict]:
    rows = db.session.execute(sa.select(pg_schema.terms)).all()
    words = {(r.field, r.term): (r.docs, r.freq) for r in rows if r.field != pg_schema.STATS}
    stats = {r.term: (r.docs, r.freq) for r in rows if r.field == pg_schema.STATS and r.term == ""}
    return words, stats


def test_the_vocabulary_written_change_by_change_is_the_one_a_rebuild_counts(pg_search):
    shop = make_shop(name="Tenun Ina Amarasi")
    products = [make_product(shop, name=name) for name in
                ("Sarung Tenun Ikat", "Selendang Tenun Songket", "Kopi Robusta Flores")]
    search.rebuild()
    products[0].name = "Sarung Tenun Buna"
    search.index_products([products[0].id])
    products[2].status = ProductStatus.ARCHIVED
    search.index_products([products[2].id])
    extra = make_product(shop, name="Madu Hutan Sumbawa")
    search.index_products([extra.id])
    db.session.commit()
    written = _vocabulary()
    assert ("t", "robusta") not in written[0] and written[0][("s", "buna")] == (1, 1)
    search.rebuild()
    assert _vocabulary() == written
    assert written[1][""][0] == 3


def test_a_missing_index_is_built_by_one_process_while_others_say_it_is_being_prepared(
        pg_search, client, database_url):
    make_product(name="Kopi Robusta")
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as other:  # another process building the index
            other.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": pg_schema.BUILD_LOCK})
            client.set_cookie("lang", "en")
            assert "Search is being prepared" in client.get("/search?q=kopi").get_data(as_text=True)
            other.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": pg_schema.BUILD_LOCK})
    finally:
        engine.dispose()
    assert "Kopi Robusta" in client.get("/search?q=kopi").get_data(as_text=True)


def test_flask_search_reindex_rebuilds_documents_and_vocabulary(pg_search, runner):
    product = make_product(name="Keripik Tempe Malang")
    db.session.execute(sa.delete(pg_schema.documents))
    db.session.execute(sa.delete(pg_schema.terms))
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 product(s)." in result.output
    assert _found("keripik") == [product.id]
    assert _vocabulary()[0][("s", "keripik")] == (1, 1)


# --- two app servers, one database ------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
_SHOP = re.compile(r'name="shop_id" value="(\d+)"')


def _start_server(instance: Path, database_url: str, log_path: Path):
    port = _free_port()
    env = _default_environment(instance, database_url, SEARCH_BACKEND="postgresql")
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--no-control-socket", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return server, log, f"http://127.0.0.1:{port}"


def _wait_until_up(server, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()[-3000:]
        time.sleep(0.2)


@pytest.fixture
def two_servers(pg_search, database_url, tmp_path):
    servers = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append((*_start_server(tmp_path / name, database_url, tmp_path / f"{name}.log"),
                            tmp_path / f"{name}.log"))
        for server, _, base, log_path in servers:
            _wait_until_up(server, base, log_path)
        yield [base for _, _, base, _ in servers]
    finally:
        for server, log, _, _ in servers:
            server.terminate()
            server.wait(30)
            log.close()


def _slugs(base: str, query: str) -> list[str]:
    response = requests.get(f"{base}/api/v1/search", params={"q": query}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return [item["slug"] for item in response.json()["data"]]


def test_a_product_published_through_one_server_is_found_on_the_other(two_servers):
    first, second = two_servers
    seller = make_user(email="ina@contoh.id")
    shop = make_shop(name="Tenun Ina Sumba", owner=seller)
    product = make_product(shop, name="Hinggi Kombu Sumba Timur", status=ProductStatus.DRAFT, photos=1)
    slug = product.slug
    db.session.commit()
    assert _slugs(second, "hinggi") == []  # the second server's first search builds the index

    with requests.Session() as browser:  # the seller publishes through the first server
        token = _CSRF.search(browser.get(f"{first}/account/login", timeout=30).text).group(1)
        login = browser.post(f"{first}/account/login", timeout=30, allow_redirects=False,
                             headers={"Origin": first},
                             data={"csrf_token": token, "email": "ina@contoh.id", "password": PASSWORD})
        assert login.status_code == 303, login.text[:500]
        listing = browser.get(f"{first}/seller/products", timeout=30).text
        fields = {"csrf_token": _CSRF.search(listing).group(1), "action": "publish"}
        if (shop_field := _SHOP.search(listing)) is not None:
            fields["shop_id"] = shop_field.group(1)
        published = browser.post(f"{first}/seller/products/{product.id}/status", data=fields,
                                 headers={"Origin": first}, allow_redirects=False, timeout=30)
        assert published.status_code == 303, published.text[:500]
    started = time.monotonic()
    while (found := _slugs(second, "hinggi sumba")) != [slug] and time.monotonic() - started < 2:
        time.sleep(0.05)
    assert found == [slug]
    assert time.monotonic() - started < 2
    assert Counter(_slugs(first, "hinggi")) == Counter([slug])


def test_readiness_reports_the_postgresql_index(pg_search, client):
    assert client.get("/readyz").get_json()["checks"]["search_index"] == "missing"
    search.rebuild()
    assert client.get("/readyz").get_json()["checks"]["search_index"] == "ok"
