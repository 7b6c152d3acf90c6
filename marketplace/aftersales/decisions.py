"""An admin decides a complaint (from the admin's complaint screens): refund in full or in
part from the money still held, or release it to the seller. The decision, the refund, the
release and the audit entry are one transaction (a Stripe refund is made first, outside it,
as every refund)."""
from __future__ import annotations

from marketplace.aftersales import escrow
from marketplace.aftersales.models import Complaint, ComplaintStatus
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.orders import audit_trail, refunds, services
from marketplace.timeutil import utcnow

REFUND, PARTIAL, RELEASE = "refund", "partial", "release"


class DecisionError(DomainError):
    """`code`: decided, amount, plus the codes of RefundError and ReleaseError."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code, self.detail = code, detail


def _snapshot(complaint: Complaint) -> dict:
    return audit_trail.snapshot(complaint, "status", "refund_idr", "shipment_id")


def _close(complaint_id: int, status: ComplaintStatus, refund_idr: int, note: str, actor,
           reason: str, ip_address: str, before: dict) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    complaint.status, complaint.refund_idr = status, refund_idr
    complaint.decision_note, complaint.decided_at = reason[:500], utcnow()
    escrow.complete(complaint.shipment_id, actor_id=getattr(actor, "id", None),
                    actor_label="admin", note=note, decided=True)
    audit_trail.record(actor, "complaint.decide", "complaint", complaint.id, before=before,
                 after=_snapshot(complaint), reason=reason, ip_address=ip_address)
    return complaint


def refund_preview(complaint: Complaint, *, outcome: str, amount_idr: int | None = None,
                   reference: str = "") -> int:
    """How much a refund decision gives back, for the admin to confirm; DecisionError if it
    cannot be made."""
    if complaint.status != ComplaintStatus.OPEN:
        raise DecisionError("decided")
    held = postings.held_for(complaint.shipment.shop_id, complaint.shipment_id)
    if outcome == PARTIAL and (amount_idr is None or not 0 < amount_idr < held):
        raise DecisionError("amount")
    try:
        proposal = refunds.preview(services.load_order(complaint.order.number),
                                   complaint.shipment_id, reference=reference)
    except refunds.RefundError as error:
        raise DecisionError(error.code, error.detail) from error
    return proposal.amount_idr if outcome == REFUND else min(proposal.amount_idr, amount_idr)


def decide(complaint: Complaint, *, outcome: str, actor, amount_idr: int | None = None,
           reference: str = "", reason: str = "", ip_address: str = "",
           expected_idr: int | None = None) -> Complaint:
    """`expected_idr`: the refund the admin confirmed (refunds.refund refuses another)."""
    if complaint.status != ComplaintStatus.OPEN:
        raise DecisionError("decided")
    complaint_id, before = complaint.id, _snapshot(complaint)
    if outcome == RELEASE:
        try:
            decided = _close(complaint_id, ComplaintStatus.RELEASED, 0, "complaint released",
                             actor, reason, ip_address, before)
        except escrow.ReleaseError as error:
            db.session.rollback()
            raise DecisionError(error.code) from error
        db.session.commit()
        return decided
    held = postings.held_for(complaint.shipment.shop_id, complaint.shipment_id)
    if outcome == PARTIAL and (amount_idr is None or not 0 < amount_idr < held):
        raise DecisionError("amount")
    full = outcome == REFUND
    order = services.load_order(complaint.order.number)

    def record(refund) -> None:
        _close(complaint_id, ComplaintStatus.REFUNDED if full else ComplaintStatus.PARTLY_REFUNDED,
               refund.amount_idr, f"complaint refund {refund.amount_idr}", actor, reason,
               ip_address, before)

    try:
        refunds.refund(order, shipment_id=complaint.shipment_id, actor=actor, reason=reason,
                       reference=reference, ip_address=ip_address,
                       amount_idr=None if full else amount_idr, expected_idr=expected_idr,
                       also=record)
    except refunds.RefundError as error:
        db.session.rollback()
        raise DecisionError(error.code, error.detail) from error
    except escrow.ReleaseError as error:
        db.session.rollback()
        raise DecisionError(error.code) from error
    return db.session.get(Complaint, complaint_id)
