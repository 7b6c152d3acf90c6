"""Admin home and the audit log. The other admin pages live in their own route modules."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from marketplace.admin import audit, audit_changes, bp
from marketplace.admin import shops as reviews
from marketplace.admin.access import admin_required
from marketplace.aftersales import complaints
from marketplace.aftersales import reviews as buyer_reviews
from marketplace.ledger import payouts
from marketplace.orders import deadlines, services
from marketplace.orders.hooks import Task


def _tasks() -> list[Task]:
    """What needs doing, each counted by its own domain and linking to its filtered list."""
    return [
        Task("bank-transfers", services.count_awaiting_bank_transfers(),
             _("Bank transfers to confirm"), url_for("admin.bank_transfers")),
        Task("complaints", complaints.count_open(), _("Complaints open"),
             url_for("admin.complaints_page", status="open")),
        Task("shops", reviews.count_queue(), _("Shops to verify"),
             url_for("admin.shops", view=reviews.ShopView.QUEUE.value)),
        Task("refunds", deadlines.count_owed(), _("Refunds to transfer"),
             url_for("admin.reconciliation", _anchor="owed-h")),
        Task("payouts", payouts.count_ready(), _("Shops ready for a payout"),
             url_for("admin.payouts_page")),
        Task("reviews", buyer_reviews.count_reported(), _("Reviews reported"),
             url_for("admin.reviews_page", view=buyer_reviews.REPORTED)),
    ]


@bp.get("/")
@admin_required
def index():
    return render_template("admin/index.html", tasks=_tasks())


@bp.get("/audit")
@admin_required
def audit_log():
    filters = {
        "action": (request.args.get("action") or "").strip()[:60] or None,
        "actor": (request.args.get("actor") or "").strip()[:254] or None,
        "target_type": (request.args.get("target_type") or "").strip()[:40] or None,
    }
    entries = [(entry, audit_changes.changes(entry)) for entry in audit.entries(**filters)]
    return render_template("admin/audit.html", entries=entries, filters=filters,
                           action_label=audit_changes.action_label,
                           target_label=audit_changes.target_label)
