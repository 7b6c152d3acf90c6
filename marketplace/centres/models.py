"""What the centres keep: producers' consent, shop hand-overs, consultation requests."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class ConsentMethod(enum.StrEnum):
    SIGNED_FORM = "signed_form"  # a paper form the producer signed, kept at the centre
    THUMBPRINT = "thumbprint"  # a paper form with the producer's thumbprint
    VERBAL_WITNESSED = "verbal_witnessed"  # said in person, before a witness
    PHONE_CALL = "phone_call"


class ShopConsent(db.Model):
    """A producer's agreement that a centre runs a shop in their name: who, how, when."""

    __tablename__ = "shop_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    producer_name: Mapped[str] = mapped_column(sa.String(120))
    method: Mapped[ConsentMethod] = mapped_column(str_enum(ConsentMethod, "consent_method"))
    given_on: Mapped[date] = mapped_column()
    witness: Mapped[str] = mapped_column(sa.String(120), default="")
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by = relationship("User")


class HandoverInvite(db.Model):
    """An invitation to take over an assisted shop: its link is signed, expires, works once, and
    only the newest invite of a shop works. Only a hash of the link's secret is stored."""

    __tablename__ = "handover_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    # An e-mail address (the claiming account must have it) or an Indonesian mobile number.
    contact: Mapped[str] = mapped_column(sa.String(254))
    secret_hash: Mapped[str] = mapped_column(sa.String(64))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    used_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column()

    shop = relationship("Shop")

    @property
    def is_email(self) -> bool:
        return "@" in self.contact


class ConsultationTopic(enum.StrEnum):
    PACKAGING = "packaging"
    PHOTOS = "photos"
    PRICING = "pricing"
    SHIPPING = "shipping"  # shipping across the border
    FOOD_LICENCE = "food_licence"  # P-IRT, BPOM, halal
    OTHER = "other"


class ConsultationStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Consultation(db.Model):
    """A seller's request for help from a centre, with its messages and the staff's notes."""

    __tablename__ = "consultations"
    __table_args__ = (sa.Index("ix_consultations_centre_status", "centre_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("products.id", ondelete="SET NULL"))
    topic: Mapped[ConsultationTopic] = mapped_column(str_enum(ConsultationTopic, "consultation_topic"))
    status: Mapped[ConsultationStatus] = mapped_column(
        str_enum(ConsultationStatus, "consultation_status"), default=ConsultationStatus.NEW
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre = relationship("Centre")
    shop = relationship("Shop")
    product = relationship("Product")
    messages: Mapped[list[ConsultationMessage]] = relationship(
        back_populates="consultation", order_by="ConsultationMessage.id", cascade="all, delete-orphan")
    notes: Mapped[list[ConsultationNote]] = relationship(
        back_populates="consultation", order_by="ConsultationNote.id", cascade="all, delete-orphan")


class ConsultationMessage(db.Model):
    """What the seller asked or a staff member answered: both see every message."""

    __tablename__ = "consultation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    from_centre: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="messages")
    author = relationship("User")


class ConsultationNote(db.Model):
    """The centre's internal note on a request: never shown to the seller."""

    __tablename__ = "consultation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="notes")
    author = relationship("User")
