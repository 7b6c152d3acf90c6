"""Every order, for the admin: a filtered, paginated list and one order's full file."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.database import escape_like
from marketplace.orders.models import Refund
from marketplace.pagination import Page
from marketplace.extensions import db
from marketplace.ledger.order_money import OrderMoney, order_money
from marketplace.orders import services
from marketplace.orders.models import Order, OrderStatus, PaymentMethod, Refund, StatusChange
from marketplace.timeutil import store_day_start

PER_PAGE = 50


@dataclass(frozen=True)
class OrderFilter:
    status: OrderStatus | None = None
    payment_method: PaymentMethod | None = None
    date_from: date | None = None  # placed on or after, a day in the store's zone (WIB)
    date_to: date | None = None  # placed on or before, a day in the store's zone (WIB)
    query: str = ""  # part of the order number or of the buyer's email


def _conditions(flt: OrderFilter) -> list:
    conditions = []
    if flt.status is not None:
        conditions.append(Order.status == flt.status)
    if flt.payment_method is not None:
        conditions.append(Order.payment_method == flt.payment_method)
    if flt.date_from is not None:
        conditions.append(Order.created_at >= store_day_start(flt.date_from))
    if flt.date_to is not None:
        conditions.append(Order.created_at < store_day_start(flt.date_to + timedelta(days=1)))
    if flt.query:
        pattern = f"%{escape_like(flt.query.strip().lower())}%"
        conditions.append(sa.or_(sa.func.lower(Order.number).like(pattern, escape="\\"),
                                 sa.func.lower(Order.email).like(pattern, escape="\\")))
    return conditions


def list_orders(flt: OrderFilter, *, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Newest first; a count, one page, and the page's shipments (three statements)."""
    conditions = _conditions(flt)
    total = db.session.scalar(sa.select(sa.func.count(Order.id)).where(*conditions)) or 0
    result = Page.numbered(total, page, per_page)
    if total:
        stmt = (sa.select(Order).where(*conditions).options(selectinload(Order.shipments))
                .order_by(Order.created_at.desc(), Order.id.desc())
                .limit(per_page).offset(result.offset))
        result.items = list(db.session.scalars(stmt))
    return result


@dataclass(frozen=True)
class OrderFile:
    order: Order
    refunds: list[Refund]
    history: list[StatusChange]
    money: OrderMoney  # the ledger's transactions of the order: where its money is


def order_file(number: str) -> OrderFile | None:
    order = services.load_order(number)
    if order is None:
        return None
    refunds = list(db.session.scalars(
        sa.select(Refund).where(Refund.order_id == order.id)
        .order_by(Refund.created_at, Refund.id)))
    return OrderFile(order=order, refunds=refunds, history=services.history(order),
                     money=order_money(order.id))
