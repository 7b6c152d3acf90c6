"""Refunds of paid orders, in full or one shipment at a time.

The buyer paid the marketplace, so the marketplace gives the money back: through Stripe for a
card payment, or by a bank transfer that an admin makes and records here (with its reference).

Amounts: one shipment is its products plus its shipping; the last shipment left, or the whole
order, is all that is left of the total (a bank transfer's unique code goes back with it).
Never more than was paid minus what was already refunded, and never more than the marketplace
still has for it (`postings.refundable_idr`): once a parcel's money is paid out to the seller
and the seller's balance cannot cover a clawback, the refund is refused (`paid_out`) rather than
paid with other buyers' escrowed money.

Goods not shipped yet (shipments still being packed) are cancelled and their stock returned;
shipped or delivered goods are not restocked.

Stripe is called outside any transaction (no row stays locked while it answers), with an
idempotency key per order and shipment, so a second click gets the same refund back rather
than a second one. `order.refunded_idr` is raised when the refund is recorded; the
`charge.refunded` webhook that reports it later only raises it when Stripe's total is higher,
so the refund is never counted twice.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from marketplace.catalog.recipients import queue_shop_mail
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.mail import queue_mail
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.orders import audit_trail, checkout, states, xendit_payments
from marketplace.orders.models import (
    Order,
    OrderStatus,
    PaymentMethod,
    Refund,
    Shipment,
    ShipmentStatus,
)
from marketplace.orders.order_links import order_url
from marketplace.payments import errors as payment_errors
from marketplace.payments import gateway, xendit

log = logging.getLogger(__name__)

REFUNDABLE = (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED)
MAIL_LOCALE = "id"


class RefundError(DomainError):
    """The refund was not made; nothing changed. `code` tells the page what to say:
    not_paid, nothing_left, unknown_shipment, shipment_refunded, paid_out (the money has
    left the marketplace: paid out to the seller), reference_needed, no_payment,
    amount_changed (not the amount the admin confirmed), refused (Stripe said no),
    unavailable (Stripe could not be reached)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class RefundPlan:
    shipment_id: int | None  # None: the whole order (what is left of it)
    amount_idr: int
    cancel: tuple[int, ...]  # shipments not shipped yet: cancelled, stock returned
    refunded_before_idr: int


@dataclass(frozen=True)
class RefundOptions:
    """What the admin can refund now, and how much each would give back."""

    whole_idr: int | None
    shipments: dict[int, int]


def _refunded_shipment_ids(order: Order) -> set[int]:
    return set(db.session.scalars(sa.select(Refund.shipment_id).where(
        Refund.order_id == order.id, Refund.shipment_id.is_not(None))))


def _open(order: Order, done: set[int]) -> list[Shipment]:
    """Shipments not refunded yet."""
    return [s for s in order.shipments
            if s.id not in done and s.status != ShipmentStatus.CANCELLED]


def plan(order: Order, shipment_id: int | None = None, *,
         done: set[int] | None = None, amount_idr: int | None = None) -> RefundPlan:
    """How much a refund gives back and which shipments it cancels; RefundError if none."""
    if order.status not in REFUNDABLE:
        raise RefundError("not_paid")
    left = order.total_idr - order.refunded_idr
    if left <= 0:
        raise RefundError("nothing_left")
    done = _refunded_shipment_ids(order) if done is None else done
    open_shipments = _open(order, done)
    if shipment_id is None:
        amount, targets = left, open_shipments
    else:
        shipment = next((s for s in order.shipments if s.id == shipment_id), None)
        if shipment is None:
            raise RefundError("unknown_shipment")
        if shipment not in open_shipments:
            raise RefundError("shipment_refunded")
        if len(open_shipments) == 1:
            amount = left  # the last one: nothing of the order stays with the marketplace
        else:
            amount = min(shipment.subtotal_idr + shipment.shipping_idr, left)
        targets = [shipment]
    if amount_idr is not None:  # part of it (a complaint's decision)
        if amount_idr <= 0:
            raise RefundError("nothing_left")
        amount = min(amount, amount_idr)
    if amount > postings.refundable_idr(order.id, [s.parcel_money for s in targets]):
        raise RefundError("paid_out")
    cancel = tuple(s.id for s in targets if s.status == ShipmentStatus.PROCESSING)
    return RefundPlan(shipment_id=shipment_id, amount_idr=amount, cancel=cancel,
                      refunded_before_idr=order.refunded_idr)


