"""Figures for the seller's dashboard, and the revenue chart drawn as inline SVG."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
    """Revenue of paid shipments (products, without shipping) by the day the order was paid."""
    from marketplace.orders.models import Order, Shipment, ShipmentStatus

    today = utcnow().date()
    since = datetime.combine(today - timedelta(days=days - 1), time.min)
    day = sa.func.date(Order.paid_at)
    rows = db.session.execute(
        sa.select(day, sa.func.sum(Shipment.subtotal_idr))
        .join(Order, Order.id == Shipment.order_id)
        .where(Shipment.shop_id == shop.id, Order.paid_at >= since,
               Shipment.status.not_in([ShipmentStatus.AWAITING_PAYMENT, ShipmentStatus.CANCELLED]))
        .group_by(day)
    )
    by_day = {str(d): int(total or 0) for d, total in rows}
    daily = [(d, by_day.get(d.isoformat(), 0))
             for d in (today - timedelta(days=days - 1 - i) for i in range(days))]
    waiting = db.session.scalar(sa.select(sa.func.count(Shipment.id)).where(
        Shipment.shop_id == shop.id, Shipment.status == ShipmentStatus.PROCESSING)) or 0
    return SalesFigures(
        today_idr=daily[-1][1],
        week_idr=sum(v for _, v in daily[-7:]),
        month_idr=sum(v for _, v in daily),
        daily=daily,
        waiting_to_ship=waiting,
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
