"""Held money becomes the seller's: when the buyer confirms receipt of a delivered parcel, or
automatically `AUTO_COMPLETE_DAYS` after delivery (cron: `flask --app wsgi orders
auto-complete`). Never while a complaint about the parcel or a card dispute about its order
is open."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.aftersales import reviews
from marketplace.aftersales.models import Complaint, ComplaintStatus, Dispute, DisputeStatus
from marketplace.catalog.recipients import queue_shop_mail
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.orders import states
from marketplace.orders.models import Shipment, ShipmentStatus
from marketplace.timeutil import utcnow

MAIL_LOCALE = "id"


class ReleaseError(DomainError):
    """`code`: not_delivered, complaint_open, dispute_open."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def open_complaint(shipment_id: int) -> Complaint | None:
    return db.session.scalar(sa.select(Complaint).where(
        Complaint.shipment_id == shipment_id, Complaint.status == ComplaintStatus.OPEN))


def open_dispute(order_id: int) -> Dispute | None:
    return db.session.scalar(sa.select(Dispute).where(
        Dispute.order_id == order_id, Dispute.status == DisputeStatus.OPEN))


def _lock_shipment(shipment_id: int) -> Shipment:
    """The shipment, fresh, after a write that locks it (PostgreSQL row, SQLite database)."""
    db.session.execute(sa.update(Shipment).where(Shipment.id == shipment_id)
                       .values(status=Shipment.status)
                       .execution_options(synchronize_session=False))
    return db.session.scalars(sa.select(Shipment).where(Shipment.id == shipment_id)
                              .execution_options(populate_existing=True)).one()


def complete(shipment_id: int, *, actor_id: int | None, actor_label: str, note: str = "",
             decided: bool = False) -> Shipment:
    """Move a delivered parcel to completed and release its money, in the caller's
    transaction. `decided`: an admin's decision on its complaint allows it."""
    shipment = _lock_shipment(shipment_id)
    if shipment.status != ShipmentStatus.DELIVERED:
        raise ReleaseError("not_delivered")
    if not decided and open_complaint(shipment.id) is not None:
        raise ReleaseError("complaint_open")
    if open_dispute(shipment.order_id) is not None:
        raise ReleaseError("dispute_open")
    states.move_shipment(shipment, ShipmentStatus.COMPLETED, actor_id=actor_id,
                         actor_label=actor_label, note=note)
    reviews.parcel_completed(shipment)  # "Terjual N", and the mail asking for reviews
    txn = postings.release(shipment.parcel_money)
    if txn is not None:
        _tell_seller(shipment, sum(-e.amount_idr for e in txn.entries
                                   if e.account.code == "seller_available"))
    return shipment


def confirm_receipt(shipment: Shipment, *, user_id: int | None) -> None:
    complete(shipment.id, actor_id=user_id, actor_label="buyer", note="receipt confirmed")
    db.session.commit()


def due_for_auto_complete(now=None) -> list[int]:
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["AUTO_COMPLETE_DAYS"])
    return list(db.session.scalars(sa.select(Shipment.id).where(
        Shipment.status == ShipmentStatus.DELIVERED, Shipment.delivered_at <= cutoff)
        .order_by(Shipment.id)))


def auto_complete(now=None) -> tuple[list[int], list[int]]:
    """Complete what was delivered long enough ago; (completed ids, ids waiting on a
    complaint or a dispute). Each parcel in its own transaction."""
    done, waiting = [], []
    for shipment_id in due_for_auto_complete(now):
        try:
            complete(shipment_id, actor_id=None, actor_label="system",
                     note=f"{current_app.config['AUTO_COMPLETE_DAYS']} days after delivery")
        except ReleaseError:
            db.session.rollback()
            waiting.append(shipment_id)
            continue
        db.session.commit()
        done.append(shipment_id)
    return done, waiting


def _tell_seller(shipment: Shipment, amount_idr: int) -> None:
    with force_locale(MAIL_LOCALE):
        queue_shop_mail(shipment.shop_id, _("Payment released for order %(number)s",
                                            number=shipment.order.number),
                        _("The buyer's money for order %(number)s is now in your balance: "
                          "%(amount)s after commission.\n\n%(url)s\n\nSentra",
                          number=shipment.order.number, amount=format_idr(amount_idr, MAIL_LOCALE),
                          url=external_url("ledger.balance")))