def preview(order: Order, shipment_id: int | None, *, reference: str = "") -> RefundPlan:
    """What a refund would do, for the admin to confirm; RefundError if it cannot be made."""
    proposal = plan(order, shipment_id)
    _check_reference(order, reference)
    return proposal


def _check_reference(order: Order, reference: str) -> None:
    if paid_back_by_hand(order) and not (reference or "").strip():
        raise RefundError("reference_needed")


def paid_back_by_hand(order: Order) -> bool:
    """A bank transfer, or a Xendit channel Xendit cannot refund (virtual accounts, retail
    outlets): an admin transfers the money back and records the transfer's reference."""
    if order.payment_method == PaymentMethod.BANK_TRANSFER:
        return True
    return order.payment_method == PaymentMethod.XENDIT and not xendit_payments.refundable(order)


def options(order: Order) -> RefundOptions:
    if order.status not in REFUNDABLE or order.total_idr <= order.refunded_idr:
        return RefundOptions(whole_idr=None, shipments={})
    done = _refunded_shipment_ids(order)
    shipments = {s.id: amount for s in _open(order, done)
                 if (amount := _amount_or_none(order, s.id, done)) is not None}
    return RefundOptions(whole_idr=_amount_or_none(order, None, done), shipments=shipments)


def _amount_or_none(order: Order, shipment_id: int | None, done: set[int]) -> int | None:
    try:
        return plan(order, shipment_id, done=done).amount_idr
    except RefundError:  # e.g. paid out to the seller already
        return None


def lock(order_id: int) -> Order:
    """The order and its shipments, fresh, for a change. A write comes first: PostgreSQL locks
    the row and SQLite takes its write lock, so two admins refunding at once queue up instead
    of both reading the same amount left."""
    db.session.execute(
        sa.update(Order).where(Order.id == order_id)
        .values(refunded_idr=Order.refunded_idr)
        .execution_options(synchronize_session=False))
    return db.session.scalars(
        sa.select(Order).where(Order.id == order_id)
        .options(selectinload(Order.shipments).selectinload(Shipment.lines))
        .execution_options(populate_existing=True)).one()


