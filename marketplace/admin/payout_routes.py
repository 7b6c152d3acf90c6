"""Payouts: build a batch of available balances, export it for the bank, settle each payout."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace import csvexport
from marketplace.admin import audit, bp, menu
from marketplace.admin.access import admin_required
from marketplace.catalog.models import Shop
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout, PayoutBatch

menu.add(55, "admin.payouts_page", _l("Payouts"))

HOLD_LABELS = {
    payouts.READY: _l("Ready"),
    payouts.BELOW_MINIMUM: _l("Below the minimum payout"),
    payouts.NO_BANK_ACCOUNT: _l("No bank account"),
    payouts.BANK_CHANGED: _l("Held for review: bank account changed recently"),
    payouts.SUSPENDED: _l("Held for review: shop suspended"),
}


class ActionForm(FlaskForm):
    """Only the CSRF token."""


class PaidForm(FlaskForm):
    reference = StringField(_l("Bank reference"), validators=[DataRequired(), Length(max=120)])


class ReleaseHoldForm(FlaskForm):
    changed_at = HiddenField(validators=[DataRequired()])  # the change the admin looked at
    reason = TextAreaField(
        _l("How you checked the new account"), id="release-reason",
        validators=[DataRequired(message=_l("Write the reason: it goes into the audit log.")),
                    Length(max=500)])
    confirm = BooleanField(
        _l("I have checked with the seller that the new account is theirs"), id="release-confirm",
        validators=[DataRequired(message=_l("Tick the box: you have checked the account."))])


class FailedForm(FlaskForm):
    reason = StringField(_l("Why the bank refused it"), validators=[Optional(), Length(max=300)])


def _ip() -> str:
    return request.remote_addr or ""


@bp.get("/payouts")
@admin_required
def payouts_page():
    return render_template("admin/payouts.html", candidates=payouts.candidates(),
                           batches=payouts.batches(), labels=HOLD_LABELS)


@bp.post("/payouts/batches")
@admin_required
def build_payout_batch():
    if not ActionForm().validate_on_submit():
        abort(400)
    batch = payouts.build_batch(actor_id=current_user.id)
    if batch is None:
        flash(_("No balance is ready to be paid out."), "error")
        return redirect(url_for("admin.payouts_page"), code=303)
    audit.record(current_user, "payout.batch", "payout_batch", batch.id,
                 after={"payouts": {str(p.shop_id): p.amount_idr for p in batch.payouts}},
                 ip_address=_ip())
    db.session.commit()
    flash(_("Payout batch %(id)s made: download its CSV for the bank.", id=batch.id), "success")
    return redirect(url_for("admin.payout_batch", batch_id=batch.id), code=303)


def _batch_or_404(batch_id: int) -> PayoutBatch:
    batch = db.session.get(PayoutBatch, batch_id)
    if batch is None:
        abort(404)
    return batch


@bp.get("/payouts/batches/<int:batch_id>")
@admin_required
def payout_batch(batch_id: int):
    return render_template("admin/payout_batch.html", batch=_batch_or_404(batch_id))


@bp.get("/payouts/batches/<int:batch_id>.csv")
@admin_required
def payout_batch_csv(batch_id: int):
    batch = _batch_or_404(batch_id)
    # Account holders' names and bank account numbers leave the store in this file.
    audit.record_personal_data_access(current_user, "export_payouts", "payout_batch", batch.id,
                                      ip_address=request.remote_addr or "")
    # No byte order mark: this file goes to the bank's bulk-transfer upload, not to Excel.
    return csvexport.csv_download(f"sentra-payouts-{batch.id}.csv", payouts.CSV_HEADER,
                                  payouts.batch_rows(batch), bom=False)


_SETTLE_ERRORS = {
    "already_settled": _l("This payout was settled already."),
    "reference_needed": _l("Enter the bank's reference of the transfer."),
}


@bp.post("/payouts/<int:payout_id>/paid")
@admin_required
def payout_paid(payout_id: int):
    return _settle(payout_id, "paid")


@bp.post("/payouts/<int:payout_id>/failed")
@admin_required
def payout_failed(payout_id: int):
    return _settle(payout_id, "failed")


def _settle(payout_id: int, outcome: str):
    payout = db.session.get(Payout, payout_id)
    if payout is None:
        abort(404)
    back = redirect(url_for("admin.payout_batch", batch_id=payout.batch_id), code=303)
    form = PaidForm() if outcome == "paid" else FailedForm()
    if not form.validate_on_submit():
        flash(str(_SETTLE_ERRORS["reference_needed"]) if outcome == "paid"
              else _("The form expired; try again."), "error")
        return back
    before = audit.snapshot(payout, "status", "amount_idr")
    try:
        payout = payouts.settle(payout_id, paid=outcome == "paid",
                                reference=form.data.get("reference") or "",
                                reason=form.data.get("reason") or "")
    except payouts.PayoutError as error:
        db.session.rollback()
        flash(str(_SETTLE_ERRORS.get(error.code, _SETTLE_ERRORS["already_settled"])), "error")
        return back
    audit.record(current_user, f"payout.{outcome}", "payout", payout.id, before=before,
                 after=audit.snapshot(payout, "status", "amount_idr", "bank_reference",
                                      "failure_reason", "shop_id"), ip_address=_ip())
    db.session.commit()
    if outcome == "paid":
        flash(_("Payout %(id)s marked as paid.", id=payout.id), "success")
    else:
        flash(_("Payout %(id)s failed: the amount is back in the seller's balance.",
                id=payout.id), "success")
    return back


_HOLD_ERRORS = {
    "not_held": _l("Payouts to this shop are not held: there is nothing to release."),
    "changed_again": _l("The seller changed the bank account again while you were looking. "
                        "Nothing was released: check the new account."),
}


@bp.route("/payouts/holds/<int:shop_id>", methods=["GET", "POST"])
@admin_required
def release_payout_hold(shop_id: int):
    """A changed bank account holds payouts for review: an admin who has checked the new
    account with the seller releases the hold early, with the reason, in the audit log."""
    shop = db.session.get(Shop, shop_id)
    if shop is None:
        abort(404)
    held_until = payouts.bank_hold_until(shop)
    back = redirect(url_for("admin.release_payout_hold", shop_id=shop_id), code=303)
    if held_until is None and request.method == "POST":
        flash(str(_HOLD_ERRORS["not_held"]), "error")
        return back
    form = ReleaseHoldForm()
    if request.method == "GET" and shop.bank_details_changed_at is not None:
        form.changed_at.data = shop.bank_details_changed_at.isoformat()
    if form.validate_on_submit():
        before = audit.snapshot(shop, "bank_details_changed_at", "bank_hold_released_at")
        try:
            shop = payouts.release_bank_hold(shop_id, changed_at_seen=form.changed_at.data)
        except payouts.PayoutError as error:
            db.session.rollback()
            flash(str(_HOLD_ERRORS.get(error.code, _HOLD_ERRORS["not_held"])), "error")
            return back
        audit.record(current_user, "payout.hold_release", "shop", shop.id, before=before,
                     after=audit.snapshot(shop, "bank_details_changed_at",
                                          "bank_hold_released_at", "bank_name",
                                          "masked_bank_account"),
                     reason=form.reason.data.strip(), ip_address=_ip())
        db.session.commit()
        flash(_("The payout hold of %(shop)s is released: its balance goes into the next batch.",
                shop=shop.name), "success")
        return redirect(url_for("admin.payouts_page"), code=303)
    return render_template("admin/payout_hold.html", shop=shop, form=form, held_until=held_until,
                           available_idr=payouts.available_idr(shop_id)
                           ), 400 if request.method == "POST" else 200
