"""Messages with the seller: one thread per parcel (Shipment) between its buyer and its shop.

The shop's side is its owner, or for an assisted shop the staff of the centre that runs it.
Each message is plain text (shown escaped, never as HTML), at most MAX_LENGTH characters; the
other side is told by mail, with a link built from PUBLIC_BASE_URL. Admins read a thread, never
write in it, and only while Sentra has to decide about the parcel: a complaint about it or a
card dispute about its order. Who is who is the routes' business (they know the request: a
signed-in account, the browser that ordered, the link mailed to a guest); these functions take
the answer.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.aftersales.models import Complaint, Dispute
from marketplace.catalog.recipients import queue_shop_mail
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url
from marketplace.orders.hooks import Task
from marketplace.orders.models import Order, Shipment, ShipmentStatus
from marketplace.orders.order_links import access_token
from marketplace.timeutil import utcnow

MAX_LENGTH = 2000
MAIL_LOCALE = "id"  # the shop's side: sellers and centre staff read Indonesian
# Several messages in a row from one side make one mail: the other side was told of the first
# and has not answered yet.
QUIET_AFTER_NOTICE = timedelta(minutes=30)


class Side(enum.StrEnum):
    BUYER = "buyer"
    SHOP = "shop"  # the shop's owner
    CENTRE = "centre"  # staff of the centre that runs an assisted shop


class ParcelMessage(db.Model):
    """One message in a parcel's thread, as its author wrote it (plain text)."""

    __tablename__ = "parcel_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(sa.ForeignKey("shipments.id", ondelete="CASCADE"),
                                             index=True)
    # The account that wrote it (None for a guest buyer, or once the account is gone).
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    side: Mapped[str] = mapped_column(sa.String(10))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageRefused(Exception):
    """`str(error)` is the reason: "empty", "too_long" or "closed"."""


def may_open(shipment: Shipment) -> bool:
    """A thread exists once the order is paid: before, there is no parcel to talk about."""
    return shipment.status != ShipmentStatus.AWAITING_PAYMENT


def in_dispute(shipment: Shipment) -> bool:
    """Sentra has to decide about this parcel: a complaint about it, a card dispute about its
    order. Only then may an admin read its thread."""
    return bool(db.session.scalar(sa.select(
        sa.exists().where(Complaint.shipment_id == shipment.id)
        | sa.exists().where(Dispute.order_id == shipment.order_id))))


def thread(shipment_id: int) -> list[ParcelMessage]:
    return list(db.session.scalars(sa.select(ParcelMessage)
                                   .where(ParcelMessage.shipment_id == shipment_id)
                                   .order_by(ParcelMessage.id)))


