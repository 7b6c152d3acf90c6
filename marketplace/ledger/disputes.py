"""Card disputes (chargebacks): Stripe takes the disputed amount when the dispute opens and
gives it back if the marketplace wins. While one is open, the order's parcels stay held."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger.models import Dispute, DisputeStatus
from marketplace.orders.models import Order
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
    postings.dispute_opened(dispute)
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
    postings.dispute_closed(dispute, won=won)
    return dispute
