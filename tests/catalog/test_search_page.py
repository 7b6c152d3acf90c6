"""The search page: results with snippets, facets, sorting, pages, suggestions, odd queries."""
from __future__ import annotations

import re

import pytest

from marketplace.catalog import queries, search
from tests.factories import make_category, make_product, make_shop


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def store(db, search_dir, search_backend):
    """Two regions, two categories, prices across bands; the index is built by the first search
    (on each search backend)."""
    cloth = make_category("Tenun Ikat", "Ikat weaving")
    honey = make_category("Madu", "Honey", kind="food")
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    belu = make_shop(name="Tais Tasifeto", regency="Belu")
    hulu = make_shop(name="Madu Danau Sentarum", province="Kalimantan Barat", regency="Kapuas Hulu")
    products = {
        "sarung": make_product(kupang, cloth, name="Sarung Tenun Ikat Amarasi", prices=(1_250_000,)),
        "selendang": make_product(kupang, cloth, name="Selendang Tenun Ikat Kecil", prices=(275_000,)),
        "tais": make_product(belu, cloth, name="Tais Feto Tenun Sotis", prices=(450_000,), stocks=[0]),
        "madu": make_product(hulu, honey, name="Madu Hutan Danau Sentarum", prices=(95_000,)),
    }
    products["madu"].description = "Dipanen dari sarang lebah di pohon tinggi."  # not "ditenun"
    db.session.commit()
    return products


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def shown(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title">([^<]+)</h3>', html)


def test_results_with_facets_as_links_with_counts(english, store):
    html = page(english, "/search?q=tenun")
    assert shown(html)[:1] != [] and set(shown(html)) == {
        "Sarung Tenun Ikat Amarasi", "Selendang Tenun Ikat Kecil", "Tais Feto Tenun Sotis"}
    assert "3 products" in html
    assert re.search(r'province=Nusa\+Tenggara\+Timur">Nusa Tenggara Timur <span class="count">\(3\)', html)
    assert "regency=" not in html  # a province narrows to its regencies once chosen
    assert re.search(r'category=kategori-\d+">Ikat weaving <span class="count">\(3\)', html)
    assert re.search(r'price=1000000-">IDR1,000,000 and more <span class="count">\(1\)', html)
    assert re.search(r'in_stock=1">In stock only <span class="count">\(2\)', html)
    assert "Kapuas Hulu" not in html  # no honey matched "tenun"


def test_following_facets_filters_and_keeps_the_others_offered(english, store):
    html = page(english, "/search?q=tenun&province=Nusa+Tenggara+Timur")
    assert re.search(r'province=Nusa\+Tenggara\+Timur&amp;regency=Kupang">Kupang <span class="count">\(2\)', html)
    assert re.search(r'regency=Belu">Belu <span class="count">\(1\)', html)
    html = page(english, "/search?q=tenun&regency=Kupang")
    assert set(shown(html)) == {"Sarung Tenun Ikat Amarasi", "Selendang Tenun Ikat Kecil"}
    assert 'aria-current="true" class="facet-on">Kupang' in html
    assert re.search(r'regency=Belu&amp;province=Nusa\+Tenggara\+Timur">Belu <span class="count">\(1\)',
                     html)  # switch in one click
    html = page(english, "/search?q=tenun&regency=Kupang&price=250000-500000")
    assert shown(html) == ["Selendang Tenun Ikat Kecil"]
    html = page(english, "/search?q=tenun&in_stock=1")
    assert "Tais Feto Tenun Sotis" not in shown(html) and len(shown(html)) == 2
    category = store["madu"].category
    assert shown(page(english, f"/search?category={category.slug}")) == ["Madu Hutan Danau Sentarum"]


def test_sorting_by_price_and_newest(english, store):
    assert shown(page(english, "/search?q=tenun&sort=price_asc")) == [
        "Selendang Tenun Ikat Kecil", "Tais Feto Tenun Sotis", "Sarung Tenun Ikat Amarasi"]
    assert shown(page(english, "/search?q=tenun&sort=price_desc"))[0] == "Sarung Tenun Ikat Amarasi"
    assert shown(page(english, "/search?q=tenun&sort=newest"))[0] == "Tais Feto Tenun Sotis"
    # The sort is a compact select that shows the order in use.
    assert '<option value="price_asc" selected>Price: low to high</option>' in page(
        english, "/search?q=tenun&sort=price_asc")


def test_pagination(english, db, search_dir, search_backend):
    shop = make_shop()
    for i in range(14):
        make_product(shop, name=f"Kopi Robusta {i:02d}", prices=(50_000 + i * 1000,))
    first = page(english, "/search?q=kopi&sort=price_asc")
    assert len(shown(first)) == 12 and "Page 1 of 2" in first
    assert 'rel="next" href="/search?q=kopi&amp;sort=price_asc&amp;page=2"' in first
    second = page(english, "/search?q=kopi&sort=price_asc&page=2")
    assert shown(second) == ["Kopi Robusta 12", "Kopi Robusta 13"]
    assert shown(page(english, "/search?q=kopi&sort=price_asc&page=99")) == shown(second)


def test_snippets_mark_matches_and_escape_the_products_text(english, db, search_dir, search_backend):
    product = make_product(name="<script>alert(1)</script> Tenun")
    product.description = 'Kain <b>tenun</b> & "ikat" <script>steal()</script> dari Kupang.'
    search.index_products([product.id])
    db.session.commit()
    html = page(english, "/search?q=tenun")
    assert "<script>alert(1)</script>" not in html and "<script>steal()" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tenun" in html
    snippet = re.search(r'<p class="card-snippet">(.*?)</p>', html).group(1)
    assert "<mark>tenun</mark>" in snippet
    assert "&lt;b&gt;" in snippet and "&lt;script&gt;steal()" in snippet and "&amp;" in snippet
    assert snippet.count("<") == snippet.count("<mark>") + snippet.count("</mark>")


@pytest.mark.parametrize("q", ['"', "AND OR", "*", "(", ")", "%00", "x" * 5000,
                               'tenun AND (ikat OR "', "\\", "[]{}", "<script>", "-", "~1", "tenun*"])
def test_odd_queries_answer_a_normal_page(english, store, q):
    response = english.get("/search", query_string={"q": q})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>" not in html.split("<main", 1)[1]


def test_a_nul_byte_in_the_query_is_refused_with_a_reason(english, store):
    # PostgreSQL cannot store one; the whole app refuses it at the edge (marketplace/security.py).
    response = english.get("/search", query_string={"q": "tenun\x00ikat"})
    assert response.status_code == 400
    assert "a NUL byte" in response.get_data(as_text=True)


@pytest.mark.parametrize("args", ["category=nope", "price=abc", "page=-1", "page=abc", "sort=drop",
                                  "regency=Atlantis", "province=Mars", "in_stock=maybe"])
def test_nonsense_filters_are_ignored(english, store, args):
    assert len(shown(page(english, f"/search?q=tenun&{args}"))) == 3


def test_did_you_mean_after_a_typo(english, store):
    html = page(english, "/search?q=tenunn")
    assert 'Did you mean <a href="/search?q=tenun" rel="nofollow"><strong>tenun</strong></a>?' in html
    assert len(shown(html)) == 3  # and the near matches are shown meanwhile


def test_an_empty_query_browses_everything_newest_first(english, store):
    html = page(english, "/search")
    assert shown(html)[0] == "Madu Hutan Danau Sentarum" and len(shown(html)) == 4
    assert "Kapuas Hulu" in html


def test_no_results_page(english, store):
    html = page(english, "/search?q=zzyzx")
    assert "No products match “zzyzx”." in html and shown(html) == []


def test_a_search_page_loads_its_products_in_one_query_plus_photos(app, db, count_queries):
    shop = make_shop()
    ids = [make_product(shop, name=f"Madu {i}", photos=1).id for i in range(5)]
    wanted = [ids[3], ids[0], ids[4]]
    with count_queries() as counter:
        products = queries.products_by_ids(wanted)
        assert [p.cover for p in products] and [p.shop.name for p in products]
    assert [p.id for p in products] == wanted
    assert counter.count == 2


def test_suggestions_as_json(client, store):
    page(client, "/search?q=madu")  # builds the index
    response = client.get("/search/suggest?q=tenun ik")
    assert response.status_code == 200 and response.is_json
    assert response.headers["Cache-Control"].startswith("public")
    suggestions = response.get_json()["suggestions"]
    assert "Sarung Tenun Ikat Amarasi" in suggestions and "Madu Hutan Danau Sentarum" not in suggestions
    assert client.get("/search/suggest?q=").get_json()["suggestions"] == []
    assert client.get("/search/suggest", query_string={"q": "*\""}).status_code == 200
    # A NUL byte is refused before any search (marketplace/security.py, tests/test_nul_bytes.py).
    assert client.get("/search/suggest", query_string={"q": "\x00*\""}).status_code == 400


def test_the_header_box_searches_and_the_page_enhances_it(client, store):
    home = page(client, "/")
    assert re.search(r'<form class="search" action="/search" method="get" role="search">', home)
    html = page(client, "/search?q=madu")
    assert 'data-suggest-url="/search/suggest"' in html and "js/suggest.js" in html
    assert 'name="q" type="search"' in html and 'value="madu"' in html


def test_search_being_prepared_is_a_calm_page(english, db, search_dir):
    from marketplace.catalog.search import store as index_store

    make_product(name="Kopi Robusta")
    with index_store.writer_lock(search_dir, blocking=True):
        html = page(english, "/search?q=kopi")
    assert "Search is being prepared" in html
