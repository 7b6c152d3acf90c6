"""The pictures that shared links show (catalog.share_images): made on first request, stored
by content hash, then only read."""
from __future__ import annotations

from flask import Response, abort

from marketplace.catalog import bp, queries, share_images

ONE_DAY = 60 * 60 * 24


def _jpeg(data: bytes) -> Response:
    response = Response(data, mimetype="image/jpeg")
    # The page names the card with its version (?v=), so a changed card has a new address.
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response


@bp.get("/products/<slug>/share.jpg")
def product_share_image(slug: str):
    product = queries.product_for_page(slug)
    if product is None:
        abort(404)
    return _jpeg(share_images.stored_card(share_images.product_card(product)))


@bp.get("/sellers/<slug>/share.jpg")
def shop_share_image(slug: str):
    shop = queries.shop_for_page(slug)
    if shop is None:
        abort(404)
    first = queries.shop_products(shop, 1, 1).items
    return _jpeg(share_images.stored_card(share_images.shop_card(shop, first[0] if first else None)))


@bp.get("/share/sentra.jpg")
def site_share_image():
    # In Indonesian, the store's own language: one card for every link preview.
    return _jpeg(share_images.stored_card(share_images.site_card(
        "Dibuat di perbatasan, dijual atas nama pembuatnya")))
