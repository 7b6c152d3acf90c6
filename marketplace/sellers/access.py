"""Who may use the seller pages: one place that answers 401/403/404.

A shop's owner acts for their own shop. Staff of a marketing centre act for a shop that their
centre runs for a producer without a device (an assisted shop), after choosing it on the centre
page: the choice is kept in the session and checked again on every request, and every change
they make is recorded as made by them on the shop's behalf (sellers.models.ShopActivity).

The session is shared by the browser's tabs, so a page opened for one shop may be submitted
after another tab chose another shop. Every form of the seller pages therefore carries the shop
it was shown for (`_forms.html` `shop_field()`), and a change is refused (409, nothing saved)
when that is not the shop the request works on; a staff member's form must carry it.
"""
from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Product, Shop
from marketplace.extensions import db
from marketplace.sellers import services

ACTING_FOR = "acting_for_shop"
SHOP_FIELD = "shop_id"  # the hidden field naming the shop a form was shown for
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def act_for(shop: Shop) -> None:
    session[ACTING_FOR] = shop.id


def stop_acting() -> None:
    session.pop(ACTING_FOR, None)


def current_shop() -> Shop | None:
    """The shop the signed-in user works on now: the assisted shop they chose to act for
    (centre staff), else their own. Sets `g.acting_for` when acting for a producer."""
    if "current_shop" in g:
        return g.current_shop
    shop = None
    acting_id = session.get(ACTING_FOR) if current_user.is_authenticated else None
    if acting_id is not None:
        shop = services.assisted_shop_for(current_user, acting_id)
        if shop is None:
            stop_acting()  # no longer staff there, or the shop was handed over
    g.acting_for = shop
    g.current_shop = shop or services.shop_of(current_user)
    return g.current_shop


def shop_required(view):
    """Signed in (else the login page) and owning a shop or acting for an assisted one (else
    403). The shop is in `g.shop`."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        shop = current_shop()
        if shop is None:
            abort(403, description=_("Only the owner of a shop can use this page. Open your shop first."))
        g.shop = shop
        if request.method not in SAFE_METHODS and _form_is_for_another_shop(shop):
            return _refuse_stale_form(shop)
        if g.acting_for is not None and request.method not in SAFE_METHODS:
            # Added now, committed with whatever the view changes; rolled back with it.
            detail = " ".join(f"{key}={value}" for key, value in sorted(kwargs.items()))
            action = request.form.get("action", "")
            services.record_activity(shop, current_user, request.endpoint or "",
                                     f"{detail} {action}".strip())
        return view(*args, **kwargs)

    return wrapper


def _form_is_for_another_shop(shop: Shop) -> bool:
    posted = request.form.get(SHOP_FIELD)
    if posted is None:
        return g.acting_for is not None  # a staff member's form must say for which shop
    return posted != str(shop.id)


def _refuse_stale_form(shop: Shop):
    """The form was shown for another shop (another tab chose a new one since): nothing is
    changed, and the staff member is offered the way back to the form's shop."""
    posted = request.form.get(SHOP_FIELD, "")
    well_formed = posted.isascii() and posted.isdigit() and len(posted) <= 9
    form_shop = services.assisted_shop_for(current_user, int(posted)) if well_formed else None
    return render_template("sellers/other_shop.html", shop=shop, form_shop=form_shop), 409


def own_product(product_id: int, *, with_details: bool = False) -> Product:
    """A product of the current seller's shop; another shop's product is simply not found."""
    stmt = sa.select(Product).where(Product.id == product_id, Product.shop_id == g.shop.id)
    if with_details:
        stmt = stmt.options(selectinload(Product.variants), selectinload(Product.images))
    product = db.session.scalar(stmt)
    if product is None:
        abort(404)
    return product


def own_row(model, row_id: int, shop_id_of=lambda row: row.shop_id):
    """A row of `model` (a review, a complaint…) that belongs to the current seller's shop, whose
    id `shop_id_of` reads; another shop's row is simply not found (404, as for products)."""
    row = db.session.get(model, row_id)
    if row is None or shop_id_of(row) != g.shop.id:
        abort(404)
    return row


def redirect_to_onboarding():
    return redirect(url_for("sellers.open_shop"), code=303)
