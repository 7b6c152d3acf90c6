"""Bank transfers land in the marketplace's account: an admin confirms them (never the seller)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.admin import audit, bp, menu
from marketplace.admin.access import admin_required
from marketplace.extensions import db
from marketplace.orders import outbox, services, states

menu.add(50, "admin.bank_transfers", _l("Bank transfers"))


@bp.get("/bank-transfers")
@admin_required
def bank_transfers():
    return render_template("admin/bank_transfers.html", orders=services.awaiting_bank_transfers())


@bp.post("/bank-transfers/<number>/confirm")
@admin_required
def confirm_bank_transfer(number: str):
    order = services.load_order(number)
    if order is None:
        abort(404)
    reference = (request.form.get("reference") or "").strip()
    if not reference:
        flash(_("Enter the bank's reference of the transfer."), "error")
        return redirect(url_for("admin.bank_transfers"), code=303)
    try:
        before = audit.snapshot(order, "status", "bank_reference")
        order = services.confirm_bank_transfer(order, reference=reference, admin_id=current_user.id)
        audit.record(current_user, "order.confirm_transfer", "order", order.number, before=before,
                     after=audit.snapshot(order, "status", "bank_reference", "total_idr"),
                     ip_address=request.remote_addr or "")
        db.session.commit()
    except (services.OrderError, states.IllegalTransition):
        db.session.rollback()
        flash(_("Order %(number)s cannot be marked as paid: it is no longer waiting for payment.",
                number=number), "error")
    else:
        outbox.dispatch_after_commit()
        flash(_("Order %(number)s is paid. The sellers have been told.", number=number), "success")
    return redirect(url_for("admin.bank_transfers"), code=303)
