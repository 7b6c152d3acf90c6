"""Commission: the marketplace's rate and its overrides per category or shop."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.admin import bp, menu
from marketplace.admin import commission as rates
from marketplace.admin.access import admin_required
from marketplace.catalog.models import Category, Shop
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.ledger import commission
from marketplace.ledger.models import CommissionRate

menu.add(56, "admin.commission_page", _l("Commission"))

class RateForm(FlaskForm):
    scope = SelectField(_l("Applies to"), validators=[DataRequired()],
                        choices=[SelectChoice("marketplace", _l("The whole marketplace")),
                                 SelectChoice("category", _l("One category")),
                                 SelectChoice("shop", _l("One shop"))])
    category = SelectField(_l("Category"), validators=[Optional()], coerce=str)
    shop = SelectField(_l("Shop"), validators=[Optional()], coerce=str)
    percent = StringField(_l("Commission in percent of the goods"),
                          validators=[DataRequired(), Length(max=10)])
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(c.id), c.name_id) for c in db.session.scalars(
                sa.select(Category).order_by(Category.parent_id.is_not(None), Category.position))]
        self.shop.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(s.id), s.name) for s in db.session.scalars(sa.select(Shop).order_by(Shop.name))]


class ActionForm(FlaskForm):
    """Only the CSRF token."""


def _render(form: RateForm, status: int = 200):
    table = commission.rate_table()
    return render_template("admin/commission.html", form=form,
                           marketplace_bps=table.marketplace_bps, overrides=rates.overrides()), status


@bp.get("/commission")
@admin_required
def commission_page():
    return _render(RateForm(formdata=None))


@bp.post("/commission")
@admin_required
def set_commission():
    form = RateForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        bps = rates.parse_percent(form.percent.data)
    except rates.InvalidRate:
        form.percent.errors = [_("Enter a percentage from 0 to 100 with at most two decimals, "
                                 "e.g. 5 or 2,5.")]
        return _render(form, 400)
    target = {}
    if form.scope.data == "category":
        if not form.category.data:
            form.category.errors = [_("Choose the category.")]
            return _render(form, 400)
        target["category_id"] = int(form.category.data)
    elif form.scope.data == "shop":
        if not form.shop.data:
            form.shop.errors = [_("Choose the shop.")]
            return _render(form, 400)
        target["shop_id"] = int(form.shop.data)
    rates.set_rate(bps, actor=current_user, reason=form.reason.data or "",
                   ip_address=request.remote_addr or "", **target)
    flash(_("Commission saved. It applies to orders placed from now on."), "success")
    return redirect(url_for("admin.commission_page"), code=303)


@bp.post("/commission/<int:rate_id>/remove")
@admin_required
def remove_commission(rate_id: int):
    row = db.session.get(CommissionRate, rate_id)
    if row is None or row.scope_key == commission.MARKETPLACE:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    rates.remove_override(row, actor=current_user, ip_address=request.remote_addr or "")
    flash(_("Override removed."), "success")
    return redirect(url_for("admin.commission_page"), code=303)
