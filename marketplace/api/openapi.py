"""The OpenAPI 3.1 document served at /api/v1/openapi.json: exactly the routes of this package.

Written as data; the value lists (provinces, sorts, price bands) come from the same constants
the validation uses, so the two cannot drift. tests/api/test_openapi.py checks that every
/api/v1 route is described and every described path is served.
"""
from __future__ import annotations

from functools import cache

from marketplace.api import PREFIX, cursors
from marketplace.api.http import DEFAULT_RATE_LIMIT, MAX_AGE
from marketplace.api.params import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_SEARCH_QUERY_LENGTH,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
)
from marketplace.api.schemas import SCHEMAS, ref
from marketplace.catalog import regions
from marketplace.catalog.forms import MAX_QUERY_LENGTH
from marketplace.catalog.queries import Sort
from marketplace.catalog.search import PRICE_BANDS, SearchSort
from marketplace.config import Config
from marketplace.security import MAX_URL_LENGTH

VERSION = "1.0.0"

DESCRIPTION = f"""Read-only catalogue of Sentra, the marketplace for the UMKM of Indonesia's
border regions: what buyers may see on the storefront (products for sale of shops that are
not suspended), as JSON.

* Money is `{{"amount": <whole rupiah>, "currency": "IDR"}}`.
* Every 200 carries a strong `ETag` and `Cache-Control: public, max-age={MAX_AGE}`; send the tag
  back in `If-None-Match` to get `304 Not Modified` without a body.
* Errors are `application/problem+json` (RFC 9457); a 400 lists every unusable query parameter
  in `errors`: an unknown one, one given twice, an empty value (but `q`), a value holding
  control characters, a value that does not exist. A request target longer than
  {MAX_URL_LENGTH} characters answers 414. Unknown paths under /api/v1 answer 404 and other methods than GET, HEAD and
  OPTIONS answer 405, both as problem+json.
* No cookies are read or set; `Access-Control-Allow-Origin: *`.
* Requests are rate-limited per client address ({DEFAULT_RATE_LIMIT} by default): 429 with
  `Retry-After` beyond it.
"""


# What every text parameter may hold: no control characters (C0, DEL, C1); checked in
# marketplace/api/params.py, where every value but `q`'s must also not be empty.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


def _query(name: str, schema: dict, description: str) -> dict:
    if schema.get("type") == "string" and "enum" not in schema:
        schema = {**schema, "pattern": NO_CONTROL_CHARACTERS}
        if name != "q":
            schema["minLength"] = 1
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _slug(what: str) -> dict:
    return {"name": "slug", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN,
                       "maxLength": SLUG_MAX_LENGTH},
            "description": f"The {what}'s slug, as in its storefront URL."}


REGENCIES = sorted({r for p in regions.PROVINCES for r in p.regencies})

PARAMETERS = {
    "IfNoneMatch": {"name": "If-None-Match", "in": "header", "required": False,
                    "schema": {"type": "string"},
                    "description": "An ETag from an earlier answer: 304 when it still holds."},
    "Page": _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                   "Numbered page, from 1; a page past the end answers the last page."),
    "PerPage": _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                      f"Products per page (default {Config.CATALOG_PAGE_SIZE})."),
    "Category": _query("category", {"type": "string"},
                       "A category slug (see /api/v1/categories); a top category includes "
                       "its children. An unknown slug is a 400."),
    "Province": _query("province", {"type": "string", "enum": [p.name for p in regions.PROVINCES]},
                       "The shop's province."),
    "Regency": _query("regency", {"type": "string", "enum": REGENCIES},
                      "The shop's regency (kabupaten/kota); with `province`, it must lie in it."),
    "InStock": _query("in_stock", {"type": "boolean"},
                      "Only products with an option in stock (`true`/`false`, `1`/`0`)."),
}


