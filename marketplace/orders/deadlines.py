"""The ship-by deadline: a paid parcel not shipped within `SHIP_BY_DAYS` is cancelled, its
stock returned and its money given back (cron: `flask --app wsgi orders enforce-deadlines`).

A card payment is refunded through Stripe at once. A bank transfer cannot be sent back by
the program: the parcel's held money becomes "owed back to the buyer" in the ledger, the
buyer is asked for an account, and an admin records the transfer on the reconciliation page
(`settle_refund_due`), which moves it out of the marketplace's cash.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.catalog.recipients import queue_shop_mail
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger.models import AccountCode, LedgerAccount, LedgerEntry
from marketplace.mail import queue_mail
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.orders import audit_trail, checkout, refunds, services, states, xendit_payments
from marketplace.orders.models import (
    Order,
    OrderStatus,
    PaymentMethod,
    Refund,
    Shipment,
    ShipmentStatus,
)
from marketplace.orders.order_links import order_url
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)
MAIL_LOCALE = "id"


@dataclass(frozen=True)
class DeadlineResult:
    refunded: list[str]  # order numbers refunded by card
    owed: list[str]  # bank transfers: owed back, waiting for an admin
    failed: list[str]  # Stripe refused or was unreachable: tried again next run


def overdue(now=None) -> list[int]:
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["SHIP_BY_DAYS"])
    return list(db.session.scalars(
        sa.select(Shipment.id).join(Order, Order.id == Shipment.order_id)
        .where(Shipment.status == ShipmentStatus.PROCESSING, Order.paid_at <= cutoff)
        .order_by(Shipment.id)))


@dataclass(frozen=True)
class ToShip:
    count: int
    ship_by: datetime | None  # the earliest deadline among them (UTC)


def to_ship(shop_id: int) -> ToShip:
    """The shop's paid parcels waiting to be shipped, and when the oldest must be shipped by."""
    count, first_paid = db.session.execute(
        sa.select(sa.func.count(Shipment.id), sa.func.min(Order.paid_at))
        .join(Order, Order.id == Shipment.order_id)
        .where(Shipment.shop_id == shop_id, Shipment.status == ShipmentStatus.PROCESSING)).one()
    ship_by = (first_paid + timedelta(days=current_app.config["SHIP_BY_DAYS"])
               if first_paid is not None else None)
    return ToShip(int(count or 0), ship_by)


def count_owed() -> int:
    """How many orders have money owed back to their buyer (see `owed_by_order`)."""
    owing = (sa.select(LedgerEntry.order_id)
             .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
             .where(LedgerAccount.code == AccountCode.REFUNDS_DUE)
             .group_by(LedgerEntry.order_id).having(sa.func.sum(LedgerEntry.amount_idr) != 0))
    return db.session.scalar(sa.select(sa.func.count()).select_from(owing.subquery())) or 0


def enforce_deadlines(now=None) -> DeadlineResult:
    refunded, owed, failed = [], [], []
    for shipment_id in overdue(now):
        shipment = db.session.get(Shipment, shipment_id)
        order = services.load_order(shipment.order.number)
        reason = _ship_by_reason()
        if order.payment_method == PaymentMethod.STRIPE or (
                order.payment_method == PaymentMethod.XENDIT
                and xendit_payments.refundable(order)):
            try:
                refunds.refund(order, shipment_id=shipment_id, actor=None, reason=reason)
            except refunds.RefundError as error:
                db.session.rollback()
                log.error("ship-by refund of %s failed: %s", order.number, error)
                failed.append(order.number)
                continue
            refunded.append(order.number)
        else:
            _owe_back(shipment_id, reason)
            owed.append(order.number)
    return DeadlineResult(refunded, owed, failed)


def _ship_by_reason() -> str:
    with force_locale(MAIL_LOCALE):
        return _("Not shipped within %(days)d days of payment",
                 days=current_app.config["SHIP_BY_DAYS"])


