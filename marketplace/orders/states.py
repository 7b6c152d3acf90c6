"""The state machines of orders (payment) and shipments (fulfilment), in one place.

Every move goes through `move_order` or `move_shipment`, which refuse an illegal move and
record who made it and when.
"""
from __future__ import annotations

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import (
    Order,
    OrderStatus,
    Shipment,
    ShipmentStatus,
    StatusChange,
)
from marketplace.timeutil import utcnow

O, S = OrderStatus, ShipmentStatus

ORDER_TRANSITIONS: dict[OrderStatus, set[OrderStatus]] = {
    O.AWAITING_PAYMENT: {O.PAID, O.EXPIRED, O.CANCELLED},
    O.PAID: {O.PARTLY_REFUNDED, O.REFUNDED},
    O.PARTLY_REFUNDED: {O.PARTLY_REFUNDED, O.REFUNDED},
    O.EXPIRED: set(),
    O.CANCELLED: set(),
    O.REFUNDED: set(),
}

SHIPMENT_TRANSITIONS: dict[ShipmentStatus, set[ShipmentStatus]] = {
    S.AWAITING_PAYMENT: {S.PROCESSING, S.CANCELLED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED},
    S.DELIVERED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}


class IllegalTransition(DomainError):
    def __init__(self, what: str, current: str, target: str) -> None:
        super().__init__(f"{what} cannot go from {current} to {target}")
        self.current, self.target = current, target


def move_order(order: Order, target: OrderStatus, *, actor_id: int | None = None,
               actor_label: str = "", note: str = "") -> None:
    if target not in ORDER_TRANSITIONS[order.status]:
        raise IllegalTransition("order", order.status, target)
    db.session.add(StatusChange(order_id=order.id, from_status=order.status, to_status=target,
                                actor_id=actor_id, actor_label=actor_label, note=note[:300]))
    order.status = target
    if target == O.PAID:
        order.paid_at = utcnow()


def move_shipment(shipment: Shipment, target: ShipmentStatus, *, actor_id: int | None = None,
                  actor_label: str = "", note: str = "") -> None:
    if target not in SHIPMENT_TRANSITIONS[shipment.status]:
        raise IllegalTransition("shipment", shipment.status, target)
    db.session.add(StatusChange(order_id=shipment.order_id, shipment_id=shipment.id,
                                from_status=shipment.status, to_status=target,
                                actor_id=actor_id, actor_label=actor_label, note=note[:300]))
    shipment.status = target
    if target == S.SHIPPED:
        shipment.shipped_at = utcnow()
    elif target == S.DELIVERED:
        shipment.delivered_at = utcnow()
