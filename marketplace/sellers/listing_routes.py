"""The seller's listings: list, create, edit, duplicate, publish/unpublish/archive, stock."""
from __future__ import annotations

import time

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from marketplace.catalog import inventory, queries
from marketplace.catalog.models import ProductStatus, StockReason
from marketplace.catalog.photo_pipeline import InvalidImage, PixelBudget
from marketplace.extensions import db
from marketplace.sellers import bp, listings, photos
from marketplace.sellers.access import current_shop, own_product, shop_required
from marketplace.sellers.listing_forms import (
    ProductForm,
    category_choices,
    fill_from_product,
    to_listing_input,
)
from marketplace.language import current_language
from marketplace.sellers.photo_routes import limit_photo_uploads

# Set when a listing form was saved: the next seller page tells the browser to forget what it
# kept of that form (static/js/form-draft.js).
DRAFT_SAVED = "listing_draft_saved"


def _form(**kwargs) -> ProductForm:
    choices = category_choices(listings.leaf_categories(), queries.all_categories(), current_language())
    return ProductForm(category_choices=choices, **kwargs)


def _listing_error_message(error: listings.ListingError) -> str:
    if isinstance(error, listings.DuplicateSku):
        return _("You already use these SKUs on another product: %(skus)s", skus=", ".join(error.skus))
    if isinstance(error, listings.IllegalTransition):
        return _("That change of status is not possible for this listing.")
    if isinstance(error, listings.BlockedByAdmin):
        return _("Sentra has taken this listing down; it cannot be published until an admin restores it.")
    if isinstance(error, listings.NeedsPricedOption):
        return _("Add at least one option with a price before publishing.")
    if isinstance(error, listings.NeedsPhoto):
        return _("Add at least one photo before publishing: buyers buy what they can see.")
    if isinstance(error, listings.StockChangedMeanwhile):
        return _("Stock changed while you were editing (a sale?). Check the figure and save again.")
    return _("The listing could not be saved: check the fields.")


@bp.get("/products")
@shop_required
def products():
    status = request.args.get("status")
    try:
        chosen = ProductStatus(status) if status else None
    except ValueError:
        chosen = None
    return render_template("sellers/products.html", shop=g.shop,
                           products=listings.listings_of(g.shop, chosen), status=chosen)


def _redrawn_only() -> bool:
    """Buttons that show the form again without saving (they work without JavaScript)."""
    return "add_variant" in request.form or "show_fields" in request.form


def draft_key(product=None) -> str:
    """What the browser keeps a listing form's typing under: per person, shop and form."""
    return f"listing:{current_user.id}:{g.shop.id}:{product.id if product else 'new'}"


@bp.context_processor
def _saved_draft():
    return {"saved_draft": session.pop(DRAFT_SAVED, None) if DRAFT_SAVED in session else None}


class _Photos:
    """The photos a listing form carries: those sent ahead (their ids, `pending_photo`) and, from
    a browser without JavaScript, files sent with the form. The files are stored at once as
    pending photos, so that a form sent back for a correction keeps them (as ids)."""

    def __init__(self) -> None:
        self.pending = photos.pending_photos_of(g.shop, request.form.getlist("pending_photo"))
        self.refused: list[str] = []
        budget = PixelBudget.per_request()
        for upload in request.files.getlist("photos"):
            data = upload.read() if upload else b""
            if not data:
                continue
            name = upload.filename or "foto"
            try:
                self.pending.append(photos.add_pending_photo(g.shop, current_user.id, name, data, budget))
            except InvalidImage as error:
                self.refused.append(_("%(file)s was not added: %(reason)s", file=name, reason=str(error)))

    def attach_to(self, product) -> None:
        added, left_out = photos.attach_pending_photos(product, self.pending)
        if added:
            flash(ngettext("%(num)d photo added.", "%(num)d photos added.", added), "success")
        if left_out:
            flash(_("Too many photos: at most %(n)d.", n=photos.MAX_PHOTOS), "error")
        for message in self.refused:
            flash(message, "error")


def _save(form: ProductForm, product=None):
    if "add_variant" in request.form:
        form.variants.append_entry()
    if _redrawn_only():
        return None
    if not form.validate_on_submit():
        return None
    try:
        data = to_listing_input(form)
        if product is None:
            saved = listings.create_listing(g.shop, data, current_user.id)
        else:
            saved = listings.update_listing(product, data, current_user.id)
    except listings.ListingError as error:
        db.session.rollback()
        form.form_errors.append(_listing_error_message(error))
        return None
    return saved


def _render_form(form: ProductForm, product, sent: _Photos | None, status: int):
    return render_template(
        "sellers/product_form.html", form=form, product=product,
        pending_photos=sent.pending if sent else [], photo_errors=sent.refused if sent else [],
        draft_key=draft_key(product), max_photos=photos.MAX_PHOTOS,
        photo_max_width=max(current_app.config["IMAGE_WIDTHS"])), status