def _owe_back(shipment_id: int, reason: str) -> None:
    shipment = db.session.scalars(sa.select(Shipment).where(Shipment.id == shipment_id)
                                  .with_for_update()
                                  .execution_options(populate_existing=True)).one()
    if shipment.status != ShipmentStatus.PROCESSING:  # shipped meanwhile
        db.session.rollback()
        return
    order = shipment.order
    states.move_shipment(shipment, ShipmentStatus.CANCELLED, actor_label="system", note=reason)
    checkout.return_stock(shipment.lines, f"{order.number}: {reason}")
    txn = postings.refund_due(shipment.parcel_money, memo=reason)
    amount = txn and sum(e.amount_idr for e in txn.entries if e.amount_idr > 0) or 0
    audit_trail.record(None, "order.ship_by_cancel", "order", order.number,
                 after={"shipment_id": shipment.id, "owed_idr": amount}, reason=reason)
    with force_locale(order.locale):  # the buyer's language, kept on the order
        queue_mail(order.email, _("Parcel of order %(number)s cancelled", number=order.number),
                   _("%(shop)s did not ship your parcel in time, so we cancelled it. We will "
                     "transfer %(amount)s back to you: please reply with your bank account."
                     "\n\n%(url)s\n\nSentra", shop=shipment.shop_name,
                     amount=format_idr(amount, order.locale),
                     url=order_url(order)))
    with force_locale(MAIL_LOCALE):
        queue_shop_mail(shipment.shop_id, _("Do not ship order %(number)s", number=order.number),
                        _("Your parcel for order %(number)s was not shipped within %(days)d days "
                          "of payment, so it is cancelled: please do not ship it. Its stock is "
                          "back in your shop.\n\n%(url)s\n\nSentra", number=order.number,
                          days=current_app.config["SHIP_BY_DAYS"],
                          url=external_url("orders.seller_orders", show="all")))
    db.session.commit()


def owed_by_order() -> list[tuple[Order, int]]:
    """Orders with money owed back to their buyer (to transfer by hand)."""
    rows = db.session.execute(
        sa.select(LedgerEntry.order_id, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == AccountCode.REFUNDS_DUE)
        .group_by(LedgerEntry.order_id).having(sa.func.sum(LedgerEntry.amount_idr) != 0)).all()
    orders = {o.id: o for o in db.session.scalars(sa.select(Order).where(
        Order.id.in_([order_id for order_id, _ in rows])))}
    return [(orders[order_id], -int(total)) for order_id, total in rows]


def owed_on(order: Order) -> int:
    """What is owed back to the buyer of `order` by bank transfer (0: nothing)."""
    return max(0, postings.balance(AccountCode.REFUNDS_DUE, order_id=order.id))


class SettleError(DomainError):
    """Nothing was recorded. `code` tells the page what to say: reference_needed,
    nothing_owed, amount_changed (owed another amount than the one the admin confirmed)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def settle_refund_due(order: Order, *, reference: str, actor, ip_address: str = "",
                      expected_idr: int | None = None) -> Refund:
    """The admin transferred what is owed back for this order: record it (with its audit).

    `expected_idr`: the amount the admin confirmed; owed another one by now (a stale page,
    another settlement meanwhile), nothing is recorded (`amount_changed`). Checked under the
    order's lock, so it is the amount actually recorded."""
    reference = reference.strip()[:120]
    if not reference:
        raise SettleError("reference_needed")
    order = services.lock_order(order.id)
    amount = postings.balance(AccountCode.REFUNDS_DUE, order_id=order.id)
    if amount <= 0:
        raise SettleError("nothing_owed")
    if expected_idr is not None and expected_idr != amount:
        raise SettleError("amount_changed")
    before = audit_trail.snapshot(order, "status", "refunded_idr")
    row = Refund(order_id=order.id, amount_idr=amount, method="manual", reference=reference,
                 reason=_ship_by_reason(), created_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    postings.refund_due_paid(order.id, amount, refund_id=row.id, memo=reference)
    order.refunded_idr = min(order.total_idr, order.refunded_idr + amount)
    target = (OrderStatus.REFUNDED if order.refunded_idr >= order.total_idr
              else OrderStatus.PARTLY_REFUNDED)
    if order.status in (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED):
        states.move_order(order, target, actor_id=getattr(actor, "id", None),
                          actor_label="admin", note=f"refund {amount} manual {reference}")
    audit_trail.record(actor, "order.refund", "order", order.number, before=before,
                 after={**audit_trail.snapshot(order, "status", "refunded_idr"), "refund_idr": amount,
                        "method": "manual", "reference": reference},
                 ip_address=ip_address)
    db.session.commit()
    return row
