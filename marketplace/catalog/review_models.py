"""Buyers' reviews of products, as the storefront shows them.

The tables live with the catalogue because the catalogue shows them (catalog.reviews reads
them); who may write, edit, reply, report and hide is decided in aftersales.reviews only.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.timeutil import utcnow

MAX_STARS = 5


class Review(db.Model):
    """One buyer's review of one product bought in one parcel (at most one per pair)."""

    __tablename__ = "reviews"
    __table_args__ = (
        sa.UniqueConstraint("shipment_id", "product_id"),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="stars_one_to_five"),
        sa.Index("ix_reviews_product_created", "product_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"))
    shop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shops.id", ondelete="SET NULL"),
                                                index=True)
    # The parcel it was bought in (orders' table, named only by its key: the catalogue knows
    # nothing of orders). Kept as a key when the parcel goes, so the pair stays unique.
    shipment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shipments.id", ondelete="SET NULL"))
    # The account that wrote it; None for a guest (who writes through the mailed link).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    # What the page shows as the author: a first name or initials, never the e-mail; empty
    # once the author's account is erased (shown as an anonymous buyer).
    author_name: Mapped[str] = mapped_column(sa.String(60), default="")
    stars: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text, default="")
    photo_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    reply_text: Mapped[str] = mapped_column(sa.Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column()
    replied_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Hidden by an admin (with the reason, audited): out of the page and of the summary.
    hidden_at: Mapped[datetime | None] = mapped_column()
    hidden_reason: Mapped[str] = mapped_column(sa.String(500), default="")

    product = relationship("Product")
    photos: Mapped[list[ReviewPhoto]] = relationship(
        back_populates="review", order_by="ReviewPhoto.position, ReviewPhoto.id",
        cascade="all, delete-orphan")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReviewPhoto(db.Model):
    """A buyer's photo, through the listing photos' pipeline (metadata gone, bombs refused)."""

    __tablename__ = "review_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(default=0)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    variant_widths: Mapped[str] = mapped_column(sa.String(60))

    review: Mapped[Review] = relationship(back_populates="photos")

    @property
    def widths(self) -> list[int]:
        return [int(w) for w in self.variant_widths.split(",") if w]

    def height_for(self, width: int) -> int:
        return round(self.height * width / self.width)


class ReviewReport(db.Model):
    """Someone signed in thinks a review should not be shown; an admin looks."""

    __tablename__ = "review_reports"
    __table_args__ = (sa.UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when an admin hid or kept the review: the report is dealt with.
    handled_at: Mapped[datetime | None] = mapped_column()

    review: Mapped[Review] = relationship()
