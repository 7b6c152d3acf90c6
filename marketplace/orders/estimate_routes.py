"""The product page's shipping estimate: "Ongkir mulai Rp… ke …" for a province the buyer chose.

The product page is shared cached HTML and the catalogue knows nothing of orders (shipping
rates live here), so the page carries only a small GET form (a province and a button) that
points at this endpoint; nothing on it depends on the buyer. This endpoint, outside the shared
cache, answers:
- without JavaScript, a small page with the estimate, the form to try another province and a
  link back to the product;
- to static/js/site.js (`?fragment=1`), only the sentence, which the script puts under the form;
  on a later visit the script asks for the remembered province by itself.
The chosen province is remembered in a `ship_to` cookie, read only here and by the script: the
shared page never varies with it (caching.shared_page looks at the session cookies only).
"""
from __future__ import annotations

from urllib.parse import quote, unquote

from flask import abort, current_app, render_template, request

from marketplace.catalog import queries
from marketplace.orders import bp
from marketplace.orders.addresses import INDONESIAN_PROVINCES
from marketplace.orders.shipping import estimate

COOKIE = "ship_to"
REMEMBERED_DAYS = 180


@bp.app_template_global("shipping_provinces")
def shipping_provinces() -> tuple[str, ...]:
    """The destinations the product page's estimate form offers."""
    return INDONESIAN_PROVINCES


def _chosen_province() -> tuple[str | None, bool]:
    """The province asked for (and whether to remember it), else the remembered one."""
    asked = request.args.get("province", "")
    if asked in INDONESIAN_PROVINCES:
        return asked, True
    remembered = unquote(request.cookies.get(COOKIE, ""))
    return (remembered if remembered in INDONESIAN_PROVINCES else None), False


@bp.get("/products/<slug>/shipping")
def shipping_estimate(slug: str):
    product = queries.product_for_page(slug)
    if product is None:
        abort(404)
    province, remember = _chosen_province()
    result = (estimate(product.shop.province, product.active_variants, province)
              if province else None)
    fragment = request.args.get("fragment") == "1"
    template = "orders/_shipping_estimate.html" if fragment else "orders/shipping_estimate.html"
    response = current_app.make_response(
        (render_template(template, product=product, estimate=result,
                         province=province, asked=request.args.get("province") is not None),
         200))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    if remember:
        response.set_cookie(COOKIE, quote(province), max_age=REMEMBERED_DAYS * 24 * 3600,
                            samesite="Lax", httponly=False,
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
