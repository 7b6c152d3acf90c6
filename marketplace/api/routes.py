"""/api/v1 endpoints: thin handlers over catalog.queries and catalog.search."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, jsonify, request, url_for
from werkzeug.exceptions import ServiceUnavailable

from marketplace import caching
from marketplace.api import bp, listings, openapi, params, representations
from marketplace.catalog import queries, search, versions


def _payload(build: Callable[[], dict | None]) -> dict | None:
    """A catalogue read's JSON, kept until the catalogue changes: keyed like the storefront's
    pages by the release and the data versions (bumped by every change buyers can see), and by
    the whole URL, host included (links are absolute). Parameters are validated before. Search
    is not kept this way: its index follows the database a moment after the version."""
    return caching.cached_value(
        "api", (caching.release_digest(current_app), *versions.page_versions(), request.url), build)


def _slug_or_404(slug: str) -> str:
    if not params.is_slug(slug):
        abort(404)
    return slug


@bp.get("/products")
def product_list():
    wanted = params.product_list_request()
    flt = wanted.filter
    # The same listing on the storefront, from its first page (its pages have another size).
    html = listings.this_url("catalog.product_list", cursor=None, per_page=None, page=None)

    def build() -> dict:
        if wanted.page is not None:
            page = queries.list_products(flt, wanted.page, wanted.per_page)
            return listings.numbered("api.product_list", page, html, sort=flt.sort.value)
        return listings.by_cursor("api.product_list", flt, wanted.after, wanted.per_page,
                                  queries.count_products(flt), html)

    return jsonify(_payload(build))


@bp.get("/products/<slug>")
def product_detail(slug: str):
    params.no_parameters()
    _slug_or_404(slug)

    def build() -> dict | None:
        product = queries.product_for_page(slug)
        return None if product is None else {"data": representations.product_detail(product)}

    payload = _payload(build)
    if payload is None:
        abort(404)
    return jsonify(payload)


@bp.get("/search")
def product_search():
    wanted = params.search_request()
    result = search.search_products(wanted.q, wanted.filters, wanted.sort, wanted.page,
                                    wanted.per_page)
    if result.unavailable:
        raise ServiceUnavailable("The search index is being built; try again in a moment.",
                                 retry_after=5)
    products = queries.products_by_ids(result.ids)
    return jsonify(listings.found(result, products, wanted.q, wanted.sort))


@bp.get("/categories")
def category_list():
    params.no_parameters()
    return jsonify(_payload(lambda: {"data": representations.category_tree()}))


@bp.get("/sellers/<slug>")
def seller_detail(slug: str):
    page_number, per_page = params.page_request()
    _slug_or_404(slug)

    def build() -> dict | None:
        shop = queries.shop_for_page(slug)
        if shop is None:
            return None
        page = queries.shop_products(shop, page_number, per_page)
        html = url_for("catalog.shop_detail", slug=shop.slug, _external=True)
        return {"data": representations.seller(shop),
                "products": listings.numbered("api.seller_detail", page, html)}

    payload = _payload(build)
    if payload is None:
        abort(404)
    return jsonify(payload)


@bp.get("/openapi.json")
def openapi_document():
    params.no_parameters()
    return jsonify(openapi.document())
