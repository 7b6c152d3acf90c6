"""Centre staff pages (/centre): their shops, onboarding a producer, acting for an assisted
shop, handing it over; and the producer's claim of a handed-over shop."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.centres import bp, consultations, services
from marketplace.centres.access import staff_required
from marketplace.centres.forms import ActionForm, AssistedShopForm, HandoverForm
from marketplace.centres.mail import handover_link
from marketplace.centres.models import ConsentMethod, ConsultationStatus
from marketplace.extensions import db
from marketplace.sellers import access as seller_access
from marketplace.sellers.routes import shop_details_from


def _shop_or_404(shop_id: int):
    shop = services.own_shop(g.centre, shop_id)
    if shop is None:
        abort(404)
    return shop


@bp.get("/centre/")
@staff_required
def dashboard():
    return render_template(
        "centres/dashboard.html", centre=g.centre, shops=services.shop_figures(g.centre),
        to_coach=services.listings_to_coach(g.centre),
        waiting=consultations.of_centre(g.centre, ConsultationStatus.NEW), form=ActionForm())


@bp.route("/centre/shops/new", methods=["GET", "POST"])
@staff_required
def new_shop():
    form = AssistedShopForm()
    form.centre_contact = g.centre.contact
    if request.method == "GET":
        form.region.data = f"{g.centre.province} / {g.centre.regency}"
    if form.validate_on_submit():
        consent = services.Consent(
            producer_name=form.producer_name.data, method=ConsentMethod(form.consent_method.data),
            given_on=form.consent_date.data, witness=form.witness.data or "",
            note=form.consent_note.data or "")
        shop = services.open_assisted_shop(g.centre, current_user, shop_details_from(form), consent)
        seller_access.act_for(shop)
        flash(_("The shop %(name)s is open and run by your centre. Add its first product.",
                name=shop.name), "success")
        return redirect(url_for("sellers.new_product"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("centres/new_shop.html", form=form), status


@bp.get("/centre/shops/<int:shop_id>")
@staff_required
def shop(shop_id: int):
    shop = _shop_or_404(shop_id)
    return render_template("centres/shop.html", shop=shop, activity=services.activity_of(shop),
                           consents=services.consents_of(shop), form=ActionForm(),
                           handover=HandoverForm())


@bp.post("/centre/shops/<int:shop_id>/act")
@staff_required
def act_for_shop(shop_id: int):
    shop = _shop_or_404(shop_id)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired. Please try again."))
    if not shop.is_assisted:
        abort(403, description=_("Only the owner runs this shop; your centre coaches it."))
    seller_access.act_for(shop)
    return redirect(url_for("orders.seller_dashboard"), code=303)


@bp.post("/centre/stop-acting")
@login_required
def stop_acting():
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired. Please try again."))
    seller_access.stop_acting()
    target = "centres.dashboard" if services.centre_of_staff(current_user) else "catalog.home"
    return redirect(url_for(target), code=303)


@bp.post("/centre/shops/<int:shop_id>/handover")
@staff_required
def invite_owner(shop_id: int):
    shop = _shop_or_404(shop_id)
    form = HandoverForm()
    if not form.validate_on_submit():
        flash(_("Enter the producer's e-mail address or mobile number."), "error")
        return redirect(url_for("centres.shop", shop_id=shop.id), code=303)
    try:
        invite, token = services.invite_owner(shop, current_user, form.contact.data)
    except services.InvalidContact:
        db.session.rollback()
        flash(_("Enter an e-mail address or an Indonesian mobile number, e.g. 0812-3456-7890."), "error")
        return redirect(url_for("centres.shop", shop_id=shop.id), code=303)
    except services.NotAssisted:
        db.session.rollback()
        abort(409, description=_("This shop already has its owner."))
    # Shown once, to the staff member who made it: for a phone number they pass it on.
    return render_template("centres/invite_sent.html", shop=shop, invite=invite,
                           link=handover_link(token))


@bp.route("/centre/claim/<token>", methods=["GET", "POST"])
@login_required
def claim_shop(token: str):
    try:
        invite = services.invite_from_token(token)
        services.check_claimant(invite, current_user)
    except services.InviteInvalid:
        return render_template("centres/claim_invalid.html", reason="invalid"), 410
    except services.InviteForSomeoneElse:
        return render_template("centres/claim_invalid.html", reason="someone_else"), 403
    except services.AlreadyHasShop:
        return render_template("centres/claim_invalid.html", reason="has_shop"), 409
    form = ActionForm()
    if form.validate_on_submit():
        try:
            shop = services.claim_shop(token, current_user)
        except services.CentreError:
            db.session.rollback()
            return render_template("centres/claim_invalid.html", reason="invalid"), 410
        seller_access.stop_acting()
        flash(_("The shop %(name)s is yours now. Welcome!", name=shop.name), "success")
        return redirect(url_for("orders.seller_dashboard"), code=303)
    return render_template("centres/claim.html", invite=invite, shop=invite.shop, form=form)