def refund(order: Order, *, shipment_id: int | None, actor, reason: str = "",
           reference: str = "", ip_address: str = "", amount_idr: int | None = None,
           expected_idr: int | None = None,
           also: Callable[[Refund], None] | None = None) -> Refund:
    """Give money back for the whole order (shipment_id None) or one shipment, and record it
    with its audit entry. Raises RefundError and changes nothing when it cannot.

    `amount_idr`: only part of it (a complaint's decision); `expected_idr`: the amount the
    admin confirmed (another one, e.g. after a refund made meanwhile, raises
    `amount_changed`); `also(refund)` runs in the transaction that records the refund (the
    complaint's decision is recorded with it)."""
    reason, reference = (reason or "").strip()[:500], (reference or "").strip()[:120]
    order_id = order.id
    order = lock(order_id)
    try:
        proposal = plan(order, shipment_id, amount_idr=amount_idr)
        if expected_idr is not None and proposal.amount_idr != expected_idr:
            raise RefundError("amount_changed")
        if paid_back_by_hand(order):
            _check_reference(order, reference)
            return record(order, proposal, method="manual", actor=actor, reason=reason,
                           reference=reference, ip_address=ip_address, also=also)
        by_xendit = order.payment_method == PaymentMethod.XENDIT
        paid_through = xendit_payments.payment_of(order) if by_xendit else None
        intent = (paid_through.payment_request_id if paid_through else
                  None if by_xendit else order.stripe_payment_intent)
        if not intent:
            raise RefundError("no_payment")
        channel, number = paid_through.channel if paid_through else "", order.number
        last_refund_id = db.session.scalar(sa.select(sa.func.max(Refund.id)).where(
            Refund.order_id == order.id)) or 0
    except BaseException:
        db.session.rollback()
        raise
    db.session.rollback()  # no lock held while the gateway answers
    key = (f"refund-{number}-{shipment_id or 'all'}"
           + (f"-{proposal.amount_idr}" if amount_idr else ""))
    try:
        if by_xendit:
            made = xendit.create_refund(payment_request_id=intent, channel=channel,
                                        amount_idr=proposal.amount_idr, reference=key,
                                        idempotency_key=key)
        else:
            made = gateway.create_refund(payment_intent=intent, amount_idr=proposal.amount_idr,
                                         idempotency_key=key)
    except payment_errors.PaymentError as exc:
        raise RefundError("refused", str(exc)) from exc
    except payment_errors.GatewayError as exc:
        raise RefundError("unavailable", str(exc)) from exc
    if made.status.lower() in ("failed", "canceled"):
        raise RefundError("refused", made.status)
    try:
        order = lock(order_id)
        already = db.session.scalar(sa.select(Refund).where(
            Refund.reference == made.id if by_xendit else Refund.stripe_refund_id == made.id))
        if already is not None:  # the same refund, recorded by a click before this one
            db.session.rollback()
            return already
        return record(order, replace(proposal, amount_idr=made.amount_idr),
                      method="xendit" if by_xendit else "stripe", actor=actor, reason=reason,
                      reference=made.id if by_xendit else "", ip_address=ip_address,
                      stripe_refund_id=None if by_xendit else made.id, also=also,
                      existing=None if by_xendit else _reported_meanwhile(
                          order.id, last_refund_id, made.amount_idr))
    except Exception:
        db.session.rollback()
        # The money has gone back to the card; the charge.refunded webhook still raises the
        # order's refunded amount, but the shipments and the stock need a look.
        log.exception("Stripe refund %s for order %s was made but could not be recorded",
                      made.id, number)
        raise


def _reported_meanwhile(order_id: int, after_id: int, amount_idr: int) -> Refund | None:
    """Stripe's charge.refunded for this very refund, arrived while the store waited for
    Stripe's answer, recorded it as a refund from outside (no refund id: Stripe's event names
    the charge): the store's refund takes that record over instead of posting it again."""
    return db.session.scalar(sa.select(Refund).where(
        Refund.order_id == order_id, Refund.id > after_id, Refund.method == "stripe",
        Refund.stripe_refund_id.is_(None), Refund.created_by_id.is_(None),
        Refund.amount_idr == amount_idr).order_by(Refund.id).limit(1))


