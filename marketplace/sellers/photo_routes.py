"""Photo management pages of a listing."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from marketplace.sellers import bp, photos
from marketplace.sellers.access import own_product, shop_required


def _back(product_id: int):
    return redirect(url_for("sellers.product_photos", product_id=product_id), code=303)


@bp.route("/products/<int:product_id>/photos", methods=["GET", "POST"])
@shop_required
def product_photos(product_id: int):
    product = own_product(product_id, with_details=True)
    if request.method == "POST":
        files = [(f.filename or "foto", f.read()) for f in request.files.getlist("photos") if f]
        files = [(name, data) for name, data in files if data]
        if not files:
            flash(_("Choose one or more photos first."), "error")
            return _back(product.id)
        added, refused = photos.add_photos(product, files)
        if added:
            flash(ngettext("%(num)d photo added.", "%(num)d photos added.", added), "success")
        for name, reason in refused:
            message = _("Too many photos: at most %(n)d.", n=photos.MAX_PHOTOS) if reason == "too-many" else reason
            flash(_("%(file)s was not added: %(reason)s", file=name, reason=message), "error")
        return _back(product.id)
    return render_template("sellers/photos.html", product=product, max_photos=photos.MAX_PHOTOS)


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
        photos.delete_photo(product, image)
        flash(_("Photo deleted."), "success")
    else:
        abort(400, description=_("Unknown action."))
    return _back(product.id)
