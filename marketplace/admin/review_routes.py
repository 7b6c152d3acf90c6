"""Reviews: the reported ones first; hide one with a reason, restore it, or keep it (the
rules and the audit entry are aftersales.reviews')."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField

from marketplace.admin import bp, menu
from marketplace.admin.access import admin_required
from marketplace.aftersales import reviews
from marketplace.catalog.review_models import Review
from marketplace.extensions import db
from marketplace.forms import FlaskForm

menu.add(46, "admin.reviews_page", _l("Reviews"))
VIEWS = {reviews.REPORTED: _l("Reported"), reviews.HIDDEN: _l("Hidden"), reviews.ALL: _l("All")}


class HideForm(FlaskForm):
    reason = StringField(_l("Reason (the seller sees it)"))


@bp.get("/reviews")
@admin_required
def reviews_page():
    view = request.args.get("view", reviews.REPORTED)
    if view not in VIEWS:
        view = reviews.REPORTED
    return render_template("admin/reviews.html", rows=reviews.reviews_for_admin(view), view=view,
                           views=VIEWS, form=HideForm(), reports_of=reviews.reports_of)


def _review_or_404(review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    return review


def _back():
    return redirect(url_for("admin.reviews_page", view=request.args.get("view")), code=303)


@bp.post("/reviews/<int:review_id>/<action>")
@admin_required
def moderate_review(review_id: int, action: str):
    if action not in ("hide", "restore", "keep"):
        abort(404)
    review = _review_or_404(review_id)
    form = HideForm()
    if not form.validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
        return _back()
    ip_address = request.remote_addr or ""
    try:
        if action == "hide":
            reviews.hide(review, reason=form.reason.data, actor=current_user, ip_address=ip_address)
        elif action == "restore":
            reviews.restore(review, actor=current_user, ip_address=ip_address,
                            reason=form.reason.data or "")
        else:
            reviews.keep(review, actor=current_user, ip_address=ip_address)
    except reviews.ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash({"hide": _("The review is hidden."), "restore": _("The review is shown again."),
               "keep": _("The review stays; its reports are closed.")}[action], "success")
    return _back()
