"""Card disputes (chargebacks): Stripe takes the disputed amount when the dispute opens and
gives it back if the marketplace wins. While one is open, the order's parcels stay held."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from marketplace.aftersales.models import Dispute, DisputeStatus
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.orders import card_payments
from marketplace.orders.models import Order
from marketplace.payments.webhooks import DisputeData
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)

# Stripe's final statuses; "warning_closed" (an inquiry that never became a dispute) and
# "won" give the money back.
WON = {"won", "warning_closed"}
LOST = {"lost"}


def dispute_opened(order: Order, *, stripe_dispute_id: str, amount_idr: int,
                   reason: str) -> Dispute | None:
    existing = db.session.scalar(sa.select(Dispute).where(
        Dispute.stripe_dispute_id == stripe_dispute_id))
    if existing is not None:
        return None
    dispute = Dispute(stripe_dispute_id=stripe_dispute_id, order_id=order.id,
                      amount_idr=amount_idr, reason=reason[:60])
    db.session.add(dispute)
    db.session.flush()
    postings.dispute_opened(dispute.id, order_id=dispute.order_id,
                            amount_idr=dispute.amount_idr)
    return dispute


def dispute_closed(stripe_dispute_id: str, status: str) -> Dispute | None:
    dispute = db.session.scalar(sa.select(Dispute).where(
        Dispute.stripe_dispute_id == stripe_dispute_id))
    if dispute is None or dispute.status != DisputeStatus.OPEN:
        return None
    if status not in WON | LOST:
        log.warning("dispute %s closed with unknown status %s", stripe_dispute_id, status)
        return None
    won = status in WON
    dispute.status = DisputeStatus.WON if won else DisputeStatus.LOST
    dispute.closed_at = utcnow()
    postings.dispute_closed(dispute.id, order_id=dispute.order_id,
                            amount_idr=dispute.amount_idr, won=won)
    return dispute


def _dispute_created(dispute: DisputeData) -> None:
    order = card_payments.order_paid_by(dispute.payment_intent)
    if order is None or not dispute.amount_idr:
        log.error("Dispute %s for a payment we do not know (%s)", dispute.dispute_id,
                  dispute.payment_intent)
        return
    dispute_opened(order, stripe_dispute_id=dispute.dispute_id,
                   amount_idr=dispute.amount_idr, reason=dispute.reason)


def _dispute_closed(dispute: DisputeData) -> None:
    dispute_closed(dispute.dispute_id, dispute.status)


# Stripe's dispute events reach the orders' webhook; they are handled here.
card_payments.register_event_handler("charge.dispute.created", _dispute_created)
card_payments.register_event_handler("charge.dispute.closed", _dispute_closed)
