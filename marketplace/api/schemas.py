"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the API answers: components/schemas.

Every object is closed (`additionalProperties: false`), so the schema test notices a field
added to a response and forgotten here, as well as one promised here and never sent.
"""
from __future__ import annotations

from marketplace.catalog.models import Dye, LicenceKind, PackagingType, ProductKind, Weaving
from marketplace.catalog.queries import Sort
from marketplace.catalog.search import PRICE_BANDS, SearchSort


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    return {**schema, "type": [kind, "null"]}


def closed(properties: dict, description: str | None = None, optional: tuple = ()) -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def enum(values) -> dict:
    return {"type": "string", "enum": [str(getattr(v, "value", v)) for v in values]}


STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}
POSITIVE = {"type": "integer", "minimum": 1}
TEXT_OR_NULL = {"type": ["string", "null"]}
INT_OR_NULL = {"type": ["integer", "null"], "minimum": 1}
NAMES = closed({"id": STRING, "en": STRING}, "In Indonesian and in English.")

_links = {"self": URL, "html": URL}

SUMMARY_PROPERTIES = {
    "slug": STRING,
    "name": STRING,
    "price": {**ref("Money"), "description": "The cheapest active option (\"from\" on cards)."},
    "price_to": {**nullable(ref("Money")),
                 "description": "The dearest option when options differ in price, else null."},
    "in_stock": {"type": "boolean", "description": "Any option in stock."},
    "category": nullable(ref("CategoryRef")),
    "seller": ref("SellerRef"),
    "image": {**nullable(ref("Image")), "description": "The cover photo."},
    "created_at": {"type": "string", "format": "date-time"},
    "links": closed(_links),
}

SIZE = closed({"length": POSITIVE, "width": POSITIVE})

SCHEMAS = {
    "Money": closed({"amount": {"type": "integer", "minimum": 0,
                                "description": "Whole rupiah (IDR has no minor unit in use)."},
                     "currency": {"type": "string", "const": "IDR"}},
                    "An amount of money: {\"amount\": 150000, \"currency\": \"IDR\"} is "
                    "Rp150.000."),
    "ImageSource": closed({"url": URL, "type": {"type": "string", "const": "image/webp"},
                           "width": POSITIVE, "height": POSITIVE}),
    "Image": closed({
        "alt": STRING,
        "width": {**POSITIVE, "description": "Of the photo as stored (its widest source)."},
        "height": POSITIVE,
        "shows_packaging": {"type": "boolean"},
        "url": {**URL, "description": "A middle width, for an <img src>."},
        "sources": {"type": "array", "minItems": 1, "items": ref("ImageSource"),
                    "description": "Every stored WebP width, narrowest first (for srcset)."},
    }),
    "CategoryRef": closed({"slug": STRING, "name": NAMES}),
    "CategoryWithParent": closed({"slug": STRING, "name": NAMES,
                                  "parent": nullable(ref("CategoryRef"))}),
    "CategoryNode": closed({
        "slug": STRING, "name": NAMES, "kind": enum(ProductKind),
        "links": closed({"products": URL, "html": URL}),
        "children": {"type": "array", "items": ref("CategoryNode")},
    }),
    "SellerRef": closed({"slug": STRING, "name": STRING, "province": STRING, "regency": STRING,
                         "verified": {"type": "boolean"}, "links": closed({"self": URL})}),
    "Seller": closed({"slug": STRING, "name": STRING, "province": STRING, "regency": STRING,
                      "verified": {"type": "boolean"}, "story": STRING,
                      "cooperative": TEXT_OR_NULL, "links": closed(_links)}),
    "ProductSummary": closed(SUMMARY_PROPERTIES),
    "SearchHit": closed({**SUMMARY_PROPERTIES, "highlight": {
        "type": "string",
        "description": "A snippet of the description: escaped text (HTML) with <mark> around "
                       "the matching words."}}),
    "Packaging": closed({
        "net_weight_g": INT_OR_NULL,
        "packed_weight_g": INT_OR_NULL,
        "packed_size_cm": nullable(closed({"length": POSITIVE, "width": POSITIVE,
                                           "height": POSITIVE})),
        "type": nullable(enum(PackagingType)),
        "description": TEXT_OR_NULL,
        "chargeable_weight_kg": {**INT_OR_NULL, "description":
                                 "What couriers charge: the larger of packed and volumetric "
                                 "weight (L×W×H/6000), rounded as JNE does."},
    }),
    "Variant": closed({
        "id": POSITIVE, "name": STRING, "price": ref("Money"),
        "in_stock": {"type": "boolean"},
        "stock": {**COUNT, "description": "Units left, as the product page shows them."},
        "packaging": ref("Packaging"),
    }),
    "Textile": closed({
        "motif": TEXT_OR_NULL, "motif_meaning": TEXT_OR_NULL, "weaver": TEXT_OR_NULL,
        "weaving": nullable(enum(Weaving)), "threads": TEXT_OR_NULL,
        "dyes": nullable(enum(Dye)), "dye_notes": TEXT_OR_NULL,
        "size_cm": nullable(SIZE), "weaving_days": INT_OR_NULL,
    }),
    "FoodLabel": closed({
        "ingredients": TEXT_OR_NULL,
        "producer": nullable(closed({"name": STRING, "address": TEXT_OR_NULL})),
        "licence": closed({"kind": enum(LicenceKind), "number": TEXT_OR_NULL}),
        "halal": closed({"declared": {"type": "boolean"}, "certificate": TEXT_OR_NULL}),
        "best_before": {"type": ["string", "null"], "format": "date"},
        "shelf_life_days": {**INT_OR_NULL,
                            "description": "Given when there is no best-before date."},
        "storage": TEXT_OR_NULL,
    }),
    "ProductDetail": closed({
        **SUMMARY_PROPERTIES,
        "description": STRING,
        "materials": TEXT_OR_NULL,
        "kind": enum(ProductKind),
        "category": nullable(ref("CategoryWithParent")),
        "seller": ref("Seller"),
        "images": {"type": "array", "items": ref("Image")},
        "variants": {"type": "array", "items": ref("Variant"),
                     "description": "The options on sale."},
        "textile": {**nullable(ref("Textile")), "description": "Woven cloth only."},
        "food_label": {**nullable(ref("FoodLabel")), "description": "Packaged food only."},
    }),
    "PageLinks": closed({"self": URL, "next": nullable(URL), "prev": nullable(URL),
                         "html": nullable(URL)}),
    "PageMeta": closed({
        "pagination": {"type": "string", "const": "page"},
        "page": POSITIVE, "pages": POSITIVE, "per_page": POSITIVE, "total": COUNT,
        "sort": enum(Sort),
    }, optional=("sort",)),
    "CursorMeta": closed({
        "pagination": {"type": "string", "const": "cursor"},
        "per_page": POSITIVE, "total": COUNT, "sort": enum(Sort),
        "next_cursor": {"type": ["string", "null"],
                        "description": "Pass as `cursor` for the next slice; null at the end."},
    }),
    "ProductList": closed({
        "data": {"type": "array", "items": ref("ProductSummary")},
        "meta": {"oneOf": [ref("PageMeta"), ref("CursorMeta")]},
        "links": ref("PageLinks"),
    }),
    "ProductResponse": closed({"data": ref("ProductDetail")}),
    "CategoryTree": closed({"data": {"type": "array", "items": ref("CategoryNode")}}),
    "SellerResponse": closed({"data": ref("Seller"), "products": ref("ProductList")}),
    "Facets": closed({
        "category": {"type": "array", "items": closed({
            "slug": STRING, "name": NAMES, "count": POSITIVE,
            "parent": {"type": ["string", "null"], "description": "Slug of the top category."}})},
        "province": {"type": "array", "items": closed({"value": STRING, "count": POSITIVE})},
        "regency": {"type": "array", "items": closed({"value": STRING, "province": STRING,
                                                      "count": POSITIVE})},
        "price": {"type": "array", "items": closed({
            "value": enum(band.key for band in PRICE_BANDS), "min": ref("Money"),
            "max": nullable(ref("Money")), "count": POSITIVE})},
        "in_stock": COUNT,
    }, "Counts over the products that pass every other filter, so that a client can offer "
       "switching from one value to another."),
    "SearchResponse": closed({
        "data": {"type": "array", "items": ref("SearchHit")},
        "meta": closed({
            "pagination": {"type": "string", "const": "page"},
            "page": POSITIVE, "pages": POSITIVE, "per_page": POSITIVE, "total": COUNT,
            "q": {"type": "string", "description": "The query as searched (cleaned)."},
            "sort": enum(SearchSort),
            "approximate": {"type": "boolean", "description":
                            "Found only by loosening the query (fewer words, typos allowed)."},
            "suggestion": {"type": ["string", "null"], "description":
                           "\"Did you mean\": a corrected query that finds something, when the "
                           "words as typed found nothing."},
        }),
        "facets": ref("Facets"),
        "links": closed({"self": URL, "next": nullable(URL), "prev": nullable(URL),
                         "suggestion": nullable(URL), "html": URL}),
    }),
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details (application/problem+json).",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": STRING,
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": STRING,
        },
        "required": ["type", "title", "status"],
        "additionalProperties": False,
    },
    "InvalidParameters": {
        "type": "object",
        "description": "RFC 9457 problem details with one entry per unusable query parameter.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": STRING,
            "status": {"type": "integer", "const": 400},
            "detail": STRING,
            "errors": {"type": "array", "minItems": 1, "items": closed(
                {"parameter": STRING, "detail": STRING})},
        },
        "required": ["type", "title", "status", "errors"],
        "additionalProperties": False,
    },
}
