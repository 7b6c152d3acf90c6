"""The audit log: every admin action, written in the same transaction as the action.

Rows are never updated or deleted by the application: a flush that tries is refused.
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.admin.models import AuditEntry
from marketplace.extensions import db
from marketplace.orders.audit_trail import snapshot  # noqa: F401  (for the admin screens)


class AuditLogIsAppendOnly(RuntimeError):
    pass


def record(actor, action: str, target_type: str, target_id, *, before: dict | None = None,
           after: dict | None = None, reason: str = "", ip_address: str = "") -> AuditEntry:
    """Add an entry to the caller's transaction (committed with the action itself)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), actor_email=getattr(actor, "email", None) or "system",
        action=action, target_type=target_type, target_id=str(target_id),
        before=json.dumps(before or {}, ensure_ascii=False, sort_keys=True, default=str),
        after=json.dumps(after or {}, ensure_ascii=False, sort_keys=True, default=str),
        reason=(reason or "")[:500], ip_address=(ip_address or "")[:64],
    )
    db.session.add(entry)
    return entry


def record_personal_data_access(actor, action: str, target_type: str, target_id,
                                ip_address: str = "") -> None:
    """An admin saw or took personal data (an address, a list with names and accounts):
    written and committed at once, before the page or file goes out."""
    record(actor, f"personal_data.{action}", target_type, target_id, ip_address=ip_address)
    db.session.commit()


def entries(*, action: str | None = None, actor: str | None = None, target_type: str | None = None,
            limit: int = 200) -> list[AuditEntry]:
    stmt = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if actor:
        stmt = stmt.where(AuditEntry.actor_email.contains(actor.lower()))
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    return list(db.session.scalars(stmt.limit(limit)))


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_log(session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
