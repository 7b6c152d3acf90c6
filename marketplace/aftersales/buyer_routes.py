"""The buyer's side: confirm receipt of a parcel, complain about it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import MultipleFileField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.aftersales import bp, complaints, escrow
from marketplace.aftersales.models import ComplaintReason
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.orders.visitor import buyer_order

REASON_LABELS = {
    ComplaintReason.WRONG_ITEM: _l("Wrong item"),
    ComplaintReason.DAMAGED: _l("Damaged"),
    ComplaintReason.NOT_RECEIVED: _l("Not received"),
}


class ComplaintForm(FlaskForm):
    reason = SelectField(_l("What is wrong?"), validators=[DataRequired()],
                         choices=[SelectChoice(r.value, label) for r, label in REASON_LABELS.items()])
    description = TextAreaField(_l("Describe it"), validators=[
        DataRequired(), Length(max=complaints.MAX_TEXT)])
    photos = MultipleFileField(_l("Photos (up to 5: JPEG, PNG or WebP)"))


def _buyers_parcel(number: str, shipment_id: int):
    """The order, to its buyer only (not an admin), and one of its parcels."""
    order = buyer_order(number)
    shipment = next((s for s in order.shipments if s.id == shipment_id), None)
    if shipment is None:
        abort(404)
    return order, shipment


def _back(number: str):
    return redirect(url_for("orders.order_detail", number=number, t=request.args.get("t")),
                    code=303)


@bp.post("/orders/<number>/parcels/<int:shipment_id>/confirm")
def confirm_receipt(number: str, shipment_id: int):
    order, shipment = _buyers_parcel(number, shipment_id)
    if not FlaskForm().validate_on_submit():
        abort(400, description=_("The form expired; reload the page and try again."))
    try:
        escrow.confirm_receipt(shipment, user_id=current_user.id if current_user.is_authenticated else None)
    except escrow.ReleaseError as error:
        db.session.rollback()
        flash(_("There is an open complaint about this parcel: Sentra decides it first.")
              if error.code != "not_delivered"
              else _("Only a delivered parcel can be confirmed."), "error")
    else:
        flash(_("Thank you! The seller is paid for this parcel."), "success")
    return _back(number)


@bp.route("/orders/<number>/parcels/<int:shipment_id>/complaint", methods=["GET", "POST"])
def new_complaint(number: str, shipment_id: int):
    order, shipment = _buyers_parcel(number, shipment_id)
    if not complaints.window_open(shipment) or complaints.complaint_for(shipment.id):
        flash(_("This parcel can no longer get a complaint."), "error")
        return _back(number)
    form = ComplaintForm()
    status = 200
    if form.validate_on_submit():
        files = [(f.filename or "foto", f.read()) for f in request.files.getlist("photos") if f]
        try:
            complaints.open_complaint(shipment, reason=form.reason.data,
                                      description=form.description.data,
                                      photos=[(name, data) for name, data in files if data])
        except complaints.ComplaintError as error:
            db.session.rollback()
            form.photos.errors = [str(error)]
            status = 422
        else:
            flash(_("Your complaint is sent. The payment stays with Sentra until it is decided."),
                  "success")
            return _back(number)
    elif request.method == "POST":
        status = 422
    return render_template("aftersales/complaint_form.html", form=form, order=order,
                           shipment=shipment), status
