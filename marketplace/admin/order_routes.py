"""Orders: every order with filters, one order's file, and refunds (whole order or a parcel)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, ValidationError
from wtforms.validators import Length, Optional, Regexp

from marketplace.admin import audit, bp, menu
from marketplace.admin import orders as order_files
from marketplace.admin.access import admin_required
from marketplace.aftersales import messages
from marketplace.catalog.forms import clean_text, page_number
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.ledger.labels import ACCOUNT_LABELS, KIND_LABELS
from marketplace.money import format_idr
from marketplace.orders import refunds
from marketplace.orders.models import OrderStatus, PaymentMethod
from marketplace.language import current_language

menu.add(40, "admin.orders", _l("Orders"))

ORDER_STATUS_LABELS = {
    OrderStatus.AWAITING_PAYMENT: _l("Awaiting payment"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.EXPIRED: _l("Expired (not paid in time)"),
    OrderStatus.CANCELLED: _l("Cancelled"),
    OrderStatus.PARTLY_REFUNDED: _l("Partly refunded"),
    OrderStatus.REFUNDED: _l("Refunded"),
}
PAYMENT_METHOD_LABELS = {
    PaymentMethod.STRIPE: _l("Card (Stripe)"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.XENDIT: _l("QRIS, virtual account or e-wallet (Xendit)"),
}


class OrderFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: filtering changes nothing

    status = SelectField(_l("Status"), validators=[Optional()])
    method = SelectField(_l("Payment"), validators=[Optional()])
    date_from = DateField(_l("Placed from"), validators=[Optional()])
    date_to = DateField(_l("Placed until"), validators=[Optional()])
    q = StringField(_l("Order number or email"), filters=[clean_text])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", _l("Any"))] + [
            SelectChoice(status.value, label) for status, label in ORDER_STATUS_LABELS.items()]
        self.method.choices = [SelectChoice("", _l("Any"))] + [
            SelectChoice(method.value, label) for method, label in PAYMENT_METHOD_LABELS.items()]

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The last day must not be before the first."))

    def to_filter(self) -> order_files.OrderFilter:
        return order_files.OrderFilter(
            status=OrderStatus(self.status.data) if self.status.data else None,
            payment_method=PaymentMethod(self.method.data) if self.method.data else None,
            date_from=self.date_from.data, date_to=self.date_to.data, query=self.q.data or "")


class RefundForm(FlaskForm):
    shipment = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])
    reference = StringField(_l("Bank reference of your transfer to the buyer"),
                            validators=[Optional(), Length(max=120)])
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    # Sent by the confirmation page: the amount it showed, and the admin's yes.
    expected = HiddenField(validators=[Optional(), Regexp(r"^\d{1,15}$")])
    confirmed = HiddenField()


@bp.get("/orders")
@admin_required
def orders():
    form = OrderFilterForm(formdata=request.args)
    if not form.validate():
        return render_template("admin/orders.html", form=form, page=None,
                               status_labels=ORDER_STATUS_LABELS,
                               method_labels=PAYMENT_METHOD_LABELS), 400
    page = order_files.list_orders(form.to_filter(), page=page_number(request.args.get("page")))
    return render_template("admin/orders.html", form=form, page=page,
                           status_labels=ORDER_STATUS_LABELS, method_labels=PAYMENT_METHOD_LABELS)


@bp.get("/orders/<number>")
@admin_required
def order_detail(number: str):
    file = order_files.order_file(number)
    if file is None:
        abort(404)
    page = render_template("admin/order.html", file=file, order=file.order,
                           options=refunds.options(file.order),
                           status_labels=ORDER_STATUS_LABELS, method_labels=PAYMENT_METHOD_LABELS,
                           kind_labels=KIND_LABELS, account_labels=ACCOUNT_LABELS,
                           readable_threads={s.id for s in file.order.shipments
                                             if messages.in_dispute(s)})
    # The page shows the buyer's name, phone and address: recorded (and committed) once it is
    # rendered, before it goes out.
    audit.record_personal_data_access(current_user, "view_address", "order", number,
                                      ip_address=request.remote_addr or "")
    return page


_REFUND_ERRORS = {
    "not_paid": _l("Only a paid order can be refunded."),
    "nothing_left": _l("Everything paid for this order has been refunded already."),
    "unknown_shipment": _l("That parcel is not part of this order."),
    "shipment_refunded": _l("That parcel has been refunded already."),
    "paid_out": _l("This money has been paid out to the seller already and the seller's "
                   "balance cannot cover it: nothing was refunded."),
    "reference_needed": _l("Enter the bank's reference of your transfer to the buyer."),
    "no_payment": _l("No card payment is recorded for this order: refund it in Stripe's "
                     "dashboard."),
    "unavailable": _l("Stripe could not be reached. Nothing was changed: try again in a moment."),
    "amount_changed": _l("The amount to refund has changed since you confirmed it (another "
                         "refund was made meanwhile). Nothing was refunded: check the order "
                         "and confirm again."),
}


@bp.post("/orders/<number>/refund")
@admin_required
def refund_order(number: str):
    file = order_files.order_file(number)
    if file is None:
        abort(404)
    form = RefundForm()
    back = redirect(url_for("admin.order_detail", number=number), code=303)
    if not form.validate_on_submit():
        flash(_("The refund could not be read: check the fields and try again."), "error")
        return back
    shipment_id = int(form.shipment.data) if form.shipment.data else None
    try:
        if form.confirmed.data != "yes" or not form.expected.data:
            # First the confirmation page: the amount, what it is for, how it goes back.
            proposal = refunds.preview(file.order, shipment_id,
                                       reference=form.reference.data or "")
            return render_template("admin/refund_confirm.html", order=file.order, form=form,
                                   proposal=proposal)
        refund = refunds.refund(
            file.order, shipment_id=shipment_id, actor=current_user,
            reason=form.reason.data or "", reference=form.reference.data or "",
            expected_idr=int(form.expected.data), ip_address=request.remote_addr or "")
    except refunds.RefundError as error:
        db.session.rollback()
        if error.code == "refused":
            flash(_("Stripe refused the refund (%(detail)s). Nothing was changed.",
                    detail=error.detail), "error")
        else:
            flash(str(_REFUND_ERRORS.get(error.code, _REFUND_ERRORS["unavailable"])), "error")
        return back
    flash(_("Refunded %(amount)s for order %(number)s.",
            amount=format_idr(refund.amount_idr, current_language()), number=number), "success")
    return back
