"""Sellers: the queue of shops to verify, a shop's file, and the admin's decisions on it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.admin import bp, menu
from marketplace.admin import shops as reviews
from marketplace.admin.access import admin_required
from marketplace.catalog.forms import clean_text, page_number
from marketplace.extensions import db
from marketplace.forms import FlaskForm

menu.add(20, "admin.shops", _l("Sellers"))

_REASON_NEEDED = _l("Write the reason: the seller reads it.")


class VerifyForm(FlaskForm):
    note = TextAreaField(_l("Note for the seller (optional)"), id="verify-note",
                         validators=[Optional(), Length(max=500)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("What the seller must fix"), id="reject-reason",
                           validators=[DataRequired(message=_REASON_NEEDED), Length(max=500)])


class SuspendForm(FlaskForm):
    reason = TextAreaField(_l("Why the shop is suspended"), id="suspend-reason",
                           validators=[DataRequired(message=_REASON_NEEDED), Length(max=500)])


class ReinstateForm(FlaskForm):
    note = TextAreaField(_l("Note for the seller (optional)"), id="reinstate-note",
                         validators=[Optional(), Length(max=500)])


_FORMS = {"verify": VerifyForm, "reject": RejectForm, "suspend": SuspendForm,
          "reinstate": ReinstateForm}


def _view(raw: str | None) -> reviews.ShopView:
    try:
        return reviews.ShopView(raw or reviews.ShopView.QUEUE)
    except ValueError:
        return reviews.ShopView.QUEUE


@bp.get("/shops")
@admin_required
def shops():
    view = _view(request.args.get("view"))
    query = clean_text(request.args.get("q")) or ""
    page = reviews.list_shops(view, query=query, page=page_number(request.args.get("page")))
    return render_template("admin/shops.html", page=page, view=view, query=query,
                           views=reviews.ShopView, queue_size=reviews.queue_size())


def _shop_file(shop_id: int) -> reviews.ShopFile:
    file = reviews.shop_file(shop_id)
    if file is None:
        abort(404)
    return file


def _detail(file: reviews.ShopFile, status: int = 200, **submitted: FlaskForm):
    forms = {name: submitted.get(name) or form_class(formdata=None)
             for name, form_class in _FORMS.items()}
    return render_template("admin/shop.html", file=file, shop=file.shop, forms=forms), status


@bp.get("/shops/<int:shop_id>")
@admin_required
def shop_detail(shop_id: int):
    return _detail(_shop_file(shop_id))


def _decide(shop_id: int, name: str, apply, done_message: str):
    file = _shop_file(shop_id)
    form = _FORMS[name]()
    if not form.validate_on_submit():
        return _detail(file, 400, **{name: form})
    try:
        apply(file.shop, form, ip_address=request.remote_addr or "")
    except reviews.ReviewError:
        db.session.rollback()
        flash(_("That decision does not fit the shop as it is now (someone may have decided "
                "meanwhile). Nothing was changed."), "error")
    else:
        flash(done_message, "success")
    return redirect(url_for("admin.shop_detail", shop_id=shop_id), code=303)


@bp.post("/shops/<int:shop_id>/verify")
@admin_required
def verify_shop(shop_id: int):
    return _decide(shop_id, "verify", lambda shop, form, **kw: reviews.verify(
        shop, actor=current_user, note=form.note.data, **kw),
        _("The shop is verified. Its products now show the verified badge."))


@bp.post("/shops/<int:shop_id>/reject")
@admin_required
def reject_shop(shop_id: int):
    return _decide(shop_id, "reject", lambda shop, form, **kw: reviews.reject(
        shop, actor=current_user, reason=form.reason.data, **kw),
        _("The shop is not verified. The seller sees your reason on their dashboard."))


@bp.post("/shops/<int:shop_id>/suspend")
@admin_required
def suspend_shop(shop_id: int):
    return _decide(shop_id, "suspend", lambda shop, form, **kw: reviews.suspend(
        shop, actor=current_user, reason=form.reason.data, **kw),
        _("The shop is suspended: its products have left the store. Its paid orders stay "
          "with the seller to ship."))


@bp.post("/shops/<int:shop_id>/reinstate")
@admin_required
def reinstate_shop(shop_id: int):
    return _decide(shop_id, "reinstate", lambda shop, form, **kw: reviews.reinstate(
        shop, actor=current_user, note=form.note.data, **kw),
        _("The shop is active again: its published products are back in the store."))