def _form_too_many_photos(limit):
    """Past the photo allowance: the form comes back with what was typed, without the files."""
    g.shop = current_shop()  # the allowance is checked before `shop_required`
    if g.shop is None:
        abort(403)
    form = _form()
    form.validate()
    form.form_errors.append(_("This account has sent many photos in a short time. Wait "
                              "%(minutes)d minutes, then add the rest.",
                              minutes=max(1, round((limit.reset_at - time.time()) / 60))))
    product = None
    if request.view_args and "product_id" in request.view_args:
        product = own_product(request.view_args["product_id"], with_details=True)
    return make_response(_render_form(form, product, None, 429))  # the limiter takes a Response only


@bp.route("/products/new", methods=["GET", "POST"])
@limit_photo_uploads(_form_too_many_photos)
@shop_required
def new_product():
    form = _form()
    sent = None
    if request.method == "POST":
        sent = _Photos()
        product = _save(form)
        if product is not None:
            session[DRAFT_SAVED] = draft_key()
            if sent.pending:
                flash(_("Saved as a draft. Check the photos, then publish it."), "success")
            else:
                flash(_("Saved as a draft. Add photos, then publish it."), "success")
            sent.attach_to(product)
            return redirect(url_for("sellers.product_photos", product_id=product.id), code=303)
    status = 200 if request.method == "GET" or _redrawn_only() else 400
    return _render_form(form, None, sent, status)


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@limit_photo_uploads(_form_too_many_photos)
@shop_required
def edit_product(product_id: int):
    product = own_product(product_id, with_details=True)
    form = _form()
    sent = None
    if request.method == "GET":
        fill_from_product(form, product)
    else:
        sent = _Photos()
        saved = _save(form, product)
        if saved is not None:
            session[DRAFT_SAVED] = draft_key(product)
            flash(_("Your changes are saved."), "success")
            sent.attach_to(saved)
            return redirect(url_for("sellers.edit_product", product_id=product.id), code=303)
    status = 200 if request.method == "GET" or _redrawn_only() else 400
    return _render_form(form, product, sent, status)


@bp.post("/products/<int:product_id>/duplicate")
@shop_required
def duplicate_product(product_id: int):
    product = own_product(product_id, with_details=True)
    copy = listings.duplicate_listing(product, current_user.id)
    flash(_("A draft copy was made. Change what differs and publish it."), "success")
    return redirect(url_for("sellers.edit_product", product_id=copy.id), code=303)


_ACTIONS = {
    "publish": ProductStatus.ACTIVE,
    "unpublish": ProductStatus.DRAFT,
    "archive": ProductStatus.ARCHIVED,
    "restore": ProductStatus.DRAFT,
}


@bp.post("/products/<int:product_id>/status")
@shop_required
def change_product_status(product_id: int):
    product = own_product(product_id, with_details=True)
    target = _ACTIONS.get(request.form.get("action", ""))
    if target is None:
        abort(400, description=_("Unknown action."))
    try:
        listings.change_status(product, target)
    except listings.ListingError as error:
        flash(_listing_error_message(error), "error")
    else:
        messages = {
            ProductStatus.ACTIVE: _("%(name)s is now for sale.", name=product.name),
            ProductStatus.DRAFT: _("%(name)s is no longer shown in the store.", name=product.name),
            ProductStatus.ARCHIVED: _("%(name)s is archived.", name=product.name),
        }
        flash(messages[target], "success")
    return redirect(request.form.get("back") == "edit"
                    and url_for("sellers.edit_product", product_id=product.id)
                    or url_for("sellers.products"), code=303)


@bp.route("/products/<int:product_id>/stock", methods=["GET", "POST"])
@shop_required
def product_stock(product_id: int):
    product = own_product(product_id, with_details=True)
    if request.method == "POST":
        variant = next((v for v in product.variants if str(v.id) == request.form.get("variant_id")), None)
        try:
            change = int(request.form.get("change", ""))
            reason = StockReason(request.form.get("reason", ""))
        except ValueError:
            variant = None
            change, reason = 0, None
        if variant is None or reason not in listings.stock_reasons_for_sellers() or not -100_000 <= change <= 100_000:
            flash(_("Choose an option, a whole number and a reason."), "error")
            return redirect(url_for("sellers.product_stock", product_id=product.id), code=303)
        try:
            inventory.adjust_stock(variant, change, reason, current_user.id,
                                   note=(request.form.get("note") or "")[:200])
        except inventory.InsufficientStock:
            db.session.rollback()
            flash(_("Stock cannot go below zero."), "error")
        else:
            db.session.commit()
            flash(_("Stock updated."), "success")
        return redirect(url_for("sellers.product_stock", product_id=product.id), code=303)
    history = inventory.stock_history([v.id for v in product.variants])
    return render_template("sellers/stock.html", product=product, history=history,
                           reasons=listings.stock_reasons_for_sellers())