def clean_body(text: str | None) -> str:
    """The text as it is kept: line ends made one kind, spaces at either end taken off."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def checked_body(text: str | None) -> str:
    """The message as it is kept; raises MessageRefused when it is empty or too long."""
    body = clean_body(text)
    if not body:
        raise MessageRefused("empty")
    if len(body) > MAX_LENGTH:
        raise MessageRefused("too_long")
    return body


def post_message(shipment: Shipment, side: Side, author_id: int | None, text: str | None
                 ) -> ParcelMessage:
    """Add a message to the parcel's thread and tell the other side; raises MessageRefused
    (nothing stored) for an empty or too long message, or a parcel with no thread yet."""
    if not may_open(shipment):
        raise MessageRefused("closed")
    body = checked_body(text)
    previous = db.session.scalar(sa.select(ParcelMessage)
                                 .where(ParcelMessage.shipment_id == shipment.id)
                                 .order_by(ParcelMessage.id.desc()).limit(1))
    message = ParcelMessage(shipment_id=shipment.id, author_id=author_id, side=side.value,
                            body=body)
    db.session.add(message)
    told_already = (previous is not None
                    and (previous.side == Side.BUYER) == (side == Side.BUYER)
                    and utcnow() - previous.created_at < QUIET_AFTER_NOTICE)
    if not told_already:
        (_tell_shop if side == Side.BUYER else _tell_buyer)(shipment)
    db.session.commit()
    return message


def _tell_shop(shipment: Shipment) -> None:
    order = shipment.order
    with force_locale(MAIL_LOCALE):
        queue_shop_mail(
            shipment.shop_id, _("New message about order %(number)s", number=order.number),
            _("The buyer of order %(number)s wrote to you about their parcel. Read and answer "
              "it here (the message is not in this mail, to keep it between you):\n\n%(url)s"
              "\n\nSentra", number=order.number,
              url=external_url("aftersales.seller_thread", shipment_id=shipment.id)))


def _tell_buyer(shipment: Shipment) -> None:
    order: Order = shipment.order
    with force_locale(order.locale):
        queue_mail(order.email, _("%(shop)s answered about order %(number)s",
                                  shop=shipment.shop_name, number=order.number),
                   _("%(shop)s wrote to you about your parcel of order %(number)s. Read and "
                     "answer it here:\n\n%(url)s\n\nSentra", shop=shipment.shop_name,
                     number=order.number,
                     url=external_url("aftersales.buyer_thread", number=order.number,
                                      shipment_id=shipment.id, t=access_token(order))))


# --- The shop's list of threads ------------------------------------------------------------

@dataclass(frozen=True)
class ThreadSummary:
    shipment_id: int
    order_number: str
    messages: int
    last_at: datetime
    waiting: bool  # the buyer wrote last: the shop has to answer


def shop_threads(shop_id: int, limit: int = 100) -> list[ThreadSummary]:
    """The shop's threads, newest first."""
    last_id = sa.func.max(ParcelMessage.id)
    rows = db.session.execute(
        sa.select(ParcelMessage.shipment_id, Order.number, sa.func.count(), sa.func.max(
            ParcelMessage.created_at), last_id)
        .join(Shipment, Shipment.id == ParcelMessage.shipment_id)
        .join(Order, Order.id == Shipment.order_id)
        .where(Shipment.shop_id == shop_id)
        .group_by(ParcelMessage.shipment_id, Order.number)
        .order_by(last_id.desc()).limit(limit)).all()
    last_sides = dict(db.session.execute(sa.select(ParcelMessage.id, ParcelMessage.side).where(
        ParcelMessage.id.in_([row[4] for row in rows]))).all()) if rows else {}
    return [ThreadSummary(shipment_id, number, count, last_at, last_sides.get(last) == Side.BUYER)
            for shipment_id, number, count, last_at, last in rows]


def seller_task(shop_id: int) -> Task | None:
    """For the seller's dashboard: threads where the buyer wrote last."""
    waiting = sum(1 for summary in shop_threads(shop_id) if summary.waiting)
    if not waiting:
        return None
    return Task("messages", waiting, _("Messages to answer"), url_for("aftersales.seller_threads"))


# --- A person's rights over their messages (privacy.export, privacy.erasure) ----------------

def _parcels_of(user_id: int):
    return sa.select(Shipment.id).join(Order, Order.id == Shipment.order_id).where(
        Order.user_id == user_id)


def _of_person(user_id: int):
    """Messages the person wrote, and the threads of their own orders."""
    return sa.or_(ParcelMessage.author_id == user_id,
                  ParcelMessage.shipment_id.in_(_parcels_of(user_id)))


def person_messages(user_id: int) -> list:
    """For the data download: each message with its order's number."""
    return list(db.session.execute(
        sa.select(ParcelMessage, Order.number)
        .join(Shipment, Shipment.id == ParcelMessage.shipment_id)
        .join(Order, Order.id == Shipment.order_id)
        .where(_of_person(user_id)).order_by(ParcelMessage.id)).all())


def forget_author(user_id: int, erased_text: str) -> None:
    """An account is erased: what the person wrote (as the buyer of their orders, or under
    their account) loses its text and its author; the thread keeps its shape and the other
    side's words, which are theirs. In the caller's transaction."""
    db.session.execute(
        sa.update(ParcelMessage)
        .where(sa.or_(ParcelMessage.author_id == user_id,
                      sa.and_(ParcelMessage.side == Side.BUYER.value,
                              ParcelMessage.shipment_id.in_(_parcels_of(user_id)))))
        .values(body=erased_text, author_id=None)
        .execution_options(synchronize_session=False))
