"""What the admin area keeps: the audit log, home-page sections, display exchange rates."""
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


class FeaturedSection(db.Model):
    """A home-page section (e.g. "Tenun ikat NTT"); its entries are FeaturedEntry rows."""

    __tablename__ = "featured_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    title_id: Mapped[str] = mapped_column(sa.String(120))
    title_en: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    def title(self, locale: str) -> str:
        return self.title_en if str(locale) == "en" else self.title_id


class ExchangeRate(db.Model):
    """Rupiah per unit of a foreign currency, for approximate prices shown beside the rupiah.
    Payment is always in rupiah."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(sa.String(3), primary_key=True)  # MYR, USD, SGD
    idr_per_unit: Mapped[int] = mapped_column(sa.BigInteger)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
