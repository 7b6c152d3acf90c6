"""What the admin area keeps: the audit log, refunds."""
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


class Refund(db.Model):
    """Money given back for an order or one of its shipments."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shipments.id", ondelete="SET NULL"))
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    method: Mapped[str] = mapped_column(sa.String(20))  # "stripe" or "manual" (bank transfer)
    stripe_refund_id: Mapped[str | None] = mapped_column(sa.String(255))
    reference: Mapped[str] = mapped_column(sa.String(120), default="")
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
