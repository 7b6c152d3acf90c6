"""Figures of a shop's listings for the seller's dashboard (its sales are the orders'), and the
revenue chart drawn as inline SVG."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from marketplace.catalog.models import Product, ProductStatus, Shop, Variant
from marketplace.extensions import db


def low_stock_variants(shop: Shop, limit: int = 20) -> list[tuple[Product, Variant]]:
    stmt = (
        sa.select(Product, Variant)
        .join(Variant, Variant.product_id == Product.id)
        .where(
            Product.shop_id == shop.id,
            Product.status != ProductStatus.ARCHIVED,
            Variant.is_active.is_(True),
            Variant.stock <= Product.low_stock_threshold,
        )
        .order_by(Variant.stock, Product.name)
        .limit(limit)
    )
    return [(p, v) for p, v in db.session.execute(stmt)]


def listing_counts(shop: Shop) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Product.status, sa.func.count()).where(Product.shop_id == shop.id)
        .group_by(Product.status)
    )
    counts = {status.value: 0 for status in ProductStatus}
    counts.update({str(status): n for status, n in rows})
    return counts


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    day: date
    amount: int


def chart_bars(daily: list[tuple[date, int]], width: int = 600, height: int = 160) -> list[Bar]:
    """Bar geometry for a small SVG chart (no JavaScript, no chart library)."""
    peak = max((amount for _, amount in daily), default=0) or 1
    slot = width // max(len(daily), 1)
    bars = []
    for i, (day, amount) in enumerate(daily):
        h = round(amount * (height - 10) / peak)
        bars.append(Bar(x=i * slot + 1, y=height - h, width=max(slot - 2, 1), height=h,
                        day=day, amount=amount))
    return bars
