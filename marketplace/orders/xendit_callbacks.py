"""Xendit's callbacks: payments that succeeded or failed, refunds that went through or came
back. Each is verified (the callback token, in constant time), then confirmed by asking Xendit
back, then applied once: its id is stored in the same transaction as its effect
(payments.events), so a replay changes nothing, and a callback out of order (a failure after
the success) changes nothing either.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import gateway_fees, postings
from marketplace.orders import checkout, gateway_refunds, services, xendit_payments
from marketplace.orders.models import Order, OrderStatus, Refund
from marketplace.orders.xendit_models import XenditPayment
from marketplace.payments import errors as payment_errors
from marketplace.payments import events, xendit
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)


def _row_for(callback: xendit.Callback) -> XenditPayment | None:
    if callback.payment_request_id is None:
        return None
    return db.session.scalar(sa.select(XenditPayment).where(
        XenditPayment.payment_request_id == callback.payment_request_id))


def _book_fee(channel: xendit.Channel, amount_idr: int, payment_request_id: str,
              order_id: int | None) -> int:
    fee = xendit_payments.fee_idr(channel, amount_idr)
    gateway_fees.fee_charged("xendit", channel.kind, fee, key=f"xendit:{payment_request_id}",
                             order_id=order_id, memo=payment_request_id)
    return fee


def _succeeded(callback: xendit.Callback, confirmed: xendit.Payment | None) -> None:
    payment_request_id = callback.payment_request_id or ""
    suspense_key = f"xendit:{payment_request_id}"[:120]
    if confirmed is None or confirmed.status != "SUCCEEDED":
        # Xendit, asked back, does not know the payment as paid: a callback not to act on.
        log.error("Xendit callback for %s not confirmed (%s)", payment_request_id,
                  confirmed.status if confirmed else "unknown")
        return
    amount = confirmed.amount_idr
    channel = xendit.CHANNELS[confirmed.channel]
    row = _row_for(callback)
    if row is None:
        log.warning("Xendit paid a payment we do not know: %s", payment_request_id)
        postings.unmatched_payment(amount, suspense_key, memo=payment_request_id)
        _book_fee(channel, amount, payment_request_id, None)
        return
    order = services.lock_order(row.order_id)
    row.status = confirmed.status
    fee = _book_fee(channel, amount, payment_request_id, order.id)
    if amount != order.total_idr or callback.amount_idr != amount:
        log.error("Xendit amount differs from order %s total; not marking paid", order.number)
        postings.unmatched_payment(amount, suspense_key, order_id=order.id,
                                   memo=payment_request_id)
        return
    try:
        paid = services.mark_paid(order, actor_id=None, actor_label="xendit",
                                  note=payment_request_id)
    except services.OrderError:
        # Paid after the order expired or was cancelled: the stock may be sold to someone
        # else by now. Kept visible in suspense for a refund.
        log.error("Xendit payment received for %s which is %s: refund needed", order.number,
                  order.status)
        postings.unmatched_payment(amount, suspense_key, order_id=order.id,
                                   memo=payment_request_id)
        return
    if paid:
        row.paid_at = utcnow()
        row.fee_idr = fee


def _failed(callback: xendit.Callback, confirmed: xendit.Payment | None) -> None:
    """The payment expired or failed. A late or out-of-order failure (the payment succeeded,
    or Xendit still says so) changes nothing; otherwise the order expires, stock back."""
    row = _row_for(callback)
    if row is None or (confirmed is not None and confirmed.status == "SUCCEEDED"):
        return
    order = services.lock_order(row.order_id)
    if row.status not in xendit_payments.PENDING or order.status != OrderStatus.AWAITING_PAYMENT:
        return
    row.status = callback.status
    checkout.cancel_unpaid(order, actor_id=None, actor_label="xendit",
                           target=OrderStatus.EXPIRED)


def _refund_row(callback: xendit.Callback) -> Refund | None:
    return db.session.scalar(sa.select(Refund).where(
        Refund.method == "xendit", Refund.reference == callback.object_id[:120]))


def _refund_succeeded(callback: xendit.Callback, confirmed: xendit.Refund | None) -> None:
    """A refund went through. The store's own (recorded when Xendit accepted it) changes
    nothing; one made in Xendit's dashboard, or one of the store's whose recording was lost,
    is recorded now with its reversal, the dashboard's with an alert for the admins."""
    if confirmed is None or confirmed.status != "SUCCEEDED":
        log.error("Xendit refund callback %s not confirmed (%s)", callback.object_id,
                  confirmed.status if confirmed else "unknown")
        return
    if _refund_row(callback) is not None:
        return
    row = _row_for(callback)
    if row is None:
        log.error("Xendit refunded %s of a payment we do not know: %s", confirmed.amount_idr,
                  callback.payment_request_id)
        return
    order = db.session.get(Order, row.order_id)
    ours = (callback.reference or "").startswith(f"refund-{order.number}-")
    gateway_refunds.record_outside(order.id, confirmed.amount_idr, method="xendit",
                                   external_id=confirmed.id, asked_by_store=ours)


def _refund_failed(callback: xendit.Callback, confirmed: xendit.Refund | None) -> None:
    """A refund Xendit could not complete: the money is back in the merchant's balance. One
    the store had recorded becomes money owed to the buyer, in suspense (the admins alerted);
    one it never recorded leaves nothing to undo."""
    if confirmed is None or confirmed.status != "FAILED":
        return
    recorded = _refund_row(callback)
    if recorded is None:
        log.warning("Xendit refund %s failed; the store had not recorded it", callback.object_id)
        return
    gateway_refunds.refund_failed(recorded.order_id, recorded.amount_idr, method="xendit",
                                  external_id=confirmed.id, key=f"refund-failed:{confirmed.id}")


def _confirm_payment(callback: xendit.Callback) -> xendit.Payment:
    return xendit.retrieve_payment(callback.payment_request_id or "")


def _confirm_refund(callback: xendit.Callback) -> xendit.Refund:
    return xendit.retrieve_refund(callback.object_id)


# By event: how to ask Xendit back, and what to do with its answer.
HANDLERS: dict[str, tuple[Callable[[xendit.Callback], Any], Callable[[xendit.Callback, Any],
                                                                     None]]] = {
    "payment.succeeded": (_confirm_payment, _succeeded),
    "payment.failed": (_confirm_payment, _failed),
    "refund.succeeded": (_confirm_refund, _refund_succeeded),
    "refund.failed": (_confirm_refund, _refund_failed),
}


def handle_callback(payload: bytes, token: str | None, delivery_id: str | None) -> bool:
    """Verify and apply one callback; False when it cannot be trusted (the caller answers 401
    or 400). GatewayError when Xendit cannot be asked back (answer 503: Xendit retries)."""
    try:
        callback = xendit.parse_callback(payload, token, delivery_id)
    except payment_errors.InvalidWebhook:
        return False
    confirm, handler = HANDLERS.get(callback.event, (None, None))
    confirmed = None
    if confirm is not None and callback.payment_request_id:
        try:
            confirmed = confirm(callback)
        except payment_errors.PaymentError:  # Xendit does not know it: a forged or test id
            confirmed = None
    try:
        if not events.mark_event_processed(callback.id, callback.event):
            db.session.rollback()
            return True
        if handler is not None:
            handler(callback, confirmed)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return True