def record(order: Order, proposal: RefundPlan, *, method: str, actor, reason: str,
           reference: str, ip_address: str, stripe_refund_id: str | None = None,
           also: Callable[[Refund], None] | None = None, action: str = "order.refund",
           actor_label: str = "admin", from_escrow_idr: int | None = None,
           existing: Refund | None = None) -> Refund:
    """Record a refund already made (or to be made by hand), post its reversal, move the
    order and its unshipped parcels, audit and mail; commits. `from_escrow_idr`: only so
    much comes from the order's escrow, the rest from suspense (a refund made in a
    gateway's dashboard beyond what the marketplace still held for the order). `existing`:
    the same refund, recorded and posted already from the gateway's report: it becomes this
    one (nothing is posted again)."""
    before = _snapshot(order)
    targets = [s for s in order.shipments if proposal.shipment_id in (None, s.id)]
    if existing is not None:
        row = existing
        row.stripe_refund_id, row.reason = stripe_refund_id, reason
        row.created_by_id, row.shipment_id = getattr(actor, "id", None), proposal.shipment_id
        db.session.flush()
        posting = escrow = 0  # posted already
    else:
        row = Refund(order_id=order.id, shipment_id=proposal.shipment_id,
                     amount_idr=proposal.amount_idr, method=method,
                     stripe_refund_id=stripe_refund_id, reference=reference, reason=reason,
                     created_by_id=getattr(actor, "id", None))
        db.session.add(row)
        db.session.flush()
        posting = proposal.amount_idr
        escrow = posting if from_escrow_idr is None else from_escrow_idr
    if escrow > 0:
        postings.refund(order.id, escrow, key=f"refund:{row.id}",
                        shipments=[s.parcel_money for s in targets], refund_id=row.id,
                        memo=reason)
    if posting > escrow:
        postings.refund_from_suspense(posting - escrow, f"refund-suspense:{row.id}",
                                      order_id=order.id, refund_id=row.id, memo=reason)
    recorded = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Refund.amount_idr), 0))
                                 .where(Refund.order_id == order.id)) or 0
    # A charge.refunded webhook may have counted this refund already (then the order holds
    # Stripe's total): take the highest, never add twice.
    order.refunded_idr = min(order.total_idr, max(
        order.refunded_idr, proposal.refunded_before_idr + proposal.amount_idr, int(recorded)))
    target = (OrderStatus.REFUNDED if order.refunded_idr >= order.total_idr
              else OrderStatus.PARTLY_REFUNDED)
    note = f"refund {proposal.amount_idr} {method} {stripe_refund_id or reference}"
    actor_id = getattr(actor, "id", None)
    if order.status != OrderStatus.REFUNDED:
        states.move_order(order, target, actor_id=actor_id, actor_label=actor_label, note=note)
    cancelled = []
    for shipment in order.shipments:
        # Still being packed (it may have been shipped while Stripe answered: then not).
        if shipment.id in proposal.cancel and shipment.status == ShipmentStatus.PROCESSING:
            states.move_shipment(shipment, ShipmentStatus.CANCELLED, actor_id=actor_id,
                                 actor_label=actor_label, note=note)
            checkout.return_stock(shipment.lines, f"{order.number}: refund")
            cancelled.append(shipment)
    audit_trail.record(actor, action, "order", order.number, before=before,
                 after={**_snapshot(order), "refund_idr": proposal.amount_idr, "method": method,
                        "shipment_id": proposal.shipment_id, "reference": reference,
                        "stripe_refund_id": stripe_refund_id},
                 reason=reason, ip_address=ip_address)
    if existing is None or cancelled:  # the gateway's report told the buyer already
        _tell(order, proposal.amount_idr, method, reference, cancelled)
    if also is not None:
        also(row)
    db.session.commit()
    return row


def _snapshot(order: Order) -> dict:
    return {**audit_trail.snapshot(order, "status", "refunded_idr"),
            "shipments": {str(s.id): s.status.value for s in order.shipments}}


def _tell(order: Order, amount_idr: int, method: str, reference: str,
          cancelled: list[Shipment]) -> None:
    """Mail in the refund's transaction: the buyer (in the order's language), and the sellers
    who must not ship."""
    with force_locale(order.locale):
        url = order_url(order)
        if method == "stripe":
            how = _("It goes back to the card you paid with and shows on your statement within "
                    "a few days.")
        elif method == "xendit":
            how = _("It goes back to the QRIS app or e-wallet you paid with, usually within a "
                    "few days.")
        else:
            how = _("We have transferred it to your bank account (reference %(reference)s).",
                    reference=reference)
        queue_mail(order.email, _("Refund for order %(number)s", number=order.number),
                   _("We have refunded %(amount)s for order %(number)s. %(how)s\n\n%(url)s"
                     "\n\nSentra", amount=format_idr(amount_idr, order.locale),
                     number=order.number, how=how, url=url))
    with force_locale(MAIL_LOCALE):
        for shipment in cancelled:
            queue_shop_mail(shipment.shop_id, _("Do not ship order %(number)s", number=order.number),
                            _("Order %(number)s has been refunded to the buyer and your parcel is "
                              "cancelled: please do not ship it. Its stock is back in your shop."
                              "\n\n%(url)s\n\nSentra", number=order.number,
                              url=external_url("orders.seller_orders", show="all")))
