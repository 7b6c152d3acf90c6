"""Search finds what a buyer means, on the demo catalogue, with either Indonesian stemmer.

The demo store (about 88 products with photos) is loaded once for this module through the
`flask demo-data` command, and indexed once per stemmer.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.catalog import queries, search
from marketplace.catalog.models import Category
from marketplace.catalog.search.stemming import STEMMERS
from marketplace.extensions import db
from tests.conftest import SEARCH_BACKENDS, empty_all_tables, make_test_app, skip_unless_backend_runs


@pytest.fixture(scope="module")
def demo_database(database_url, media_dir):
    app = make_test_app(database_url, media_dir)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    yield database_url
    with app.app_context():
        # Children point at their parents: SQLite refuses to delete them all in one statement.
        db.session.execute(sa.update(Category).values(parent_id=None))
        db.session.commit()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module", params=[(stemmer, backend) for backend in SEARCH_BACKENDS for stemmer in STEMMERS],
                ids=lambda param: "-".join(param))
def store_app(request, demo_database, media_dir, tmp_path_factory):
    stemmer, backend = request.param
    skip_unless_backend_runs(backend, demo_database)
    app = make_test_app(demo_database, media_dir, SEARCH_STEMMER=stemmer, SEARCH_BACKEND=backend,
                        SEARCH_INDEX_DIR=str(tmp_path_factory.mktemp(f"index-{stemmer}")))
    with app.app_context():
        assert search.rebuild() >= 80
        db.session.remove()
    yield app
    with app.app_context():  # its connections outlive the per-test clean-up of extra apps
        db.engine.dispose()


@pytest.fixture
def find(store_app):
    """find(query, **filters) -> (result, [product, ...] in ranked order)"""
    def run(query: str, **filters):
        with store_app.app_context():
            result = search.search_products(query, search.SearchFilters(**filters), per_page=100)
            products = queries.products_by_ids(result.ids)
            for product in products:
                product.category_slug = product.category.slug
                product.top_slug = (product.category.parent or product.category).slug
                product.regency = product.shop.regency
            db.session.remove()
            return result, products

    return run


def names(products) -> list[str]:
    return [p.name for p in products]


TEXTILES = {"tenun-ikat", "tenun-buna-sotis", "songket", "produk-tenun"}


@pytest.mark.parametrize("query", ["kain tenun ikat sumba", "tenun ikat"])
def test_tenun_ikat_finds_woven_ikat_first(find, query):
    result, products = find(query)
    assert result.total >= 10
    assert all(p.category_slug in TEXTILES for p in products[:10]), names(products[:10])
    assert all("ikat" in (p.name + p.category_slug).lower() for p in products[:5]), names(products[:5])


@pytest.mark.parametrize("query", ["menenun", "penenun", "tenunan"])
def test_indonesian_word_forms_find_tenun(find, query):
    result, products = find(query)
    _, by_root = find("tenun")
    assert result.total >= 10 and not result.approximate
    assert all(p.top_slug == "kain-tenun" for p in products[:5]), names(products[:5])
    assert {p.id for p in by_root} <= {p.id for p in products}


def test_madu_hutan_finds_forest_honey_first(find):
    _, products = find("madu hutan")
    top = names(products[:4])
    assert all("Madu" in name and "Hutan" in name for name in top), top
    assert "Madu Hutan Danau Sentarum" in top


def test_kopi_finds_coffee(find):
    _, products = find("kopi")
    assert names(products[:2]) == ["Kopi Robusta Keerom Bubuk", "Kopi Robusta Keerom Biji Sangrai"] \
        or set(names(products[:2])) == {"Kopi Robusta Keerom Bubuk", "Kopi Robusta Keerom Biji Sangrai"}


def test_songket_finds_songket_sambas(find):
    _, products = find("songket")
    assert all(p.category_slug in {"songket", "produk-tenun"} for p in products), names(products)
    assert "Kain Songket Sambas Motif Pucuk Rebung" in names(products)


@pytest.mark.parametrize(("query", "category"), [
    ("weaving", "kain-tenun"), ("honey", "madu"), ("coffee", "kopi"), ("woven cloth", "kain-tenun"),
])
def test_english_words_find_the_indonesian_listings(find, query, category):
    result, products = find(query)
    assert result.total >= 2
    assert all(category in (p.category_slug, p.top_slug) for p in products[:2]), names(products[:3])


@pytest.mark.parametrize(("typo", "meant", "category"), [
    ("tenunn", "tenun", "kain-tenun"), ("maduu", "madu", "madu"), ("kopii", "kopi", "kopi"),
    ("songkett sambas", "songket sambas", "songket"),
])
def test_typos_fall_back_to_near_words_and_suggest_the_right_one(find, typo, meant, category):
    result, products = find(typo)
    assert products, typo
    assert category in (products[0].category_slug, products[0].top_slug), names(products[:3])
    # "kopii" stems to "kopi" and finds it outright; the others need the fallback.
    if result.approximate:
        assert result.suggestion == meant


def test_a_suggestion_is_offered_only_when_it_finds_something(find):
    result, products = find("zzyzx")
    assert products == [] and result.suggestion is None


@pytest.mark.parametrize(("query", "regency"), [("Kapuas Hulu", "Kapuas Hulu"), ("Belu", "Belu"),
                                                ("nunukan", "Nunukan")])
def test_region_names_find_that_regions_products(find, query, regency):
    result, products = find(query)
    assert result.total >= 4
    assert all(p.regency == regency for p in products), [(p.name, p.regency) for p in products]


def test_filters_and_facets_on_the_demo_store(find):
    result, _ = find("tenun")
    regencies = dict(result.facets["regency"])
    assert regencies["Kupang"] >= 5 and regencies["Sintang"] >= 4
    only_kupang, products = find("tenun", regency="Kupang")
    assert {p.regency for p in products} == {"Kupang"}
    assert only_kupang.total == regencies["Kupang"]
    # The regency facet still offers the others, so a buyer can switch in one click.
    assert dict(only_kupang.facets["regency"]) == regencies


@pytest.mark.parametrize("query", ["tenun", "tenun ikat sumba"])
def test_a_filter_keeps_the_ranking_of_what_passes_it(find, query):
    """The PostgreSQL backend ranks only the documents passing the filters (the others are
    counted for the facets, never scored): what passes keeps the order it had unfiltered."""
    _, everything = find(query)
    _, in_kupang = find(query, regency="Kupang")
    assert len(in_kupang) >= 3
    assert names(in_kupang) == [p.name for p in everything if p.regency == "Kupang"]


def test_drafts_and_archived_demo_products_are_not_found(find):
    _, products = find("Tas Selempang Tenun Tais")  # a draft in the demo store
    assert "Tas Selempang Tenun Tais" not in names(products)
    _, products = find("Gantungan Kunci Sasando")  # archived
    assert "Gantungan Kunci Sasando Mini" not in names(products)


def test_a_typo_ranks_the_exactly_matched_word_above_its_near_spellings(find):
    """"sarung tenn": "tenn" is a typo of tenun, but "sarung" was typed right; the sarongs come
    first, not the honeycomb whose name holds the near spelling "sarang"."""
    result, products = find("sarung tenn")
    assert products
    top = names(products[:3])
    assert all(name.startswith("Sarung") for name in top), top
    assert "Madu Sarang Hutan" not in names(products[:5]), names(products[:5])
