"""Aftersales' tables: buyers' complaints about parcels (with photos) and card disputes."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class ComplaintReason(enum.StrEnum):
    WRONG_ITEM = "wrong_item"
    DAMAGED = "damaged"
    NOT_RECEIVED = "not_received"


class ComplaintStatus(enum.StrEnum):
    OPEN = "open"
    REFUNDED = "refunded"  # in full
    PARTLY_REFUNDED = "partly_refunded"
    RELEASED = "released"  # decided for the seller


class Complaint(db.Model):
    """A buyer's complaint about a delivered shipment; the money stays held until decided."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(sa.ForeignKey("shipments.id", ondelete="CASCADE"),
                                             index=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ComplaintReason] = mapped_column(str_enum(ComplaintReason, "complaint_reason"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ComplaintStatus] = mapped_column(str_enum(ComplaintStatus, "complaint_status"),
                                                    default=ComplaintStatus.OPEN)
    seller_answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column()
    refund_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    decision_note: Mapped[str] = mapped_column(sa.String(500), default="")
    decided_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    shipment = relationship("Shipment")
    order = relationship("Order")
    photos: Mapped[list[ComplaintPhoto]] = relationship(order_by="ComplaintPhoto.id")


class ComplaintPhoto(db.Model):
    __tablename__ = "complaint_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaints.id", ondelete="CASCADE"),
                                              index=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    variant_widths: Mapped[str] = mapped_column(sa.String(60))


class DisputeStatus(enum.StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Dispute(db.Model):
    """A card dispute (chargeback) reported by Stripe."""

    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_dispute_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    reason: Mapped[str] = mapped_column(sa.String(60), default="")
    status: Mapped[DisputeStatus] = mapped_column(str_enum(DisputeStatus, "dispute_status"),
                                                  default=DisputeStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()

    order = relationship("Order")
