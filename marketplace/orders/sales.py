"""A shop's sales, for the seller's dashboard and the centre's: revenue of paid parcels by day,
parcels waiting to ship."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from marketplace.catalog.models import Shop
from marketplace.extensions import db
from marketplace.orders.models import Order, Shipment, ShipmentStatus
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
