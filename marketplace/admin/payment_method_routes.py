"""Payment methods: which Xendit channels checkout offers, with their fees; and Xendit's
settlement report read against the orders (linked from the reconciliation page)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.admin import audit, bp, menu, xendit_settlement
from marketplace.admin.access import admin_required
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.money import format_idr
from marketplace.orders import payment_fees, xendit_payments
from marketplace.payments import xendit

menu.add(57, "admin.payment_methods", _l("Payment methods"))


class ActionForm(FlaskForm):
    """Only the CSRF token."""


def _fee_methods() -> list[tuple[str, str]]:
    """(method key, name) of every way of paying that can carry a fee passed on."""
    return [(payment_fees.STRIPE, _("Card (Stripe)"))] + [
        (c.key, c.label if c.kind != xendit.VA else _("%(bank)s virtual account", bank=c.label))
        for c in xendit_payments.configured_channels()]


def _render(status: int = 200, result=None, problem: str | None = None,
            fee_problem: str | None = None, typed: dict[str, str] | None = None):
    off = xendit_payments.switched_off()
    try:
        fees = {c.key: xendit_payments.fee_idr(c, 100_000)
                for c in xendit_payments.configured_channels()}
    except ValueError:
        fees = {}
    return render_template(
        "admin/payment_methods.html", channels=xendit_payments.configured_channels(), off=off,
        fees=fees, enabled=xendit.is_enabled(), test_mode=xendit.is_test_mode(),
        form=ActionForm(), result=result, problem=problem, fee_methods=_fee_methods(),
        passed_on={key: payment_fees.fee_for(key) for key, _name in _fee_methods()},
        fee_problem=fee_problem, typed=typed or {}), status


@bp.get("/payment-methods")
@admin_required
def payment_methods():
    return _render()


@bp.post("/payment-methods")
@admin_required
def set_payment_methods():
    if not ActionForm().validate_on_submit():
        return _render(400)
    configured = {c.key for c in xendit_payments.configured_channels()}
    wanted_on = set(request.form.getlist("on")) & configured
    before = sorted(xendit_payments.switched_off())
    xendit_payments.set_switched_off(configured - wanted_on)
    audit.record(current_user, "payment_methods.set", "payment_methods", "xendit",
                 before={"off": before}, after={"off": sorted(configured - wanted_on)},
                 ip_address=request.remote_addr or "")
    db.session.commit()
    flash(_("Payment methods saved. Checkout offers them from now on."), "success")
    return redirect(url_for("admin.payment_methods"), code=303)


@bp.post("/payment-methods/fees")
@admin_required
def set_payment_fees():
    """The fees passed on to buyers, every method at once: all are saved, or (one box wrong)
    none, with the method and the box named."""
    if not ActionForm().validate_on_submit():
        return _render(400)
    methods = _fee_methods()
    typed = {name: request.form.get(name, "") for key, _label in methods
             for name in (f"fee_fixed-{key}", f"fee_bps-{key}")}
    wanted = {}
    for key, label in methods:
        try:
            wanted[key] = payment_fees.parse_fee(key, typed[f"fee_fixed-{key}"],
                                                 typed[f"fee_bps-{key}"])
        except payment_fees.BadFee as error:
            message = (_("%(method)s: the fixed fee is whole rupiah from 0 to %(max)s "
                         "(e.g. 1.000), or empty.", method=label,
                         max=format_idr(payment_fees.MAX_FIXED_IDR))
                       if error.field == "fixed" else
                       _("%(method)s: the percentage is in basis points, a whole number from 0 "
                         "to %(max)d (70 = 0.7 %%), or empty.", method=label,
                         max=payment_fees.MAX_BPS))
            return _render(400, fee_problem=message, typed=typed)
    before = {key: payment_fees.fee_for(key) for key in wanted}
    for key, fee in wanted.items():
        payment_fees.set_fee(key, fee)
    audit.record(current_user, "payment_methods.fees", "payment_methods", "fees",
                 before={k: [f.fixed_idr, f.bps] for k, f in before.items()},
                 after={k: [f.fixed_idr, f.bps] for k, f in wanted.items()},
                 ip_address=request.remote_addr or "")
    db.session.commit()
    flash(_("Fees saved. Checkout shows them from now on."), "success")
    return redirect(url_for("admin.payment_methods"), code=303)


@bp.post("/reconciliation/xendit")
@admin_required
def xendit_settlement_report():
    upload = request.files.get("report")
    if not ActionForm().validate_on_submit() or upload is None or not upload.filename:
        return _render(400, problem=_("Choose the settlement report (CSV) exported from "
                                      "Xendit."))
    try:
        result = xendit_settlement.compare(upload.read(xendit_settlement.MAX_BYTES + 1))
    except xendit_settlement.UnreadableReport:
        return _render(400, problem=_("This file is not a Xendit settlement report: a CSV "
                                      "of at most 2 MB with reference, amount and fee "
                                      "columns."))
    return _render(result=result)
