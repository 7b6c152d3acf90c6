"""Complaints: a buyer complains about a delivered parcel within `COMPLAINT_WINDOW_DAYS`
(wrong item, damaged, not received) with photos (the listing photos' pipeline); the seller
answers; an admin decides (decisions, from the admin's screens). The parcel's money stays held meanwhile."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.aftersales.models import (
    Complaint,
    ComplaintPhoto,
    ComplaintReason,
    ComplaintStatus,
)
from marketplace.catalog.photo_pipeline import InvalidImage, PixelBudget, process_image
from marketplace.catalog.recipients import queue_shop_mail
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.navigation import external_url
from marketplace.orders.hooks import Task
from marketplace.orders.models import Order, Shipment, ShipmentStatus
from marketplace.timeutil import utcnow

MAX_PHOTOS = 5
MAX_TEXT = 2_000
MAIL_LOCALE = "id"


class ComplaintError(DomainError):
    """The complaint was not recorded; the message says why (safe to show)."""


@dataclass(frozen=True)
class BuyerActions:
    can_confirm: bool
    can_complain: bool
    complaint: Complaint | None


def complaint_for(shipment_id: int) -> Complaint | None:
    return db.session.scalar(sa.select(Complaint).where(Complaint.shipment_id == shipment_id)
                             .order_by(Complaint.id.desc()))


def window_open(shipment: Shipment, now=None) -> bool:
    now = now or utcnow()
    days = timedelta(days=current_app.config["COMPLAINT_WINDOW_DAYS"])
    return (shipment.status == ShipmentStatus.DELIVERED and shipment.delivered_at is not None
            and now <= shipment.delivered_at + days)


def buyer_actions(order: Order) -> dict[int, BuyerActions]:
    """What the buyer may do with each parcel of the order now."""
    complaints = {c.shipment_id: c for c in db.session.scalars(
        sa.select(Complaint).where(Complaint.order_id == order.id).order_by(Complaint.id))}
    actions = {}
    for shipment in order.shipments:
        complaint = complaints.get(shipment.id)
        is_open = complaint is not None and complaint.status == ComplaintStatus.OPEN
        actions[shipment.id] = BuyerActions(
            can_confirm=shipment.status == ShipmentStatus.DELIVERED and not is_open,
            can_complain=complaint is None and window_open(shipment),
            complaint=complaint)
    return actions


def open_complaint(shipment: Shipment, *, reason: str, description: str,
                   photos: list[tuple[str, bytes]]) -> Complaint:
    """Record the complaint with its photos and tell the seller; ComplaintError otherwise."""
    if complaint_for(shipment.id) is not None:
        raise ComplaintError(_("A complaint about this parcel was made already."))
    if not window_open(shipment):
        raise ComplaintError(_("Complaints are possible for %(days)d days after delivery.",
                               days=current_app.config["COMPLAINT_WINDOW_DAYS"]))
    try:
        reason = ComplaintReason(reason)
    except ValueError:
        raise ComplaintError(_("Choose what is wrong with the parcel.")) from None
    description = (description or "").strip()[:MAX_TEXT]
    if not description:
        raise ComplaintError(_("Describe what is wrong, so that the seller can answer."))
    if len(photos) > MAX_PHOTOS:
        raise ComplaintError(_("At most %(n)d photos.", n=MAX_PHOTOS))
    stored = []
    budget = PixelBudget.per_request()
    for name, data in photos:
        try:
            stored.append(process_image(data, budget))
        except InvalidImage as error:
            raise ComplaintError(_("%(file)s: %(reason)s", file=name[:80], reason=error)) from None
    complaint = Complaint(shipment_id=shipment.id, order_id=shipment.order_id, reason=reason,
                          description=description)
    db.session.add(complaint)
    db.session.flush()
    for image in stored:
        db.session.add(ComplaintPhoto(complaint_id=complaint.id, content_hash=image.content_hash,
                                      width=image.width, height=image.height,
                                      variant_widths=image.variant_widths))
    _tell_seller(shipment)
    db.session.commit()
    return complaint


def answer(complaint: Complaint, text: str) -> None:
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        raise ComplaintError(_("Write your answer first."))
    if complaint.status != ComplaintStatus.OPEN:
        raise ComplaintError(_("This complaint has been decided already."))
    complaint.seller_answer, complaint.answered_at = text, utcnow()
    db.session.commit()


def shop_complaints(shop_id: int) -> list[Complaint]:
    return list(db.session.scalars(
        sa.select(Complaint).join(Shipment, Shipment.id == Complaint.shipment_id)
        .where(Shipment.shop_id == shop_id).order_by(Complaint.id.desc())))


def count_open() -> int:
    return db.session.scalar(sa.select(sa.func.count(Complaint.id)).where(
        Complaint.status == ComplaintStatus.OPEN)) or 0


def count_to_answer(shop_id: int) -> int:
    """The shop's open complaints it has not answered yet."""
    return db.session.scalar(
        sa.select(sa.func.count(Complaint.id)).join(Shipment, Shipment.id == Complaint.shipment_id)
        .where(Shipment.shop_id == shop_id, Complaint.status == ComplaintStatus.OPEN,
               Complaint.answered_at.is_(None))) or 0


def seller_task(shop_id: int) -> Task | None:
    """For the seller's dashboard: complaints waiting for the shop's answer."""
    count = count_to_answer(shop_id)
    if not count:
        return None
    return Task("complaints", count, _("Complaints to answer"),
                url_for("aftersales.seller_complaints"))


def open_complaints() -> list[Complaint]:
    return list(db.session.scalars(sa.select(Complaint).where(
        Complaint.status == ComplaintStatus.OPEN).order_by(Complaint.id).limit(300)))


def all_complaints() -> list[Complaint]:
    return list(db.session.scalars(sa.select(Complaint).order_by(
        (Complaint.status == ComplaintStatus.OPEN).desc(), Complaint.id.desc()).limit(300)))


def _tell_seller(shipment: Shipment) -> None:
    with force_locale(MAIL_LOCALE):
        queue_shop_mail(shipment.shop_id, _("Complaint about order %(number)s",
                                            number=shipment.order.number),
                        _("The buyer of order %(number)s has a complaint about your parcel. "
                          "Please answer it; the payment stays held until Sentra decides."
                          "\n\n%(url)s\n\nSentra", number=shipment.order.number,
                          url=external_url("aftersales.seller_complaints")))
