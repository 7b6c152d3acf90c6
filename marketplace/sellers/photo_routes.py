"""Photo management pages of a listing."""
from __future__ import annotations

import time

from flask import abort, current_app, flash, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from marketplace.catalog.photo_pipeline import InvalidImage, image_url
from marketplace.extensions import limiter
from marketplace.sellers import bp, photos
from marketplace.sellers.access import own_product, shop_required


def _back(product_id: int):
    return redirect(url_for("sellers.product_photos", product_id=product_id), code=303)


# Photos are the dearest thing a seller sends (a decoded photo costs up to about a second of
# CPU, bench/photos.py): each account may send PHOTO_UPLOAD_LIMIT of them (counted per
# file) whatever shop it works for; each request is bounded besides (images.PixelBudget).
def _upload_limit() -> str:
    return current_app.config["PHOTO_UPLOAD_LIMIT"]


def _account_key() -> str:
    return f"photo-uploads:{current_user.get_id()}"


def _files_sent() -> int:
    return max(1, sum(1 for f in request.files.getlist("photos") if f))


def _minutes_left(limit) -> int:
    return max(1, round((limit.reset_at - time.time()) / 60))


def _too_many_message(limit) -> str:
    return _("This account has sent many photos in a short time. Wait %(minutes)d minutes, "
             "then add the rest.", minutes=_minutes_left(limit))


def limit_photo_uploads(on_breach):
    """The account's photo allowance (PHOTO_UPLOAD_LIMIT, counted per file) for a view that
    takes files in `photos`; a request that sends none costs nothing."""
    return limiter.limit(
        _upload_limit, methods=["POST"], key_func=_account_key, cost=_files_sent,
        exempt_when=lambda: not current_user.is_authenticated or not any(request.files.getlist("photos")),
        on_breach=on_breach)


def _too_many_photos(limit):
    """Back to the photo page with a message, nothing stored (instead of an error page)."""
    flash(_too_many_message(limit), "error")
    return redirect(request.path, code=303)


@bp.route("/products/<int:product_id>/photos", methods=["GET", "POST"])
@limiter.limit(_upload_limit, methods=["POST"], key_func=_account_key, cost=_files_sent,
               exempt_when=lambda: not current_user.is_authenticated, on_breach=_too_many_photos)
@shop_required
def product_photos(product_id: int):
    product = own_product(product_id, with_details=True)
    if request.method == "POST":
        # Sent ahead by photo-upload.js (their ids), or the files themselves (without it).
        pending = photos.pending_photos_of(g.shop, request.form.getlist("pending_photo"))
        files = [(f.filename or "foto", f.read()) for f in request.files.getlist("photos") if f]
        files = [(name, data) for name, data in files if data]
        if not files and not pending:
            flash(_("Choose one or more photos first."), "error")
            return _back(product.id)
        added, left_out = photos.attach_pending_photos(product, pending) if pending else (0, 0)
        refused = [("", "too-many")] if left_out else []
        if files:
            more, refused_files = photos.add_photos(product, files)
            added += more
            refused += refused_files
        if added:
            flash(ngettext("%(num)d photo added.", "%(num)d photos added.", added), "success")
        for name, reason in refused:
            message = _("Too many photos: at most %(n)d.", n=photos.MAX_PHOTOS) if reason == "too-many" else reason
            flash(_("%(file)s was not added: %(reason)s", file=name, reason=message) if name else message, "error")
        return _back(product.id)
    return render_template("sellers/photos.html", product=product, max_photos=photos.MAX_PHOTOS,
                           photo_max_width=max(current_app.config["IMAGE_WIDTHS"]))


def _image_or_404(product, image_id: int):
    image = photos.own_image(product, image_id)
    if image is None:
        abort(404)
    return image


@bp.post("/products/<int:product_id>/photos/<int:image_id>")
@shop_required
def update_photo(product_id: int, image_id: int):
    product = own_product(product_id, with_details=True)
    image = _image_or_404(product, image_id)
    action = request.form.get("action")
    if action == "save":
        photos.describe_photo(image, request.form.get("alt_text", ""),
                              request.form.get("shows_packaging") == "1")
        flash(_("Photo description saved."), "success")
    elif action in ("up", "down"):
        photos.move_photo(product, image, -1 if action == "up" else 1)
    elif action == "delete":
        try:
            photos.delete_photo(product, image)
        except photos.LastPhotoOfListingForSale:
            flash(_("A listing for sale keeps at least one photo: add another one first, or "
                    "unpublish the listing."), "error")
        else:
            flash(_("Photo deleted."), "success")
    else:
        abort(400, description=_("Unknown action."))
    return _back(product.id)


def _too_many_pending(limit):
    return make_response(jsonify(error=_too_many_message(limit)), 429)


@bp.post("/photos/pending")
@limit_photo_uploads(_too_many_pending)
@shop_required
def upload_pending_photo():
    """One photo sent ahead of its listing form, as soon as it is chosen (static/js/
    photo-upload.js): checked and stored by the photo pipeline as any upload, kept as a pending
    photo of the shop; the form then sends its id. Answers JSON for the script."""
    files = [f for f in request.files.getlist("photos") if f]
    if len(files) != 1:
        return jsonify(error=_("Send one photo at a time.")), 400
    data = files[0].read()
    if not data:
        return jsonify(error=_("Choose one or more photos first.")), 400
    try:
        pending = photos.add_pending_photo(g.shop, current_user.id, files[0].filename or "foto", data)
    except InvalidImage as error:
        return jsonify(error=str(error)), 400
    return jsonify(id=pending.id, name=pending.filename, width=pending.width, height=pending.height,
                   thumbnail=image_url(pending, pending.widths[0])), 201
