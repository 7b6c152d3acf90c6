"""Who may use the seller pages: one place that answers 401/403/404."""
from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import abort, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.sellers.services import shop_of


def shop_required(view):
    """Signed in (else the login page) and owning a shop (else 403, or the onboarding form
    for the dashboard itself). The shop is in `g.shop`."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        shop = shop_of(current_user)
        if shop is None:
            abort(403, description=_("Only the owner of a shop can use this page. Open your shop first."))
        g.shop = shop
        return view(*args, **kwargs)

    return wrapper


def own_product(product_id: int, *, with_details: bool = False) -> Product:
    """A product of the current seller's shop; another shop's product is simply not found."""
    stmt = sa.select(Product).where(Product.id == product_id, Product.shop_id == g.shop.id)
    if with_details:
        stmt = stmt.options(selectinload(Product.variants), selectinload(Product.images))
    product = db.session.scalar(stmt)
    if product is None:
        abort(404)
    return product


def redirect_to_onboarding():
    return redirect(url_for("sellers.open_shop"), code=303)
