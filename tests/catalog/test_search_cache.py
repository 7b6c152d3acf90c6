"""Popular searches come from the cache, and a product change shows at once on them.

The search page is cached like the catalogue's pages (marketplace/caching.py) under the data
versions plus the search index's own version; the result of a search is also kept by its
normalized words, filters, sort and page, for another spelling of the same URL and for
visitors with a session.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.catalog import search
from marketplace.catalog.models import Product, ProductStatus, StockReason
from marketplace.extensions import db as _db
from tests.factories import make_category, make_product, make_shop, make_user


def shown(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title">([^<]+)</h3>', html)


def main(page: str) -> str:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    return title + re.search(r'<main id="main" class="wrap">(.*)</main>', page, re.S).group(1)


@pytest.fixture
def store(db, search_dir):
    cloth = make_category("Tenun Ikat", "Ikat weaving")
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    products = {
        "sarung": make_product(kupang, cloth, name="Sarung Tenun Ikat Amarasi", prices=(1_250_000,)),
        "selendang": make_product(kupang, cloth, name="Selendang Tenun Ikat Kecil", prices=(275_000,)),
    }
    db.session.commit()
    search.rebuild()  # built by the first search otherwise: a new index, another version
    return products


@pytest.fixture
def engine_calls(monkeypatch):
    """How many searches reached the engine."""
    calls = []
    real = search.search_products

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(search, "search_products", counted)
    return calls


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_repeated_search_is_answered_from_the_cache(client, store, engine_calls, count_queries):
    first = client.get("/search?q=tenun")
    assert first.status_code == 200 and len(engine_calls) == 1
    assert first.headers["Cache-Control"] == "no-cache" and "Set-Cookie" not in first.headers
    with count_queries() as counter:
        again = client.get("/search?q=tenun")
    assert again.get_data() == first.get_data()
    assert len(engine_calls) == 1
    assert counter.count <= 1, counter.statements  # the data versions, nothing else
    assert client.get("/search?q=tenun",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_the_same_words_typed_otherwise_reuse_the_result(client, store, engine_calls):
    html = get(client, "/search?q=tenun+ikat&page=1")
    assert len(engine_calls) == 1
    other = get(client, "/search?q=++Tenun+IKAT+&page=1")
    assert len(engine_calls) == 1  # another URL, so another page, but the same search
    assert shown(other) == shown(html)
    assert "Tenun IKAT" in other  # what the buyer typed is still what the page says
    get(client, "/search?q=tenun+ikat&sort=price_asc")
    get(client, "/search?q=tenun+ikat&regency=Kupang")
    assert len(engine_calls) == 3  # another sort, another filter: another search


def test_a_signed_in_visitor_gets_the_same_results_from_the_cache(client, store, login_as,
                                                                  engine_calls):
    anonymous = get(client, "/search?q=tenun")
    buyer = make_user(name="Maria Buyer")
    _db.session.commit()
    login_as(buyer)
    signed_in = get(client, "/search?q=tenun")
    assert len(engine_calls) == 1
    assert main(signed_in) == main(anonymous)
    assert "Maria Buyer" in signed_in


def test_a_product_change_shows_at_once_in_cached_results(client, db, store):
    from marketplace.catalog import inventory
    from marketplace.sellers import listings

    assert set(shown(get(client, "/search?q=tenun"))) == {"Selendang Tenun Ikat Kecil",
                                                           "Sarung Tenun Ikat Amarasi"}
    before = get(client, "/search?q=tenun&in_stock=1")
    assert len(shown(before)) == 2
    sarung = store["sarung"]
    for variant in sarung.active_variants:
        inventory.adjust_stock(variant, -variant.stock, StockReason.SALE, None)
    db.session.commit()
    search.apply_pending()  # what the end of the request that committed does
    assert shown(get(client, "/search?q=tenun&in_stock=1")) == ["Selendang Tenun Ikat Kecil"]

    listings.change_status(store["selendang"], ProductStatus.ARCHIVED)
    search.apply_pending()
    assert shown(get(client, "/search?q=tenun")) == ["Sarung Tenun Ikat Amarasi"]


def test_a_change_the_index_applies_later_is_not_hidden_by_the_cache(client, db, store):
    """The index may be brought up to date after the catalogue version moved (another process
    held the writer, or cron applies the queue): the index's own version is in the key."""
    assert shown(get(client, "/search?q=kopi")) == []
    sarung = store["sarung"]
    db.session.execute(sa.update(Product).where(Product.id == sarung.id)
                       .values(name="Kopi Robusta Keerom"))  # no version bump on purpose
    db.session.commit()
    assert shown(get(client, "/search?q=kopi")) == []  # the index does not know yet
    search.index_products([sarung.id])
    db.session.commit()
    search.apply_pending()  # applied later (cron); the catalogue version did not move
    assert shown(get(client, "/search?q=kopi")) == ["Kopi Robusta Keerom"]



def test_the_index_version_is_remembered_a_moment_yet_this_process_changes_show_at_once(
        app, client, db, store, database_url, media_dir, search_dir, monkeypatch):
    """As the data versions (CACHE_VERSION_TTL): a search page does not read the index's
    version from disk on every request; a change this process applies shows at once, one that
    another process applies within the TTL."""
    import time

    from tests.conftest import make_test_app

    app.config["CACHE_VERSION_TTL"] = 30
    sarung = store["sarung"]
    assert shown(get(client, "/search?q=kopi")) == []
    db.session.execute(sa.update(Product).where(Product.id == sarung.id)
                       .values(name="Kopi Robusta Keerom"))  # no version bump on purpose
    db.session.commit()
    search.index_products([sarung.id])
    db.session.commit()
    search.apply_pending()  # applied by this process
    assert shown(get(client, "/search?q=kopi")) == ["Kopi Robusta Keerom"]

    other = make_test_app(database_url, media_dir, SEARCH_INDEX_DIR=str(search_dir))
    with other.app_context():  # another worker on this machine makes and applies the next change
        from marketplace.catalog.services import bump_catalogue_version

        _db.session.execute(sa.update(Product).where(Product.id == sarung.id)
                            .values(name="Kopi Arabika Wamena"))
        search.index_products([sarung.id])
        bump_catalogue_version()  # as the listing services do
        _db.session.commit()
        search.apply_pending()
    assert shown(get(client, "/search?q=kopi")) == ["Kopi Robusta Keerom"]  # within the TTL
    later = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert shown(get(client, "/search?q=kopi")) == ["Kopi Arabika Wamena"]
