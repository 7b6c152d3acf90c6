"""/api/v1 endpoints: thin handlers over catalog.queries and catalog.search."""
from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, current_app, jsonify, request, url_for
from werkzeug.exceptions import ServiceUnavailable

from marketplace.api import bp, kept, listings, openapi, params, representations
from marketplace.catalog import queries, search


def _json(build: Callable[[], dict | None]) -> Response:
    """A catalogue read's response, its JSON body kept as bytes with its ETag until the
    catalogue changes (marketplace.api.kept): keyed like the storefront's pages by the release
    and the data versions (bumped by every change buyers can see), and by the whole URL, host
    included (links are absolute), so a repeated request costs neither unpickling a
    dictionary nor encoding it again, and a client without a session is answered before the
    view runs. Search is not kept this way: its index follows the database a moment after the
    version. `build` checks the request's parameters before anything else, so a URL whose
    parameters are refused (a 400) is never stored; a URL found in the cache had them checked
    when it was stored, and is answered without checking them again. None from `build` is a
    404 (never stored)."""

    def encode() -> bytes | None:
        payload = build()
        return None if payload is None else current_app.json.response(payload).get_data()

    answer = kept.store(encode)
    if answer is None:
        abort(404)
    # Its ETag is added with the other headers (http.py), as for every API answer.
    return Response(answer[0], mimetype=current_app.json.mimetype)


def _slug_or_404(slug: str) -> str:
    if not params.is_slug(slug):
        abort(404)
    return slug


@bp.get("/products")
@kept.kept_answer
def product_list():
    def build() -> dict:
        wanted = params.product_list_request()
        flt = wanted.filter
        # The same listing on the storefront, from its first page (its pages have another size).
        html = listings.this_url("catalog.product_list", cursor=None, per_page=None, page=None)
        if wanted.page is not None:
            page = queries.list_products(flt, wanted.page, wanted.per_page)
            return listings.numbered("api.product_list", page, html, sort=flt.sort.value)
        return listings.by_cursor("api.product_list", flt, wanted.after, wanted.per_page,
                                  queries.count_products(flt), html)

    return _json(build)


@bp.get("/products/<slug>")
@kept.kept_answer
def product_detail(slug: str):
    def build() -> dict | None:
        params.no_parameters()
        _slug_or_404(slug)
        product = queries.product_for_page(slug)
        return None if product is None else {"data": representations.product_detail(product)}

    return _json(build)


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
@kept.kept_answer
def category_list():
    def build() -> dict:
        params.no_parameters()
        return {"data": representations.category_tree()}

    return _json(build)


@bp.get("/sellers/<slug>")
@kept.kept_answer
def seller_detail(slug: str):
    def build() -> dict | None:
        page_number, per_page = params.page_request()
        _slug_or_404(slug)
        shop = queries.shop_for_page(slug)
        if shop is None:
            return None
        page = queries.shop_products(shop, page_number, per_page)
        html = url_for("catalog.shop_detail", slug=shop.slug, _external=True)
        return {"data": representations.seller(shop),
                "products": listings.numbered("api.seller_detail", page, html)}

    return _json(build)


@bp.get("/openapi.json")
def openapi_document():
    params.no_parameters()
    return jsonify(openapi.document())
