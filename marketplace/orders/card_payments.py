"""Card payments of orders through the payments adapter (Stripe Checkout) and its webhooks.

The order becomes paid only when a verified webhook says so, never on the redirect back.
Events are dispatched by type through a dict; each event id is stored once, so a replayed
event changes nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.orders import checkout, gateway_refunds, order_links, services
from marketplace.orders.models import Order, OrderStatus, PaymentMethod
from marketplace.payments import errors as payment_errors
from marketplace.payments import events, gateway
from marketplace.payments.webhooks import ChargeData, SessionData
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)


class CannotPay(DomainError):
    pass


def checkout_url(order: Order) -> str:
    if order.payment_method != PaymentMethod.STRIPE or order.status != OrderStatus.AWAITING_PAYMENT:
        raise CannotPay(_("This order is not waiting for a card payment."))
    if not gateway.is_enabled():
        raise CannotPay(_("Card payment is not available right now. Please choose a bank transfer."))
    if order.stripe_session_id:
        # Back on the pay button (a reload, after "cancel"): the open session is still good.
        try:
            existing = gateway.retrieve_checkout_session(order.stripe_session_id)
        except (payment_errors.PaymentError, payment_errors.GatewayError):
            existing = None
        if existing is not None and existing.status == "open" and existing.url:
            return existing.url
    attempt = 1 if not order.stripe_session_id else int(utcnow().timestamp())
    token = order_links.access_token(order)
    try:
        session = gateway.create_checkout_session(
            reference=order.number,
            amount_idr=order.total_idr,
            description=_("Sentra order %(number)s", number=order.number),
            customer_email=order.email,
            success_url=url_for("orders.order_detail", number=order.number, t=token, _external=True),
            cancel_url=url_for("orders.order_detail", number=order.number, t=token, _external=True),
            # Same key and same parameters (started_at fixed) for the same attempt: a retry of
            # this call gets the same session from Stripe, never a second one.
            idempotency_key=f"checkout-{order.number}-{attempt}",
            expires_in_minutes=current_app.config["STRIPE_CHECKOUT_EXPIRY_MINUTES"],
            started_at=order.created_at if attempt == 1 else None,
        )
    except payment_errors.AmountOutOfRange:
        raise CannotPay(_("This amount cannot be paid by card. Please choose a bank transfer.")) from None
    except (payment_errors.PaymentError, payment_errors.GatewayError):
        log.exception("Could not start a card payment for %s", order.number)
        raise CannotPay(_("The card payment could not be started. Please try again in a moment.")) from None
    order.stripe_session_id = session.id
    db.session.commit()
    return session.url


def _order_for(session: SessionData) -> Order | None:
    """The order a Checkout Session is for: by the session, or by the reference it carries."""
    match = Order.stripe_session_id == session.session_id
    if session.reference is not None:
        match = sa.or_(match, Order.number == session.reference)
    return db.session.scalar(sa.select(Order).where(match))


def order_paid_by(payment_intent: str | None) -> Order | None:
    """The order a card payment (Stripe's payment intent) paid, if any."""
    if payment_intent is None:
        return None
    return db.session.scalar(sa.select(Order).where(Order.stripe_payment_intent == payment_intent))


def _paid(session: SessionData) -> None:
    order = _order_for(session)
    amount = session.amount_idr
    session_id = session.session_id
    suspense_key = f"stripe:{session_id}"[:120]
    if order is None:
        log.warning("Stripe paid a session we do not know: %s", session_id)
        if amount:  # the money is in our Stripe account all the same: in suspense
            postings.unmatched_payment(amount, suspense_key, memo=session_id)
        return
    if amount != order.total_idr:
        log.error("Stripe amount differs from order %s total; not marking paid", order.number)
        if amount:
            postings.unmatched_payment(amount, suspense_key, order_id=order.id, memo=session_id)
        return
    order = services.lock_order(order.id)
    if order.stripe_payment_intent not in (None, session.payment_intent):
        # Paid already, through another of its sessions (two tabs, one left open when Stripe
        # could not be asked to reuse it): a second payment, kept visible for a refund. The
        # first payment's intent stays: refunds and disputes find the order by it.
        log.error("Second payment %s for %s, paid already: refund needed",
                  session.payment_intent, order.number)
        postings.unmatched_payment(amount, suspense_key, order_id=order.id, memo=session_id)
        return
    order.stripe_payment_intent = session.payment_intent
    try:
        services.mark_paid(order, actor_id=None, actor_label="stripe", note=session_id)
    except services.OrderError:
        # Money arrived for an order that expired or was cancelled: keep it visible for a refund.
        log.error("Payment received for %s which is %s: refund needed", order.number, order.status)
        postings.unmatched_payment(amount, suspense_key, order_id=order.id, memo=session_id)


def _completed(session: SessionData) -> None:
    if session.payment_status == "paid":
        _paid(session)
    # "unpaid" with a delayed method: wait for async_payment_succeeded / _failed.


def _failed_or_expired(session: SessionData) -> None:
    """The order's Checkout Session lapsed or its delayed payment failed: the order expires.

    Only its current session counts: a buyer who pressed "pay" again is paying through a newer
    one, and the older session's expiry (or failure) arriving late must not expire the order
    (the genuine payment would then land in suspense)."""
    order = _order_for(session)
    if order is None or order.status != OrderStatus.AWAITING_PAYMENT:
        return
    order = services.lock_order(order.id)
    if order.stripe_session_id != session.session_id:
        log.info("%s for %s, which is paying through another session: ignored",
                 session.session_id, order.number)
        return
    if order.status == OrderStatus.AWAITING_PAYMENT:
        checkout.cancel_unpaid(order, actor_id=None, actor_label="stripe",
                               target=OrderStatus.EXPIRED)


def _refunded(charge: ChargeData) -> None:
    """Stripe reports what has been refunded of a charge in all. What the store's own refunds
    do not account for was refunded in Stripe's dashboard (or the store's recording of its
    own refund was lost): it is recorded, and its reversal posted, once; a replay or a later
    report of the same total finds nothing new."""
    order = order_paid_by(charge.payment_intent)
    refunded = charge.amount_refunded_idr
    if order is None or refunded is None:
        if refunded:
            log.error("Stripe refunded %s of %s, which paid no order we know", refunded,
                      charge.payment_intent)
        return
    outside = refunded - gateway_refunds.recorded_idr(order.id)
    if outside > 0:
        gateway_refunds.record_outside(order.id, outside, method="stripe",
                                       external_id=charge.charge_id)


HANDLERS: dict[str, Callable] = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": _failed_or_expired,
    "checkout.session.expired": _failed_or_expired,
    "charge.refunded": _refunded,
}


def register_event_handler(event_type: str, handler: Callable) -> None:
    """A package above orders handles one more event type (aftersales: card disputes), called
    with the event's parsed subject in the transaction that stores the event id. Registered
    when that package is imported: orders never import it."""
    HANDLERS[event_type] = handler


def handle_webhook(payload: bytes, signature: str) -> bool:
    """Verify and apply one event; False when it was not acceptable (the caller answers 400).

    The event id is stored in the same transaction as its effect: a replay does nothing.
    """
    try:
        event = gateway.parse_webhook(payload, signature)
    except payment_errors.InvalidWebhook:
        return False
    handler = HANDLERS.get(event.type)
    try:
        if not events.mark_event_processed(event.id, event.type):
            db.session.rollback()
            return True
        if handler is not None:
            handler(event.subject)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return True
