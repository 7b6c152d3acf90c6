"""The heart and the favourites page: thin handlers over catalog.favourites.

The heart sits in shared, cached storefront HTML, so its form carries no CSRF token (a token
is per session): like "add to cart", it is checked by origin (`security.same_origin`) and the
session cookie is SameSite=Lax. Which hearts are the visitor's comes from `favourite_ids`
(JSON, never cached), asked for by static/js/site.js only when the `favourites` cookie says
there is something to show; without JavaScript a heart adds, and the favourites page removes.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.catalog import bp, favourites
from marketplace.catalog.forms import page_number
from marketplace.catalog.models import Product
from marketplace.extensions import csrf, db
from marketplace.forms import FlaskForm
from marketplace.navigation import safe_next_url
from marketplace.security import same_origin

COOKIE = "favourites"
PER_PAGE = 24


def _came_from(default: str) -> str:
    """The page the heart was tapped on (same origin already checked), else `default`."""
    referrer = urlsplit(request.headers.get("Referer") or "")
    if referrer.netloc != request.host:
        return default
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next_url(path, default)


def _with_cookie(response, has_any: bool):
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    if has_any:
        response.set_cookie(COOKIE, "1", max_age=30 * 24 * 3600, samesite="Lax", secure=secure)
    elif request.cookies.get(COOKIE):
        response.delete_cookie(COOKIE, samesite="Lax", secure=secure)
    return response


@bp.post("/favourites/<int:product_id>")
@csrf.exempt  # checked by origin instead: the heart is in shared pages (see the docstring)
def add_favourite(product_id: int):
    if not same_origin():
        abort(400, description=_("Please use the heart on the product's page."))
    product = db.get_or_404(Product, product_id)
    product_url = url_for("catalog.product_detail", slug=product.slug)
    if not current_user.is_authenticated:
        flash(_("Log in to keep favourites; you come back to the product afterwards."), "info")
        return redirect(url_for("accounts.login", next=product_url), code=303)
    try:
        favourites.add_favourite(current_user.id, product.id)
    except favourites.FavouriteError as error:
        db.session.rollback()
        flash(_("You have many favourites already: remove some first.") if str(error) == "full"
              else _("That product is no longer for sale."), "error")
        return redirect(url_for("catalog.favourites_page"), code=303)
    flash(_("%(name)s is in your favourites.", name=product.name), "success")
    return _with_cookie(redirect(_came_from(product_url), code=303), True)


@bp.post("/favourites/<int:product_id>/remove")
@csrf.exempt  # the marked heart posts here from shared pages: checked by origin
def remove_favourite(product_id: int):
    if not same_origin():
        abort(400, description=_("Please use the heart on the product's page."))
    if not current_user.is_authenticated:  # logged out meanwhile: their list is on this page
        return redirect(url_for("accounts.login", next=url_for("catalog.favourites_page")),
                        code=303)
    favourites.remove_favourite(current_user.id, product_id)
    flash(_("Removed from your favourites."), "success")
    left = bool(favourites.favourite_ids(current_user.id))
    return _with_cookie(redirect(_came_from(url_for("catalog.favourites_page")), code=303), left)


@bp.get("/account/favourites")
@login_required
def favourites_page():
    page = favourites.favourites_page(current_user.id, page_number(request.args.get("page")),
                                      PER_PAGE)
    response = current_app.make_response(render_template(
        "catalog/favourites.html", page=page, form=FlaskForm()))
    return _with_cookie(response, page.total > 0)


@bp.post("/account/favourites/alerts")
@login_required
def favourite_alerts():
    if not FlaskForm().validate_on_submit():
        abort(400, description=_("The form expired; reload the page and try again."))
    raw = request.form.get("product_id", "")
    product_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
    if raw and product_id is None:
        abort(400, description=_("Choose a favourite from the list."))
    on = request.form.get("alerts") == "on"
    favourites.set_alerts(current_user.id, product_id, on)
    flash(_("We will mail you when it is back in stock or cheaper.") if on
          else _("No more mail about it."), "success")
    return redirect(url_for("catalog.favourites_page", page=request.args.get("page")), code=303)


@bp.get("/account/favourites/ids")
def favourite_ids():
    """Which products the visitor keeps, for the hearts of shared pages; never cached."""
    ids = favourites.favourite_ids(current_user.id) if current_user.is_authenticated else []
    response = jsonify(ids=ids, remove_action=url_for("catalog.remove_favourite", product_id=0))
    response.headers["Cache-Control"] = "private, no-store"
    return _with_cookie(response, bool(ids))


@bp.after_app_request
def _favourites_cookie_follows_the_login(response):
    """Log-in and log-out change whose hearts the pages show."""
    if request.method != "POST" or response.status_code != 303:
        return response
    if request.endpoint == "accounts.logout":
        return _with_cookie(response, False)
    if request.endpoint == "accounts.login" and current_user.is_authenticated:
        return _with_cookie(response, bool(favourites.favourite_ids(current_user.id)))
    return response
