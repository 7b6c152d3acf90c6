"""What the admin area keeps: the audit log."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.timeutil import utcnow


class AuditEntry(db.Model):
    """One admin action (or change of role): who, when, what, before and after. Append-only:
    the application never updates or deletes a row (see admin.audit)."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_email: Mapped[str] = mapped_column(sa.String(254))  # kept if the account goes
    action: Mapped[str] = mapped_column(sa.String(60), index=True)  # e.g. "shop.verify"
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[str] = mapped_column(sa.String(60))
    before: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON
    after: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    ip_address: Mapped[str] = mapped_column(sa.String(64), default="")


