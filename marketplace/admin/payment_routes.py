"""Bank transfers land in the marketplace's account: an admin confirms them (never the seller).

Two steps, plain forms: the admin types the bank's reference and the amount that arrived, and
a confirmation page shows them against the order's total before anything changes. An amount
that differs is refused unless the admin gives the reason to accept it.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from marketplace.admin import audit, bp, menu
from marketplace.admin.access import admin_required
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.money import InvalidAmount, parse_idr
from marketplace.orders import services, states
from marketplace.orders.models import Order, OrderStatus, PaymentMethod

menu.add(50, "admin.bank_transfers", _l("Bank transfers"))

_AUDITED = ("status", "bank_reference", "amount_received_idr")


class TransferForm(FlaskForm):
    reference = StringField(_l("Bank reference"), validators=[DataRequired(), Length(max=100)])
    received = StringField(_l("Amount received"), validators=[DataRequired(), Length(max=30)])
    reason = StringField(_l("Reason to accept another amount"),
                         validators=[Optional(), Length(max=500)])
    confirmed = HiddenField()

    received_idr: int | None = None

    def validate_received(self, field) -> None:
        try:
            self.received_idr = parse_idr(field.data)
        except InvalidAmount:
            self.received_idr = None
        if not self.received_idr:
            raise ValidationError(_l("Enter the amount that arrived, e.g. 150.321 or "
                                     "Rp 150.321."))


@bp.get("/bank-transfers")
@admin_required
def bank_transfers():
    return render_template("admin/bank_transfers.html", orders=services.awaiting_bank_transfers())


def _step_page(order: Order, form: TransferForm, *, confirming: bool, status: int = 200):
    return render_template("admin/bank_transfer_confirm.html", order=order, form=form,
                           confirming=confirming), status


@bp.post("/bank-transfers/<number>/confirm")
@admin_required
def confirm_bank_transfer(number: str):
    order = services.load_order(number)
    if order is None:
        abort(404)
    if (order.payment_method != PaymentMethod.BANK_TRANSFER
            or order.status != OrderStatus.AWAITING_PAYMENT):
        return _not_waiting(number)
    form = TransferForm()
    if not form.validate_on_submit():
        return _step_page(order, form, confirming=False, status=400)
    reason = (form.reason.data or "").strip()
    if form.received_idr != order.total_idr and not reason:
        form.reason.errors = [_("Give the reason to accept this amount, or check the "
                                "transfer again.")]
        return _step_page(order, form, confirming=False, status=400)
    if form.confirmed.data != "yes":
        return _step_page(order, form, confirming=True)
    reference = form.reference.data.strip()
    try:
        before = audit.snapshot(order, *_AUDITED)
        order = services.confirm_bank_transfer(order, reference=reference,
                                               admin_id=current_user.id,
                                               received_idr=form.received_idr,
                                               mismatch_reason=reason)
        audit.record(current_user, "order.confirm_transfer", "order", order.number, before=before,
                     after=audit.snapshot(order, *_AUDITED, "total_idr"), reason=reason,
                     ip_address=request.remote_addr or "")
        db.session.commit()
    except services.AmountMismatch:  # the order's total changed under the page: show it again
        db.session.rollback()
        return _step_page(services.load_order(number), form, confirming=False, status=400)
    except (services.OrderError, states.IllegalTransition):
        db.session.rollback()
        return _not_waiting(number)
    flash(_("Order %(number)s is paid. The sellers have been told.", number=number), "success")
    return redirect(url_for("admin.bank_transfers"), code=303)


def _not_waiting(number: str):
    flash(_("Order %(number)s cannot be marked as paid: it is no longer waiting for payment.",
            number=number), "error")
    return redirect(url_for("admin.bank_transfers"), code=303)
