"""Listings: search every listing, take one down with a reason the seller sees, restore it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.admin import bp, menu, moderation
from marketplace.admin.access import admin_required
from marketplace.catalog.forms import clean_text, page_number
from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.forms import FlaskForm

menu.add(30, "admin.listings", _l("Listings"))


class TakeDownForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it is taken down"), id="take-down-reason",
        validators=[DataRequired(message=_l("Write the reason: the seller reads it.")),
                    Length(max=500)])


class RestoreForm(FlaskForm):
    note = TextAreaField(_l("Note for the log (optional)"), id="restore-note",
                         validators=[Optional(), Length(max=500)])


def _shop_id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


@bp.get("/listings")
@admin_required
def listings():
    try:
        view = moderation.ListingView(request.args.get("show") or moderation.ListingView.ALL)
    except ValueError:
        view = moderation.ListingView.ALL
    query = clean_text(request.args.get("q")) or ""
    shop_id = _shop_id(request.args.get("shop"))
    page = moderation.search_listings(query=query, view=view, shop_id=shop_id,
                                      page=page_number(request.args.get("page")))
    return render_template("admin/listings.html", page=page, query=query, view=view,
                           shop_id=shop_id, views=moderation.ListingView)


def _listing(product_id: int) -> Product:
    product = moderation.listing(product_id)
    if product is None:
        abort(404)
    return product


def _detail(product: Product, status: int = 200, take_down_form=None, restore_form=None):
    return render_template(
        "admin/listing.html", product=product,
        take_down_form=take_down_form or TakeDownForm(formdata=None),
        restore_form=restore_form or RestoreForm(formdata=None)), status


@bp.get("/listings/<int:product_id>")
@admin_required
def listing_detail(product_id: int):
    return _detail(_listing(product_id))


@bp.post("/listings/<int:product_id>/take-down")
@admin_required
def take_down_listing(product_id: int):
    product = _listing(product_id)
    form = TakeDownForm()
    if not form.validate_on_submit():
        return _detail(product, 400, take_down_form=form)
    try:
        moderation.take_down(product, reason=form.reason.data, actor=current_user,
                             ip_address=request.remote_addr or "")
    except moderation.ModerationError:
        db.session.rollback()
        flash(_("This listing is already taken down."), "error")
    else:
        flash(_("The listing has left the store. The seller sees your reason."), "success")
    return redirect(url_for("admin.listing_detail", product_id=product_id), code=303)


@bp.post("/listings/<int:product_id>/restore")
@admin_required
def restore_listing(product_id: int):
    product = _listing(product_id)
    form = RestoreForm()
    if not form.validate_on_submit():
        return _detail(product, 400, restore_form=form)
    try:
        moderation.restore(product, note=form.note.data or "", actor=current_user,
                           ip_address=request.remote_addr or "")
    except moderation.ModerationError:
        db.session.rollback()
        flash(_("This listing is not taken down."), "error")
    else:
        flash(_("The listing is restored. If the seller had it published, it is back in the "
                "store."), "success")
    return redirect(url_for("admin.listing_detail", product_id=product_id), code=303)