def _p(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _problem(description: str, schema_name: str = "Problem", headers: dict | None = None) -> dict:
    schema = ref(schema_name)
    if schema_name != "Problem":
        schema = {"anyOf": [schema, ref("Problem")]}
    response = {"description": description,
                "content": {"application/problem+json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


_CACHE_HEADERS = {
    "ETag": {"description": "Strong validator of the body.", "schema": {"type": "string"}},
    "Cache-Control": {"description": f"`public, max-age={MAX_AGE}`.", "schema": {"type": "string"}},
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}}

RESPONSES = {
    "NotModified": {"description": "Not Modified: the If-None-Match tag still holds. No body.",
                    "headers": _CACHE_HEADERS},
    "InvalidParameters": _problem("Query parameters that cannot be used, each named in `errors`: "
                                  "an unknown parameter, a filter value that does not exist, a "
                                  "bad cursor, a query too long.", "InvalidParameters"),
    "NotFound": _problem("No such thing visible to buyers (unknown, not for sale, or its shop "
                         "is suspended)."),
    "TooManyRequests": _problem("Rate limit exceeded.", headers=_RETRY_AFTER),
    "URITooLong": _problem(f"The request line is too long: the server reads request targets "
                           f"(path and query string, as sent) of at most {MAX_URL_LENGTH} "
                           "characters."),
    "ServerError": _problem("Unexpected error, logged on our side."),
    "Unavailable": _problem("The search index is being built.", headers=_RETRY_AFTER),
}


def _get(operation_id: str, summary: str, description: str, parameters: list, schema: str,
         extra: tuple[str, ...] = ()) -> dict:
    responses = {
        "200": _json(ref(schema), "OK", _CACHE_HEADERS),
        "304": {"$ref": "#/components/responses/NotModified"},
        "400": {"$ref": "#/components/responses/InvalidParameters"},
        "414": {"$ref": "#/components/responses/URITooLong"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
        "500": {"$ref": "#/components/responses/ServerError"},
    }
    codes = {"404": "NotFound", "503": "Unavailable"}
    for code in extra:
        responses[code] = {"$ref": f"#/components/responses/{codes[code]}"}
    return {"get": {
        "operationId": operation_id, "summary": summary, "description": description,
        "tags": ["catalogue"], "parameters": [*parameters, _p("IfNoneMatch")],
        "responses": dict(sorted(responses.items())),
    }}


_FILTERS = [
    _p("Category"), _p("Province"), _p("Regency"), _p("InStock"),
]

PATHS = {
    f"{PREFIX}/products": _get(
        "listProducts", "Products for sale, filtered and sorted as on /products",
        "Two ways through a listing:\n\n"
        "* **cursor** (default, when `page` is absent): follow `links.next` (or pass "
        "`meta.next_cursor` as `cursor`) until it is null; products added or removed meanwhile "
        "never make you see one twice or miss one that stayed. Cursors work with **every** sort "
        f"of this endpoint ({', '.join(s.value for s in Sort)}); a cursor is opaque and "
        "belongs to the sort it was made for. `links.prev` is always null.\n"
        "* **page**: pass `page` (1, 2, …) for numbered pages with `links.prev`/`links.next`.\n\n"
        "Both give `meta.total`.",
        [_query("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                "Words in the product name (a plain substring match; /api/v1/search for "
                "real search)."),
         *_FILTERS,
         _query("min_price", {"type": "integer", "minimum": 0, "maximum": Config.MAX_PRICE_IDR},
                "Lowest price in whole rupiah (of the cheapest option). `150.000` and "
                "`Rp 150.000` are read too."),
         _query("max_price", {"type": "integer", "minimum": 0, "maximum": Config.MAX_PRICE_IDR},
                "Highest price in whole rupiah; not below `min_price`."),
         _query("well_packaged", {"type": "boolean"},
                "Only products whose packaging score reaches the store's \"kemasan lengkap\" "
                "threshold (`true`/`false`, `1`/`0`)."),
         _query("sort", {"type": "string", "enum": [s.value for s in Sort], "default": "newest"},
                "Order: newest first, by price, or best packaging first. All support cursors."),
         _p("Page"), _p("PerPage"),
         _query("cursor", {"type": "string", "maxLength": cursors.MAX_LENGTH},
                "Opaque position from `meta.next_cursor`; not together with `page`.")],
        "ProductList"),
    f"{PREFIX}/products/{{slug}}": _get(
        "getProduct", "One product as its page shows it",
        "Photos in every width, options with price, stock and packaging, the attributes of "
        "woven cloth or the label of packaged food, the seller.",
        [_slug("product")], "ProductResponse", ("404",)),
    f"{PREFIX}/search": _get(
        "searchProducts", "Search, as on /search",
        "Indonesian and English words, typos forgiven; facets with counts; a \"did you mean\" "
        "suggestion when the words as typed find nothing. Numbered pages only (no cursors: a "
        "relevance order has no stable key).",
        [_query("q", {"type": "string", "maxLength": MAX_SEARCH_QUERY_LENGTH},
                "Words to search for; empty lists everything. Query syntax is not parsed."),
         *_FILTERS,
         _query("price", {"type": "string", "enum": [band.key for band in PRICE_BANDS]},
                "A price band (`low-high` in rupiah, high exclusive), as in `facets.price`."),
         _query("sort", {"type": "string", "enum": [s.value for s in SearchSort],
                         "default": "relevance"}, "Order of the results."),
         _p("Page"), _p("PerPage")],
        "SearchResponse", ("503",)),
    f"{PREFIX}/categories": _get(
        "listCategories", "The category tree", "Top categories with their children, in menu "
        "order.", [], "CategoryTree"),
    f"{PREFIX}/sellers/{{slug}}": _get(
        "getSeller", "A shop and a page of its products",
        "The shop's profile as its page shows it, and its products for sale, those in stock "
        "first, newest first. Numbered pages only.",
        [_slug("shop"), _p("Page"), _p("PerPage")], "SellerResponse", ("404",)),
    f"{PREFIX}/openapi.json": {"get": {
        "operationId": "getOpenApiDocument", "summary": "This document", "tags": ["meta"],
        "parameters": [_p("IfNoneMatch")],
        "responses": {
            "200": _json({"type": "object"}, "The OpenAPI 3.1 document.", _CACHE_HEADERS),
            "304": {"$ref": "#/components/responses/NotModified"},
            "400": {"$ref": "#/components/responses/InvalidParameters"},
            "414": {"$ref": "#/components/responses/URITooLong"},
            "429": {"$ref": "#/components/responses/TooManyRequests"},
            "500": {"$ref": "#/components/responses/ServerError"},
        },
    }},
}


@cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "Sentra catalogue API", "version": VERSION, "description": DESCRIPTION},
        "tags": [{"name": "catalogue", "description": "What is for sale"},
                 {"name": "meta", "description": "About the API"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES},
    }
