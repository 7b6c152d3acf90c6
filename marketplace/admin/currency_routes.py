"""Display currencies: the rates behind the approximate foreign prices on product pages."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.admin import bp, currency_changes, menu
from marketplace.admin.access import admin_required
from marketplace.catalog import currencies
from marketplace.extensions import db
from marketplace.forms import FlaskForm

menu.add(80, "admin.currency_index", _l("Display currencies"))


class RateForm(FlaskForm):
    idr_per_unit = StringField(_l("Rupiah per unit"), validators=[DataRequired(), Length(max=30)])


class NewCurrencyForm(RateForm):
    code = StringField(_l("Currency code"), validators=[DataRequired(), Length(min=3, max=3)])


class ActionForm(FlaskForm):
    """Only the CSRF token."""


def _ip() -> str:
    return request.remote_addr or ""


def _rate_message(error: currencies.CurrencyError) -> str:
    if isinstance(error, currencies.InvalidCode):
        return _("Use a three-letter ISO currency code other than IDR, e.g. MYR, USD, SGD.")
    if isinstance(error, currencies.AlreadyListed):
        return _("That currency is listed already: change its rate in the table.")
    return _("Enter whole rupiah above zero, e.g. 3.600.")


def _render(*, form: NewCurrencyForm | None = None, rate_errors=None, typed=None,
            status: int = 200):
    return render_template("admin/currencies.html", rates=currencies.rates(),
                           form=form or NewCurrencyForm(), rate_errors=rate_errors or {},
                           typed=typed or {}), status


def _to_index():
    return redirect(url_for("admin.currency_index"), code=303)


@bp.get("/currencies")
@admin_required
def currency_index():
    return _render()


@bp.post("/currencies")
@admin_required
def add_currency():
    form = NewCurrencyForm()
    if not form.validate_on_submit():
        return _render(form=form, status=400)
    try:
        rate = currency_changes.add_currency(form.code.data, form.idr_per_unit.data,
                                             actor=current_user, ip_address=_ip())
    except currencies.CurrencyError as error:
        db.session.rollback()
        field = form.idr_per_unit if isinstance(error, currencies.InvalidRate) else form.code
        field.errors.append(_rate_message(error))
        return _render(form=form, status=400)
    flash(_("%(code)s added: product pages show it beside the rupiah price.", code=rate.currency),
          "success")
    return _to_index()


def _rate_or_404(code: str):
    rate = currencies.get(code)
    if rate is None:
        abort(404)
    return rate


@bp.post("/currencies/<code>")
@admin_required
def set_rate(code: str):
    rate = _rate_or_404(code)
    form = RateForm()
    error = None
    if form.validate_on_submit():
        try:
            currency_changes.set_rate(rate, form.idr_per_unit.data, actor=current_user, ip_address=_ip())
        except currencies.CurrencyError as failure:
            db.session.rollback()
            error = _rate_message(failure)
        else:
            flash(_("Rate of %(code)s saved.", code=rate.currency), "success")
            return _to_index()
    else:
        error = " ".join(form.idr_per_unit.errors) or _("The form expired; try again.")
    return _render(rate_errors={rate.currency: error},
                   typed={rate.currency: (form.idr_per_unit.data or "")[:30]}, status=400)


@bp.post("/currencies/<code>/remove")
@admin_required
def remove_currency(code: str):
    rate = _rate_or_404(code)
    if ActionForm().validate_on_submit():
        code = rate.currency
        currency_changes.remove_currency(rate, actor=current_user, ip_address=_ip())
        flash(_("%(code)s removed: product pages no longer show it.", code=code), "success")
    return _to_index()
