"""The marketplace at a glance: sales (GMV) by day, orders, active sellers, sales by region,
top products. A handful of aggregate queries, whatever the size of the marketplace.

GMV is the total of the orders paid in the period (products, shipping and transfer codes),
by the day they were paid in the store's time zone (WIB, see `timeutil`), refunds included;
what was refunded since is shown beside it. Regions and products count the goods of shipments
that were not cancelled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from marketplace.catalog.models import Shop, ShopStatus
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderStatus, Shipment, ShipmentStatus
from marketplace.timeutil import local_date, store_day_start, store_today

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
PAID = (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED, OrderStatus.REFUNDED)
NOT_SOLD = (ShipmentStatus.AWAITING_PAYMENT, ShipmentStatus.CANCELLED)


@dataclass(frozen=True)
class Day:
    day: date
    orders: int
    gmv_idr: int


@dataclass(frozen=True)
class RegionSales:
    province: str
    regency: str
    shops: int
    shipments: int
    sales_idr: int  # products, without shipping


@dataclass(frozen=True)
class ProductSales:
    product_id: int | None
    name: str
    shop_name: str
    quantity: int
    sales_idr: int


@dataclass(frozen=True)
class Overview:
    days: int
    since: date
    daily: list[Day]  # every day of the period, oldest first
    orders: int
    gmv_idr: int
    refunded_idr: int
    active_sellers: int
    live_shops: int
    regions: list[RegionSales]
    top_products: list[ProductSales]

    @property
    def average_order_idr(self) -> int:
        return self.gmv_idr // self.orders if self.orders else 0


def overview(days: int = DEFAULT_DAYS, *, today: date | None = None) -> Overview:
    """The last `days` days up to `today`, days in the store's zone (WIB)."""
    today = today or store_today()
    first = today - timedelta(days=days - 1)
    paid_in_period = sa.and_(Order.status.in_(PAID), Order.paid_at >= store_day_start(first))

    day = local_date(Order.paid_at)
    by_day = {_as_date(d): (int(n), int(total or 0)) for d, n, total in db.session.execute(
        sa.select(day, sa.func.count(Order.id), sa.func.sum(Order.total_idr))
        .where(paid_in_period).group_by(day))}
    daily = [Day(d, *by_day.get(d, (0, 0)))
             for d in (first + timedelta(days=i) for i in range(days))]
    refunded = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Order.refunded_idr), 0)).where(paid_in_period))

    sold = sa.and_(paid_in_period, Shipment.status.not_in(NOT_SOLD))
    active_sellers = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Shipment.shop_id)))
        .join(Order, Order.id == Shipment.order_id).where(sold)) or 0
    live_shops = db.session.scalar(
        sa.select(sa.func.count(Shop.id)).where(Shop.status == ShopStatus.ACTIVE)) or 0

    regions = [RegionSales(province, regency, int(shops), int(n), int(total or 0))
               for province, regency, shops, n, total in db.session.execute(
        sa.select(Shop.province, Shop.regency, sa.func.count(sa.distinct(Shop.id)),
                  sa.func.count(Shipment.id), sa.func.sum(Shipment.subtotal_idr))
        .select_from(Shipment)
        .join(Order, Order.id == Shipment.order_id)
        .join(Shop, Shop.id == Shipment.shop_id)
        .where(sold)
        .group_by(Shop.province, Shop.regency)
        .order_by(sa.func.sum(Shipment.subtotal_idr).desc(), Shop.province, Shop.regency))]

    line_total = OrderLine.unit_price_idr * OrderLine.quantity
    # By product; lines of a product deleted since are kept apart by their frozen name.
    product_key = sa.func.coalesce(sa.cast(OrderLine.product_id, sa.String),
                                   "name:" + OrderLine.product_name)
    top = [ProductSales(product_id, name, shop_name, int(quantity), int(total or 0))
           for product_id, name, shop_name, quantity, total in db.session.execute(
        sa.select(sa.func.max(OrderLine.product_id), sa.func.max(OrderLine.product_name),
                  sa.func.max(Shipment.shop_name), sa.func.sum(OrderLine.quantity),
                  sa.func.sum(line_total))
        .select_from(OrderLine)
        .join(Shipment, Shipment.id == OrderLine.shipment_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(sold)
        .group_by(product_key)
        .order_by(sa.func.sum(line_total).desc(), sa.func.sum(OrderLine.quantity).desc())
        .limit(10))]

    return Overview(
        days=days, since=first, daily=daily,
        orders=sum(d.orders for d in daily), gmv_idr=sum(d.gmv_idr for d in daily),
        refunded_idr=int(refunded or 0), active_sellers=active_sellers, live_shops=live_shops,
        regions=regions, top_products=top,
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class HorizontalBar:
    y: int
    width: int
    label: str
    amount: int


def horizontal_bars(rows: list[tuple[str, int]], width: int = 400,
                    bar_height: int = 18, gap: int = 6) -> list[HorizontalBar]:
    """Geometry of a horizontal bar chart (labels are drawn in a column beside it)."""
    peak = max((amount for _, amount in rows), default=0) or 1
    return [HorizontalBar(y=i * (bar_height + gap), width=max(round(amount * width / peak), 1),
                          label=label, amount=amount)
            for i, (label, amount) in enumerate(rows)]
