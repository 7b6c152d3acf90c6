"""Review pages: the buyer writes or edits (signed in, or with the mailed link), the shop
replies, anyone signed in reports. Admins hide and restore from the admin screens."""
from __future__ import annotations

import time

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import MultipleFileField, RadioField, SelectChoice, TextAreaField

from marketplace.accounts.models import Role
from marketplace.aftersales import bp, reviews
from marketplace.catalog.models import Product
from marketplace.catalog.review_models import Review
from marketplace.extensions import db, limiter
from marketplace.forms import FlaskForm
from marketplace.orders.models import Shipment
from marketplace.sellers.access import own_row, shop_required


class ReviewForm(FlaskForm):
    # Checked by the service (1 to 5 whatever is sent), so that every refusal has one wording.
    stars = RadioField(_l("Your rating"), validate_choice=False, choices=[
        SelectChoice(str(n), str(n)) for n in range(5, 0, -1)])
    text = TextAreaField(_l("Your review"))
    photos = MultipleFileField(_l("Photos (up to 3: JPEG, PNG or WebP)"))


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Your public reply"))


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("What is wrong with this review?"))


def _rate_limit() -> str:
    return current_app.config["REVIEW_RATE_LIMIT"]


def _poster_key() -> str:
    if current_user.is_authenticated:
        return f"reviews:{current_user.get_id()}"
    return f"reviews:{request.remote_addr}"


def _too_many(limit):
    minutes = max(1, round((limit.reset_at - time.time()) / 60))
    flash(_("You have sent many reviews in a short time. Wait %(minutes)d minutes, then try "
            "again.", minutes=minutes), "error")
    return redirect(request.full_path, code=303)


def _buyers_parcel(shipment_id: int) -> Shipment:
    """The parcel, to its buyer only: their account, or the signed link mailed to them. An
    admin's account is the buyer only of its own orders (as on the order page: a buyer
    forwarding the link to support does not let support write their review)."""
    shipment = db.session.get(Shipment, shipment_id)
    if shipment is None:
        abort(404)
    own = current_user.is_authenticated and shipment.order.user_id == current_user.id
    admin = current_user.is_authenticated and current_user.has_role(Role.ADMIN)
    if not own and (admin or not reviews.token_allows(request.args.get("t"), shipment)):
        abort(404)
    return shipment


def _uploads() -> list[tuple[str, bytes]]:
    files = [(f.filename or "foto", f.read()) for f in request.files.getlist("photos") if f]
    return [(name, data) for name, data in files if data]


@bp.route("/parcels/<int:shipment_id>/review/<int:product_id>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"], key_func=_poster_key, on_breach=_too_many)
def write_review(shipment_id: int, product_id: int):
    shipment = _buyers_parcel(shipment_id)
    product = db.session.get(Product, product_id)
    existing = reviews.review_of(shipment.id, product_id)
    try:
        reviews.check_may_review(shipment, product_id)
    except reviews.ReviewError as error:
        return render_template("aftersales/review_refused.html", message=str(error)), 403
    if existing is not None and not reviews.can_edit(existing):
        return render_template("aftersales/review_refused.html", message=_(
            "A review can be changed for %(days)d days after it was written.",
            days=current_app.config["REVIEW_EDIT_DAYS"]), review=existing), 403
    form = ReviewForm(obj=existing) if request.method == "GET" else ReviewForm()
    if request.method == "GET" and existing is not None:
        form.stars.data = str(existing.stars)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            fields = dict(stars=form.stars.data, text=form.text.data, photos=_uploads())
            try:
                if existing is None:
                    review = reviews.write_review(shipment, product_id, **fields)
                else:
                    review = reviews.edit_review(existing, **fields)
            except reviews.ReviewError as error:
                db.session.rollback()
                form.form_errors.append(str(error))
            else:
                flash(_("Thank you! Your review is on the product page.") if existing is None
                      else _("Your review is changed."), "success")
                return redirect(url_for("catalog.product_detail", slug=review.product.slug,
                                        _anchor="reviews"), code=303)
        else:
            form.form_errors.append(_("The form expired; reload the page and try again."))
    return render_template("aftersales/review_form.html", form=form, shipment=shipment,
                           product=product, existing=existing,
                           name=dict(reviews.products_of(shipment)).get(product_id)), status


# --- The shop's side ---------------------------------------------------------------------------

@bp.get("/seller/reviews")
@shop_required
def seller_reviews():
    return render_template("aftersales/seller_reviews.html",
                           reviews=reviews.shop_reviews(g.shop.id), form=ReplyForm())


@bp.post("/seller/reviews/<int:review_id>/reply")
@shop_required
def reply_review(review_id: int):
    review = own_row(Review, review_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
    else:
        try:
            reviews.reply(review, shop=g.shop, user=current_user, text=form.reply.data)
        except reviews.ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Your reply is on the product page."), "success")
    return redirect(url_for("aftersales.seller_reviews"), code=303)


# --- Reports -----------------------------------------------------------------------------------

@bp.route("/reviews/<int:review_id>/report", methods=["GET", "POST"])
@login_required
def report_review(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None or review.is_hidden:
        abort(404)
    form = ReportForm()
    status = 200
    if request.method == "POST":
        status = 422
        if not form.validate_on_submit():
            form.form_errors.append(_("The form expired; reload the page and try again."))
        else:
            try:
                reviews.report(review, user=current_user, reason=form.reason.data)
            except reviews.ReviewError as error:
                db.session.rollback()
                form.form_errors.append(str(error))
            else:
                flash(_("Thank you. Sentra will look at this review."), "success")
                return redirect(url_for("catalog.product_detail", slug=review.product.slug,
                                        _anchor="reviews"), code=303)
    return render_template("aftersales/review_report.html", form=form, review=review), status
