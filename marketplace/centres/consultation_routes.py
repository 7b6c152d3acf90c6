"""Consultation requests: the seller's pages (/seller/consultations) and the staff's
(/centre/consultations)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from marketplace.catalog.models import ProductStatus
from marketplace.centres import bp, consultations
from marketplace.centres.access import staff_required
from marketplace.centres.forms import AnswerForm, ConsultationForm, MessageForm, NoteForm, StatusForm
from marketplace.centres.models import ConsultationStatus, ConsultationTopic
from marketplace.extensions import db
from marketplace.sellers import listings
from marketplace.sellers.access import shop_required

# --- the seller's side -------------------------------------------------------------------

def _own_centre_runs_it():
    """Centre staff working on a shop their centre runs would only be asking themselves:
    their centre's requests are on the centre's pages."""
    if g.acting_for is None:
        return None
    flash(_("This shop is run by your centre: there is no need to ask your centre for help. "
            "Requests from other shops are listed here."), "info")
    return redirect(url_for("centres.consultations_index"), code=303)


@bp.get("/seller/consultations")
@shop_required
def seller_consultations():
    if (answer := _own_centre_runs_it()) is not None:
        return answer
    return render_template("centres/seller_consultations.html", shop=g.shop,
                           consultations=consultations.of_shop(g.shop))


@bp.route("/seller/consultations/new", methods=["GET", "POST"])
@shop_required
def ask_centre():
    if (answer := _own_centre_runs_it()) is not None:
        return answer
    centres = consultations.centres_for(g.shop)
    form = ConsultationForm()
    form.centre.choices = [SelectChoice(str(c.id), c.name) for c in centres]
    form.product.choices = [SelectChoice("", _("No particular listing"))] + [
        SelectChoice(str(p.id), p.name) for p in listings.listings_of(g.shop)
        if p.status != ProductStatus.ARCHIVED]
    if request.method == "GET" and request.args.get("product", "").isdigit():
        form.product.data = request.args["product"]
    if not centres:
        return render_template("centres/ask.html", form=None), 200
    if form.validate_on_submit():
        centre = next(c for c in centres if str(c.id) == form.centre.data)
        product_id = int(form.product.data) if form.product.data else None
        try:
            consultation = consultations.ask(g.shop, centre, current_user,
                                             ConsultationTopic(form.topic.data), form.message.data,
                                             product_id)
        except consultations.ConsultationError:
            db.session.rollback()
            form.message.errors = [*form.message.errors, _("Write your question.")]
        else:
            flash(_("Your question was sent to %(centre)s.", centre=centre.name), "success")
            return redirect(url_for("centres.seller_consultation", consultation_id=consultation.id),
                            code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("centres/ask.html", form=form), status


@bp.route("/seller/consultations/<int:consultation_id>", methods=["GET", "POST"])
@shop_required
def seller_consultation(consultation_id: int):
    consultation = consultations.get_for_shop(g.shop, consultation_id)
    if consultation is None:
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        consultations.seller_writes(consultation, current_user, form.message.data)
        flash(_("Your message was sent."), "success")
        return redirect(url_for("centres.seller_consultation", consultation_id=consultation.id),
                        code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("centres/seller_consultation.html", consultation=consultation,
                           form=form), status


# --- the centre's side -------------------------------------------------------------------


def _status(raw: str | None) -> ConsultationStatus | None:
    try:
        return ConsultationStatus(raw) if raw else None
    except ValueError:
        return None


@bp.get("/centre/consultations")
@staff_required
def consultations_index():
    status = _status(request.args.get("status"))
    return render_template("centres/consultations.html", centre=g.centre, status=status,
                           consultations=consultations.of_centre(g.centre, status))


def _consultation_or_404(consultation_id: int):
    consultation = consultations.get_for_centre(g.centre, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def _render_consultation(consultation, answer=None, status=None, note=None, code=200):
    answer = answer or AnswerForm(status=ConsultationStatus.IN_PROGRESS.value)
    status = status or StatusForm(status=consultation.status.value)
    return render_template("centres/consultation.html", consultation=consultation,
                           answer=answer, status_form=status, note=note or NoteForm()), code


@bp.get("/centre/consultations/<int:consultation_id>")
@staff_required
def consultation(consultation_id: int):
    return _render_consultation(_consultation_or_404(consultation_id))


@bp.post("/centre/consultations/<int:consultation_id>/answer")
@staff_required
def answer_consultation(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render_consultation(consultation, answer=form, code=400)
    consultations.answer(consultation, current_user, form.message.data,
                         ConsultationStatus(form.status.data))
    flash(_("Your answer was sent."), "success")
    return redirect(url_for("centres.consultation", consultation_id=consultation.id), code=303)


@bp.post("/centre/consultations/<int:consultation_id>/status")
@staff_required
def consultation_status(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_consultation(consultation, status=form, code=400)
    consultations.set_status(consultation, ConsultationStatus(form.status.data))
    flash(_("Status saved."), "success")
    return redirect(url_for("centres.consultation", consultation_id=consultation.id), code=303)


@bp.post("/centre/consultations/<int:consultation_id>/notes")
@staff_required
def consultation_note(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_consultation(consultation, note=form, code=400)
    consultations.add_note(consultation, current_user, form.note.data)
    flash(_("Note saved."), "success")
    return redirect(url_for("centres.consultation", consultation_id=consultation.id), code=303)
