"""Complaints: read the buyer's case and the seller's answer, then decide."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from marketplace.admin import bp, menu
from marketplace.admin.access import admin_required
from marketplace.aftersales import complaints, decisions, messages
from marketplace.aftersales.models import Complaint
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.ledger import postings
from marketplace.money import InvalidAmount, format_idr, parse_idr
from marketplace.language import current_language

menu.add(45, "admin.complaints_page", _l("Complaints"))


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), validators=[DataRequired()], choices=[
        SelectChoice(decisions.REFUND, _l("Refund the parcel in full")),
        SelectChoice(decisions.PARTIAL, _l("Refund part of it")),
        SelectChoice(decisions.RELEASE, _l("Pay the seller (no refund)"))])
    amount = StringField(_l("Amount to refund (partial refund)"),
                         validators=[Optional(), Length(max=30)])
    reference = StringField(_l("Bank reference of your transfer to the buyer (bank transfers)"),
                            validators=[Optional(), Length(max=120)])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    # Sent by the confirmation page of a refund: the amount it showed, and the admin's yes.
    expected = HiddenField(validators=[Optional(), Regexp(r"^\d{1,15}$")])
    confirmed = HiddenField()


_ERRORS = {
    "decided": _l("This complaint has been decided already."),
    "amount": _l("Enter an amount above zero and below what is held for the parcel."),
    "reference_needed": _l("Enter the bank's reference of your transfer to the buyer."),
    "dispute_open": _l("A card dispute about this order is open: wait for it to close."),
    "unavailable": _l("Stripe could not be reached. Nothing was changed: try again in a moment."),
    "amount_changed": _l("The amount to refund has changed since you confirmed it (another "
                         "refund was made meanwhile). Nothing was refunded: check the order "
                         "and confirm again."),
}


@bp.get("/complaints")
@admin_required
def complaints_page():
    open_only = request.args.get("status") == "open"
    found = complaints.open_complaints() if open_only else complaints.all_complaints()
    return render_template("admin/complaints.html", complaints=found, open_only=open_only)


def _complaint_or_404(complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        abort(404)
    return complaint


def _render(complaint: Complaint, form: DecisionForm, status: int = 200):
    return render_template("admin/complaint.html", complaint=complaint, form=form,
                           held_idr=postings.held_for(complaint.shipment.shop_id, complaint.shipment_id),
                           thread=messages.thread(complaint.shipment_id),
                           shipment=complaint.shipment), status


@bp.get("/complaints/<int:complaint_id>")
@admin_required
def complaint_detail(complaint_id: int):
    return _render(_complaint_or_404(complaint_id), DecisionForm())


@bp.post("/complaints/<int:complaint_id>/decide")
@admin_required
def decide_complaint(complaint_id: int):
    complaint = _complaint_or_404(complaint_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render(complaint, form, 400)
    amount = None
    if form.outcome.data == decisions.PARTIAL:
        try:
            amount = parse_idr(form.amount.data or "")
        except InvalidAmount:
            form.amount.errors = [str(_ERRORS["amount"])]
            return _render(complaint, form, 400)
    refunding = form.outcome.data in (decisions.REFUND, decisions.PARTIAL)
    try:
        if refunding and (form.confirmed.data != "yes" or not form.expected.data):
            # A refund is confirmed on a page of its own, which shows its amount.
            refund_idr = decisions.refund_preview(complaint, outcome=form.outcome.data,
                                                  amount_idr=amount,
                                                  reference=form.reference.data or "")
            return render_template("admin/complaint_confirm.html", complaint=complaint,
                                   form=form, refund_idr=refund_idr,
                                   held_idr=postings.held_for(complaint.shipment.shop_id, complaint.shipment_id))
        decided = decisions.decide(complaint, outcome=form.outcome.data, actor=current_user,
                                   amount_idr=amount, reference=form.reference.data or "",
                                   reason=form.reason.data or "",
                                   ip_address=request.remote_addr or "",
                                   expected_idr=int(form.expected.data) if refunding else None)
    except decisions.DecisionError as error:
        db.session.rollback()
        if error.code == "refused":
            message = _("Stripe refused the refund (%(detail)s). Nothing was changed.",
                        detail=error.detail)
        else:
            message = str(_ERRORS.get(error.code, _ERRORS["unavailable"]))
        flash(message, "error")
        return _render(_complaint_or_404(complaint_id), form, 422)
    flash(_("Complaint decided: %(amount)s refunded.",
            amount=format_idr(decided.refund_idr, current_language())), "success")
    return redirect(url_for("admin.complaint_detail", complaint_id=complaint_id), code=303)
