"""The seller's side of complaints: read them, answer them."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.aftersales import bp, complaints
from marketplace.aftersales.models import Complaint
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.sellers.access import own_row, shop_required


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer"), validators=[DataRequired(),
                                                          Length(max=complaints.MAX_TEXT)])


@bp.get("/seller/complaints")
@shop_required
def seller_complaints():
    return render_template("aftersales/seller_complaints.html",
                           complaints=complaints.shop_complaints(g.shop.id), form=AnswerForm())


@bp.post("/seller/complaints/<int:complaint_id>/answer")
@shop_required
def answer_complaint(complaint_id: int):
    complaint = own_row(Complaint, complaint_id, lambda row: row.shipment.shop_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Write your answer first."), "error")
    else:
        try:
            complaints.answer(complaint, form.answer.data)
        except complaints.ComplaintError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Your answer is sent to Sentra and the buyer."), "success")
    return redirect(url_for("aftersales.seller_complaints"), code=303)
