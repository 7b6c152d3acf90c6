"""Admin home and the audit log. The other admin pages live in their own route modules."""
from __future__ import annotations

from flask import render_template, request

from marketplace.admin import audit, audit_changes, bp
from marketplace.admin.access import admin_required


@bp.get("/")
@admin_required
def index():
    return render_template("admin/index.html")


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
