"""The OpenAPI document describes exactly what /api/v1 serves."""
from __future__ import annotations

import re

from openapi_spec_validator import validate

from marketplace.api import PREFIX

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


def served(app) -> dict[str, set[str]]:
    """Path (OpenAPI spelling) -> methods, from the app's URL map."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule == PREFIX or rule.rule.startswith(PREFIX + "/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routes.setdefault(path, set()).update(
                m.lower() for m in rule.methods if m not in ("HEAD", "OPTIONS"))
    return routes


def test_every_route_is_described_and_every_description_is_served(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    described = {path: {m for m in item if m in METHODS}
                 for path, item in document["paths"].items()}
    assert served(app) == described


def test_path_parameters_match_the_routes(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        in_path = set(re.findall(r"{([^}]+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p.get("in") == "path"}
            assert declared == in_path, path


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_query_parameter_the_api_reads_is_described(client):
    from marketplace.api import params

    document = client.get("/api/v1/openapi.json").get_json()
    components = document["components"]["parameters"]

    def names(path: str) -> set[str]:
        found = set()
        for parameter in document["paths"][path]["get"]["parameters"]:
            if "$ref" in parameter:
                parameter = components[parameter["$ref"].rsplit("/", 1)[1]]
            if parameter["in"] == "query":
                found.add(parameter["name"])
        return found

    assert names(f"{PREFIX}/products") == set(params.PRODUCT_LIST_PARAMETERS)
    assert names(f"{PREFIX}/search") == set(params.SEARCH_PARAMETERS)
    assert names(f"{PREFIX}/sellers/{{slug}}") == set(params.PAGE_PARAMETERS)
    assert names(f"{PREFIX}/categories") == names(f"{PREFIX}/openapi.json") == set()
