"""The reconciliation report, and recording refunds owed back by bank transfer."""
from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.admin import bp, menu
from marketplace.admin import reconciliation as books
from marketplace.admin.access import admin_required
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.ledger.labels import ACCOUNT_LABELS
from marketplace.orders import deadlines, services

menu.add(57, "admin.reconciliation", _l("Reconciliation"))

MISMATCH_LABELS = {
    "not_in_ledger": _l("Paid, but not in the ledger"),
    "amount_differs": _l("The ledger's amount differs from the order's total"),
    "refund_differs": _l("Refunds differ (a refund made outside Sentra?)"),
    "ledger_without_payment": _l("In the ledger, but the order is not paid"),
    "suspense": _l("Money received for no open order: refund it"),
}


@bp.get("/reconciliation")
@admin_required
def reconciliation():
    return render_template("admin/reconciliation.html", report=books.report(),
                           owed=deadlines.owed_by_order(), mismatch_labels=MISMATCH_LABELS,
                           account_labels=ACCOUNT_LABELS)


@bp.post("/reconciliation/owed/<number>")
@admin_required
def settle_owed(number: str):
    """Two steps, as every money decision of an admin: the bank's reference, then a page that
    says what will be recorded ("Yes" sends back the amount it showed; owed another amount
    by then, nothing is recorded)."""
    order = services.load_order(number)
    if order is None:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    reference = " ".join(request.form.get("reference", "").split())[:120]
    owed = deadlines.owed_on(order)
    if not reference or not owed:
        flash(_("Enter the bank's reference of your transfer to the buyer.") if owed
              else _("Nothing is owed for this order."), "error")
        return redirect(url_for("admin.reconciliation"), code=303)
    if request.form.get("confirmed") != "yes":
        return render_template("admin/owed_confirm.html", order=order, amount=owed,
                               reference=reference)
    expected = request.form.get("expected_idr", "")
    try:
        if not re.fullmatch(r"[0-9]{1,15}", expected):  # not an amount this page sent
            raise deadlines.SettleError("amount_changed")
        deadlines.settle_refund_due(order, reference=reference, actor=current_user,
                                    expected_idr=int(expected),
                                    ip_address=request.remote_addr or "")
    except deadlines.SettleError as error:
        db.session.rollback()
        if error.code == "amount_changed":
            flash(_("The amount owed for order %(number)s has changed: check it again.",
                    number=number), "error")
        else:
            flash(_("Nothing is owed for this order."), "error")
    else:
        flash(_("Refund of order %(number)s recorded.", number=number), "success")
    return redirect(url_for("admin.reconciliation"), code=303)
