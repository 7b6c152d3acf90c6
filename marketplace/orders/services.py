"""Order rules after checkout: who may see an order, payment, cancelling, shipping, expiry."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.orders import checkout, notifications, states
from marketplace.orders.models import (
    Order,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
    StatusChange,
)
from marketplace.timeutil import utcnow


class OrderError(DomainError):
    pass


def load_order(number: str) -> Order | None:
    return db.session.scalar(
        sa.select(Order).where(Order.number == number)
        .options(selectinload(Order.shipments).selectinload(Shipment.lines))
    )


def order_numbers(order_ids: set[int]) -> dict[int, str]:
    """Public numbers of orders by id (the ledger's statements name orders with them)."""
    return dict(db.session.execute(sa.select(Order.id, Order.number)
                                   .where(Order.id.in_(order_ids))).all())


def history(order: Order) -> list[StatusChange]:
    return list(db.session.scalars(
        sa.select(StatusChange).where(StatusChange.order_id == order.id)
        .order_by(StatusChange.created_at, StatusChange.id)))


def buyer_orders(user_id: int) -> list[Order]:
    return list(db.session.scalars(
        sa.select(Order).where(Order.user_id == user_id)
        .options(selectinload(Order.shipments))
        .order_by(Order.created_at.desc(), Order.id.desc())))


def lock_order(order_id: int) -> Order:
    """Re-read the order for a change, locked where the database can (PostgreSQL)."""
    return db.session.scalars(
        sa.select(Order).where(Order.id == order_id).with_for_update()
        .execution_options(populate_existing=True)).one()


def cancel_by_buyer(order: Order, user_id: int | None) -> None:
    order = lock_order(order.id)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise OrderError("only unpaid orders can be cancelled")
    checkout.cancel_unpaid(order, actor_id=user_id, actor_label="buyer")
    db.session.commit()


def mark_paid(order: Order, *, actor_id: int | None, actor_label: str, note: str = "") -> bool:
    """The money has arrived (a verified webhook, or an admin's check of the bank account).

    Returns False when the order was already paid (a replay): nothing changes then. Money for
    an order that expired or was cancelled meanwhile raises OrderError: the caller keeps the
    event so that an admin refunds it (the stock may be sold to someone else by then).
    """
    order = lock_order(order.id)
    if order.status in (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED, OrderStatus.REFUNDED):
        return False
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise OrderError(f"payment received for an order that is {order.status}")
    states.move_order(order, OrderStatus.PAID, actor_id=actor_id, actor_label=actor_label, note=note)
    for shipment in order.shipments:
        states.move_shipment(shipment, ShipmentStatus.PROCESSING, actor_id=actor_id,
                             actor_label=actor_label)
    postings.payment_received(order.id, total_idr=order.total_idr,
                              unique_code_idr=order.unique_code_idr,
                              fee_passed_on_idr=order.payment_fee_idr,
                              parcels=[s.parcel_money for s in order.shipments], memo=note)
    notifications.order_paid(order)
    return True


class AmountMismatch(OrderError):
    """The transfer found is not the order's total, and no reason was given to accept it."""


def confirm_bank_transfer(order: Order, *, reference: str, admin_id: int | None,
                          received_idr: int | None = None, mismatch_reason: str = "") -> Order:
    """An admin found the transfer in the marketplace's account. In the caller's transaction
    (the admin side commits it together with its audit entry).

    `received_idr`: what arrived (None: the order's total). Another amount than the total is
    accepted only with `mismatch_reason`, written into the order's history; the ledger still
    books the order's total (the difference is the bookkeeper's, with that reason)."""
    if order.payment_method != PaymentMethod.BANK_TRANSFER:
        raise OrderError("not a bank transfer order")
    mismatch_reason = " ".join((mismatch_reason or "").split())[:500]
    locked = lock_order(order.id)
    received = locked.total_idr if received_idr is None else received_idr
    note = f"bank transfer {reference}"
    if received != locked.total_idr:
        if not mismatch_reason:
            raise AmountMismatch(f"received {received}, expected {locked.total_idr}")
        note += f"; received {received} of {locked.total_idr}: {mismatch_reason}"
    if not mark_paid(locked, actor_id=admin_id, actor_label="admin", note=note):
        raise OrderError("already paid")
    locked.bank_reference = reference.strip()[:100]
    locked.amount_received_idr = received
    return locked


def expire_unpaid(now=None) -> list[str]:
    """Cancel what was not paid in time and give its stock back (cron: orders expire)."""
    now = now or utcnow()
    numbers = []
    ids = list(db.session.scalars(sa.select(Order.id).where(
        Order.status == OrderStatus.AWAITING_PAYMENT, Order.expires_at <= now)))
    for order_id in ids:
        order = lock_order(order_id)
        if order.status != OrderStatus.AWAITING_PAYMENT:  # paid meanwhile
            db.session.rollback()
            continue
        checkout.cancel_unpaid(order, actor_id=None, actor_label="system",
                               target=OrderStatus.EXPIRED)
        db.session.commit()
        numbers.append(order.number)
    return numbers


def shop_shipments(shop_id: int, statuses: list[ShipmentStatus] | None = None) -> list[Shipment]:
    stmt = (sa.select(Shipment).where(Shipment.shop_id == shop_id,
                                      Shipment.status != ShipmentStatus.AWAITING_PAYMENT)
            .options(selectinload(Shipment.lines), selectinload(Shipment.order))
            .order_by(Shipment.id.desc()))
    if statuses:
        stmt = stmt.where(Shipment.status.in_(statuses))
    return list(db.session.scalars(stmt))


def count_waiting_to_ship(shop_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Shipment.id)).where(
        Shipment.shop_id == shop_id, Shipment.status == ShipmentStatus.PROCESSING)) or 0


def ship(shipment: Shipment, *, courier: str, tracking_number: str, actor_id: int) -> None:
    courier, tracking_number = courier.strip()[:40], tracking_number.strip()[:60]
    if not courier or not tracking_number:
        raise OrderError("courier and tracking number are needed")
    states.move_shipment(shipment, ShipmentStatus.SHIPPED, actor_id=actor_id, actor_label="seller")
    shipment.courier, shipment.tracking_number = courier, tracking_number
    notifications.shipment_shipped(shipment)
    db.session.commit()


def mark_delivered(shipment: Shipment, *, actor_id: int, actor_label: str = "seller") -> None:
    states.move_shipment(shipment, ShipmentStatus.DELIVERED, actor_id=actor_id,
                         actor_label=actor_label)
    db.session.commit()


def awaiting_bank_transfers() -> list[Order]:
    return list(db.session.scalars(
        sa.select(Order).where(Order.status == OrderStatus.AWAITING_PAYMENT,
                               Order.payment_method == PaymentMethod.BANK_TRANSFER)
        .order_by(Order.created_at)))


def count_awaiting_bank_transfers() -> int:
    return db.session.scalar(sa.select(sa.func.count(Order.id)).where(
        Order.status == OrderStatus.AWAITING_PAYMENT,
        Order.payment_method == PaymentMethod.BANK_TRANSFER)) or 0
