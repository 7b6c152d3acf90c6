"""/api/v1/search, /api/v1/categories and /api/v1/sellers/<slug>."""
from __future__ import annotations

import pytest

from tests.api.conftest import PRODUCT_EXAMPLE, SELLER_EXAMPLE
from tests.api.test_products import get_json, slugs


def test_search_results_with_highlights_facets_and_pages(client, store, search_backend):
    payload = get_json(client, "/api/v1/search?q=tenun&per_page=2")
    assert payload["meta"]["total"] == 3 and payload["meta"]["pages"] == 2
    assert payload["meta"]["suggestion"] is None and payload["meta"]["approximate"] is False
    assert set(slugs(payload)) <= {"selendang-tenun-ikat", PRODUCT_EXAMPLE, "tais-feto-tenun-sotis"}
    assert all("<mark>" in item["highlight"] for item in payload["data"])
    assert payload["data"][0]["price"]["currency"] == "IDR"
    facets = payload["facets"]
    assert {f["value"]: f["count"] for f in facets["regency"]} == {"Kupang": 2, "Belu": 1}
    assert facets["province"] == [{"value": "Nusa Tenggara Timur", "count": 3}]
    assert facets["in_stock"] == 2
    assert [(f["value"], f["count"]) for f in facets["price"]] == [
        ("250000-500000", 2), ("1000000-", 1)]
    assert facets["price"][1]["min"] == {"amount": 1_000_000, "currency": "IDR"}
    assert facets["price"][1]["max"] is None
    ikat = store.products["sarung"].category
    by_slug = {f["slug"]: f for f in facets["category"]}
    assert by_slug[ikat.slug]["count"] == 2 and by_slug[ikat.slug]["parent"] == ikat.parent.slug
    assert by_slug[ikat.parent.slug]["count"] == 3
    second = get_json(client, payload["links"]["next"])
    assert second["links"]["next"] is None and len(second["data"]) == 1
    assert set(slugs(payload) + slugs(second)) == {"selendang-tenun-ikat", PRODUCT_EXAMPLE,
                                                   "tais-feto-tenun-sotis"}
    assert payload["links"]["html"] == second["links"]["html"] == "http://localhost/search?q=tenun"


def test_search_filters(client, store, search_backend):
    payload = get_json(client, "/api/v1/search?q=tenun&regency=Belu")
    assert slugs(payload) == ["tais-feto-tenun-sotis"]
    # Facets count over the other filters: switching regency stays one click away.
    assert {f["value"] for f in payload["facets"]["regency"]} == {"Kupang", "Belu"}
    assert slugs(get_json(client, "/api/v1/search?q=tenun&in_stock=1&price=1000000-")) == [
        PRODUCT_EXAMPLE]
    honey = store.products["madu"].category.parent.slug
    assert slugs(get_json(client, f"/api/v1/search?category={honey}")) == [
        "madu-hutan-danau-sentarum"]
    assert slugs(get_json(client, "/api/v1/search?q=tenun&sort=price_asc")) == [
        "selendang-tenun-ikat", "tais-feto-tenun-sotis", PRODUCT_EXAMPLE]


def test_did_you_mean(client, store, search_backend):
    payload = get_json(client, "/api/v1/search?q=madu+hutam+sentarun")
    if payload["data"]:  # typos forgiven outright
        assert slugs(payload) == ["madu-hutan-danau-sentarum"]
    payload = get_json(client, "/api/v1/search?q=tenn")
    assert payload["data"] == [] and payload["meta"]["suggestion"] == "tenun"
    assert payload["links"]["suggestion"] == "http://localhost/api/v1/search?q=tenun"
    assert get_json(client, payload["links"]["suggestion"])["meta"]["total"] == 3


def test_search_never_shows_hidden_products(client, store, search_backend):
    found = slugs(get_json(client, "/api/v1/search?per_page=100"))
    assert sorted(found) == sorted(p.slug for p in store.products.values())


