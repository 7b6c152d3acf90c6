"""What the storefront shows around the products: home-page sections and their curated
entries, display exchange rates. Admin screens change them; the catalogue reads them."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.timeutil import utcnow


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


class FeaturedEntry(db.Model):
    """A product curated onto a home-page section, optionally for a window of time."""

    __tablename__ = "featured_entries"
    __table_args__ = (sa.Index("ix_featured_section_position", "section", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(sa.String(40), default="home")
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime | None] = mapped_column()
    ends_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship()


class ExchangeRate(db.Model):
    """Rupiah per unit of a foreign currency, for approximate prices shown beside the rupiah.
    Payment is always in rupiah."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(sa.String(3), primary_key=True)  # MYR, USD, SGD
    idr_per_unit: Mapped[int] = mapped_column(sa.BigInteger)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
