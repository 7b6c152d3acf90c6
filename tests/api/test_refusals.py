"""The API refuses what it does not document: an empty or control-character filter value, a
parameter given twice, and a request line longer than the server reads (414, documented, as
problem+json like every other error)."""
from __future__ import annotations

import pytest

from marketplace.security import MAX_URL_LENGTH
from tests.api.test_products import get_json

PROBLEM = "application/problem+json"


def refused(client, url: str, parameter: str) -> dict:
    problem = get_json(client, url, status=400)
    assert [error["parameter"] for error in problem["errors"]] == [parameter], problem
    return problem["errors"][0]["detail"]


@pytest.mark.parametrize("endpoint,parameter", [
    ("/api/v1/products", "category"), ("/api/v1/products", "province"),
    ("/api/v1/products", "regency"), ("/api/v1/products", "min_price"),
    ("/api/v1/products", "max_price"), ("/api/v1/products", "in_stock"),
    ("/api/v1/products", "well_packaged"), ("/api/v1/products", "sort"),
    ("/api/v1/products", "page"), ("/api/v1/products", "per_page"),
    ("/api/v1/products", "cursor"),
    ("/api/v1/search", "category"), ("/api/v1/search", "province"), ("/api/v1/search", "regency"),
    ("/api/v1/search", "price"), ("/api/v1/search", "in_stock"), ("/api/v1/search", "sort"),
    ("/api/v1/sellers/tenun-ina-kupang", "page"),
])
def test_an_empty_filter_value_is_a_400(client, store, endpoint, parameter):
    detail = refused(client, f"{endpoint}?{parameter}=", parameter)
    assert "empty" in detail


@pytest.mark.parametrize("query,parameter", [
    ("province=%15", "province"),
    ("province=Nusa%20Tenggara%20Timur%0A", "province"),
    ("regency=Belu%09", "regency"),
    ("category=%1Btenun", "category"),
    ("q=madu%7F", "q"),
    ("q=madu%C2%85hutan", "q"),  # NEL, a C1 control character
    ("sort=newest%0D", "sort"),
])
def test_a_value_with_control_characters_is_a_400(client, store, query, parameter):
    for endpoint in ("/api/v1/products", "/api/v1/search"):
        detail = refused(client, f"{endpoint}?{query}", parameter)
        assert "control character" in detail


@pytest.mark.parametrize("url,parameter", [
    ("/api/v1/products?province=Kalimantan%20Barat&province=Nusa%20Tenggara%20Timur", "province"),
    ("/api/v1/products?page=1&page=2", "page"),
    ("/api/v1/products?q=madu&q=tenun", "q"),
    ("/api/v1/search?q=madu&q=tenun", "q"),
    ("/api/v1/search?in_stock=1&in_stock=1", "in_stock"),  # even the same value twice
    ("/api/v1/sellers/tenun-ina-kupang?per_page=2&per_page=3", "per_page"),
])
def test_a_repeated_parameter_is_a_400(client, store, url, parameter):
    detail = refused(client, url, parameter)
    assert "once" in detail


def test_an_empty_query_still_lists_everything_as_documented(client, store):
    assert get_json(client, "/api/v1/search?q=")["meta"]["total"] == 4
    assert get_json(client, "/api/v1/products?q=")["meta"]["total"] == 4


def test_a_request_line_too_long_is_a_documented_414_problem(client, store):
    url = "/api/v1/products?q=" + "a" * MAX_URL_LENGTH
    response = client.get(url)
    assert response.status_code == 414 and response.mimetype == PROBLEM
    assert response.json["status"] == 414
    assert response.json["detail"] == (f"This address is too long: the store reads addresses "
                                        f"of at most {MAX_URL_LENGTH} characters.")
    # just under the limit, the request is read (and refused for what it says)
    short = "/api/v1/products?q=" + "a" * (MAX_URL_LENGTH - len("/api/v1/products?q="))
    assert client.get(short).status_code == 400
    document = get_json(client, "/api/v1/openapi.json")
    for path, item in document["paths"].items():
        assert item["get"]["responses"]["414"] == {"$ref": "#/components/responses/URITooLong"}
    assert str(MAX_URL_LENGTH) in document["components"]["responses"]["URITooLong"]["description"]


def test_a_store_page_with_a_request_line_too_long_is_a_414_page(client):
    response = client.get("/products?q=" + "a" * MAX_URL_LENGTH)
    assert response.status_code == 414
    assert 'class="site-header"' in response.get_data(as_text=True)
