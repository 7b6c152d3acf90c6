"""Refunds the store learns of from a gateway rather than makes: one made by hand in Stripe's
or Xendit's dashboard, or one of the store's own whose recording was lost (a crash after the
gateway answered). The money has left already, so it is recorded whatever the store would
have allowed: a Refund row, its reversal in the ledger (from the order's escrow as far as it
goes, the rest from suspense), the order's refunded amount and state, and, when the store did
not ask for it, an audit entry `order.refund_outside` for the admins to look at.

Idempotent: each refund is recorded once, by the gateway's id of the refund where the gateway
names it (Xendit), or by the amount the gateway reports refunded in all against the refunds
recorded (Stripe's charge.refunded names no refund).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.orders import audit_trail, refunds
from marketplace.orders.models import Order, Refund, ShipmentStatus

log = logging.getLogger(__name__)

GATEWAY_NAMES = {"stripe": "Stripe", "xendit": "Xendit"}


def recorded_idr(order_id: int) -> int:
    """What the refunds recorded for an order add up to."""
    return int(db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Refund.amount_idr), 0))
                                 .where(Refund.order_id == order_id)) or 0)


def record_outside(order_id: int, amount_idr: int, *, method: str, external_id: str,
                   asked_by_store: bool = False) -> Refund | None:
    """A refund of `amount_idr` rupiah the gateway (`method`: "stripe" or "xendit") made
    for the order, recorded now (in the caller's transaction, which this commits)."""
    order = refunds.lock(order_id)
    gateway = GATEWAY_NAMES[method]
    with force_locale(refunds.MAIL_LOCALE):
        reason = (_("Refund found at %(gateway)s (%(id)s)", gateway=gateway, id=external_id)
                  if asked_by_store else
                  _("Refunded in %(gateway)s's dashboard (%(id)s), not through Sentra: check "
                    "the order and the sellers' parcels.", gateway=gateway, id=external_id))
    reason = reason[:500]
    action = "order.refund" if asked_by_store else "order.refund_outside"
    # Xendit names the refund; Stripe's charge.refunded names the charge, not the refund.
    reference, stripe_id = external_id[:120], None
    if order.status not in refunds.REFUNDABLE:
        # Money for an order that never became paid (it waited in suspense): refunded from there.
        return _from_suspense(order, amount_idr, method=method, reason=reason, action=action,
                              reference=reference, stripe_id=stripe_id)
    left = order.total_idr - order.refunded_idr
    whole = amount_idr >= left
    open_ids = {s.id for s in order.shipments if s.status == ShipmentStatus.PROCESSING}
    proposal = refunds.RefundPlan(
        shipment_id=None, amount_idr=amount_idr,
        # all of what was left: nothing remains to ship; part of it: nobody knows which parcel
        cancel=tuple(sorted(open_ids)) if whole else (), refunded_before_idr=order.refunded_idr)
    parcels = [s.parcel_money for s in order.shipments]
    escrow = min(amount_idr, left, postings.refundable_idr(order.id, parcels))
    if escrow < amount_idr:
        log.error("%s refund %s of %s for %s is beyond what the marketplace held: suspense",
                  gateway, external_id, amount_idr, order.number)
    return refunds.record(order, proposal, method=method, actor=None, reason=reason,
                          reference=reference, ip_address="", stripe_refund_id=stripe_id,
                          action=action, actor_label=method, from_escrow_idr=escrow)


def _from_suspense(order: Order, amount_idr: int, *, method: str, reason: str, action: str,
                   reference: str, stripe_id: str | None) -> Refund:
    row = Refund(order_id=order.id, shipment_id=None, amount_idr=amount_idr, method=method,
                 stripe_refund_id=stripe_id, reference=reference, reason=reason)
    db.session.add(row)
    db.session.flush()
    postings.refund_from_suspense(amount_idr, f"refund-suspense:{row.id}", order_id=order.id,
                                  refund_id=row.id, memo=reason)
    audit_trail.record(None, action, "order", order.number,
                       after={"refund_idr": amount_idr, "method": method,
                              "status": order.status.value, "reference": reference or stripe_id},
                       reason=reason)
    db.session.commit()
    return row


def refund_failed(order_id: int, amount_idr: int, *, method: str, external_id: str,
                  key: str) -> None:
    """A refund recorded as made came back (the wallet or bank refused it): the money is the
    marketplace's again and owed to the buyer, so it waits in suspense, listed by the
    reconciliation, until an admin pays it back; the admins are told in the audit log."""
    order = db.session.get(Order, order_id)
    gateway = GATEWAY_NAMES[method]
    with force_locale(refunds.MAIL_LOCALE):
        reason = _("%(gateway)s could not pay refund %(id)s back to the buyer: the money is in "
                   "suspense; pay the buyer back by hand.", gateway=gateway, id=external_id)
    if postings.unmatched_payment(amount_idr, key, order_id=order_id, memo=external_id) is None:
        return  # recorded before
    audit_trail.record(None, "order.refund_failed", "order", order.number,
                       after={"refund_idr": amount_idr, "method": method,
                              "reference": external_id,
                              "status": order.status.value if order.status else ""},
                       reason=reason[:500])

