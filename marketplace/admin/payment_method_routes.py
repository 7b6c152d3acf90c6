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
from marketplace.orders import xendit_payments
from marketplace.payments import xendit

menu.add(57, "admin.payment_methods", _l("Payment methods"))


class ActionForm(FlaskForm):
    """Only the CSRF token."""


def _render(status: int = 200, result=None, problem: str | None = None):
    off = xendit_payments.switched_off()
    try:
        fees = {c.key: xendit_payments.fee_idr(c, 100_000)
                for c in xendit_payments.configured_channels()}
    except ValueError:
        fees = {}
    return render_template(
        "admin/payment_methods.html", channels=xendit_payments.configured_channels(), off=off,
        fees=fees, enabled=xendit.is_enabled(), test_mode=xendit.is_test_mode(),
        form=ActionForm(), result=result, problem=problem), status


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
