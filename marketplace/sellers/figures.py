"""Figures for the seller's dashboard, and the revenue chart drawn as inline SVG."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from marketplace.catalog.models import Product, ProductStatus, Shop, Variant
from marketplace.extensions import db
from marketplace.timeutil import utcnow


@dataclass(frozen=True)
class SalesFigures:
    today_idr: int
    week_idr: int
    month_idr: int
    daily: list[tuple[date, int]]  # the last 30 days, oldest first
    waiting_to_ship: int


def sales_figures(shop: Shop, days: int = 30) -> SalesFigures:
    """Revenue comes from paid orders, which arrive with checkout; until then every day is 0."""
    today = utcnow().date()
    daily = [(today - timedelta(days=days - 1 - i), 0) for i in range(days)]
    return SalesFigures(
        today_idr=daily[-1][1],
        week_idr=sum(v for _, v in daily[-7:]),
        month_idr=sum(v for _, v in daily),
        daily=daily,
        waiting_to_ship=0,
    )


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
