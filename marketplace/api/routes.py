"""/api/v1 endpoints: thin handlers over catalog.queries and catalog.search."""
from __future__ import annotations

from flask import abort, jsonify, url_for
from werkzeug.exceptions import ServiceUnavailable

from marketplace.api import bp, listings, openapi, params, representations
from marketplace.catalog import queries, search


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
    if wanted.page is not None:
        page = queries.list_products(flt, wanted.page, wanted.per_page)
        return jsonify(listings.numbered("api.product_list", page, html, sort=flt.sort.value))
    return jsonify(listings.by_cursor("api.product_list", flt, wanted.after, wanted.per_page,
                                      queries.count_products(flt), html))


@bp.get("/products/<slug>")
def product_detail(slug: str):
    params.no_parameters()
    product = queries.product_for_page(_slug_or_404(slug))
    if product is None:
        abort(404)
    return jsonify(data=representations.product_detail(product))


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
    return jsonify(data=representations.category_tree())


@bp.get("/sellers/<slug>")
def seller_detail(slug: str):
    page_number, per_page = params.page_request()
    shop = queries.shop_for_page(_slug_or_404(slug))
    if shop is None:
        abort(404)
    page = queries.shop_products(shop, page_number, per_page)
    html = url_for("catalog.shop_detail", slug=shop.slug, _external=True)
    return jsonify(data=representations.seller(shop),
                   products=listings.numbered("api.seller_detail", page, html))


@bp.get("/openapi.json")
def openapi_document():
    params.no_parameters()
    return jsonify(openapi.document())
