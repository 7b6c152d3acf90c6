"""What the seller side keeps beside the catalogue: who did what to a shop."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.timeutil import utcnow


class ShopActivity(db.Model):
    """One change made to a shop by someone acting for it (centre staff on an assisted shop, or
    the hand-over itself): who acted, on whose behalf, what, when. Written in the transaction of
    the change, so a change that is rolled back leaves no entry."""

    __tablename__ = "shop_activities"
    __table_args__ = (sa.Index("ix_shop_activities_shop_created", "shop_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_email: Mapped[str] = mapped_column(sa.String(254))  # kept if the account goes
    action: Mapped[str] = mapped_column(sa.String(60))  # e.g. "sellers.edit_product"
    detail: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User")


class PendingPhoto(db.Model):
    """A photo sent ahead of the listing form it belongs to (it uploads as soon as it is chosen,
    while the seller fills in the rest), already checked, cleaned and stored by the photo
    pipeline. Saving the form turns it into a ProductImage and deletes this row; one never used
    is deleted after PENDING_PHOTO_HOURS (`flask sellers purge-pending-photos`). The files stay:
    they are shared by content hash."""

    __tablename__ = "pending_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    variant_widths: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    @property
    def widths(self) -> list[int]:
        return [int(w) for w in self.variant_widths.split(",") if w]