@pytest.mark.parametrize(("query", "parameter"), [
    ("q=" + "a" * 201, "q"),
    ("category=nope", "category"),
    ("regency=Atlantis", "regency"),
    ("price=1-2", "price"),
    ("sort=best", "sort"),
    ("page=-1", "page"),
    ("min_price=1000", "min_price"),  # a catalogue filter, not a search one
])
def test_search_refuses_what_it_cannot_use(client, store, search_backend, query, parameter):
    problem = get_json(client, "/api/v1/search?" + query, status=400)
    assert [error["parameter"] for error in problem["errors"]] == [parameter]


@pytest.mark.parametrize("q", ['"', "AND OR", "*", "((", "a" * 200])
def test_odd_queries_are_answered(client, store, search_backend, q):
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_a_nul_byte_in_the_query_is_a_400_problem(client, store, search_backend):
    response = client.get("/api/v1/search", query_string={"q": "tenun\x00ikat"})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_category_tree(client, store):
    tree = get_json(client, "/api/v1/categories")["data"]
    assert [(top["name"]["en"], [c["name"]["en"] for c in top["children"]]) for top in tree] == [
        ("Cloth & weaving", ["Ikat weaving"]), ("Food & drink", ["Honey"])]
    cloth = tree[0]
    assert cloth["kind"] == "textile"
    api = cloth["links"]["products"]
    assert api == f"http://localhost/api/v1/products?category={cloth['slug']}"
    assert cloth["links"]["html"] == f"http://localhost/products?category={cloth['slug']}"
    assert len(slugs(get_json(client, cloth["links"]["products"]))) == 3


def test_seller_profile_and_its_products(client, store):
    payload = get_json(client, f"/api/v1/sellers/{SELLER_EXAMPLE}?per_page=1")
    shop = payload["data"]
    assert shop == {
        "slug": SELLER_EXAMPLE, "name": "Tenun Ina Kupang", "story": "Kelompok tenun ikat.",
        "province": "Nusa Tenggara Timur", "regency": "Kupang", "cooperative": None,
        "verified": True,
        "links": {"self": f"http://localhost/api/v1/sellers/{SELLER_EXAMPLE}",
                  "html": f"http://localhost/sellers/{SELLER_EXAMPLE}"},
    }
    products = payload["products"]
    assert products["meta"] == {"pagination": "page", "page": 1, "pages": 2, "per_page": 1,
                                "total": 2}
    second = get_json(client, products["links"]["next"])["products"]
    assert second["links"]["html"] == f"http://localhost/sellers/{SELLER_EXAMPLE}"
    # Neither the draft, the archived nor the taken-down listing of the shop is shown or counted.
    assert sorted(slugs(products) + slugs(second)) == [PRODUCT_EXAMPLE, "selendang-tenun-ikat"]


def test_a_shop_whose_product_was_taken_down_counts_only_what_it_shows(client, store):
    belu = store.shops["belu"]
    products = get_json(client, f"/api/v1/sellers/{belu.slug}")["products"]
    assert slugs(products) == ["tais-feto-tenun-sotis"] and products["meta"]["total"] == 1


def test_a_suspended_or_unknown_shop_is_not_found(client, store):
    get_json(client, f"/api/v1/sellers/{store.shops['suspended'].slug}", status=404)
    get_json(client, "/api/v1/sellers/no-such-shop", status=404)


def test_seller_pages_refuse_filters(client, store):
    problem = get_json(client, f"/api/v1/sellers/{SELLER_EXAMPLE}?sort=price_asc", status=400)
    assert problem["errors"] == [{"parameter": "sort", "detail": "Unknown parameter."}]


def test_search_statements_do_not_grow_with_the_page(client, store, search_backend, count_queries):
    client.get("/api/v1/search?q=tenun")  # the first search builds the index

    def statements(per_page: int) -> int:
        with count_queries() as counter:
            assert client.get(f"/api/v1/search?q=tenun&per_page={per_page}").status_code == 200
        return counter.count

    assert statements(1) == statements(3) <= 5
