"""Consultation requests: a seller asks their centre for help; staff answer, track, take notes."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.catalog.models import Centre, Product, Shop
from marketplace.centres import mail
from marketplace.centres.models import (
    Consultation,
    ConsultationMessage,
    ConsultationNote,
    ConsultationStatus,
    ConsultationTopic,
)
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.timeutil import utcnow

MAX_MESSAGE = 4000


class ConsultationError(DomainError):
    pass


class EmptyMessage(ConsultationError):
    pass


class UnknownListing(ConsultationError):
    """The listing named is not one of the asking shop's."""


def _text(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise EmptyMessage()
    return text[:MAX_MESSAGE]


def ask(shop: Shop, centre: Centre, author: User, topic: ConsultationTopic, body: str,
        product_id: int | None = None) -> Consultation:
    text = _text(body)
    if product_id is not None:
        owned = db.session.scalar(sa.select(Product.id).where(
            Product.id == product_id, Product.shop_id == shop.id))
        if owned is None:
            raise UnknownListing()
    consultation = Consultation(centre_id=centre.id, shop_id=shop.id, product_id=product_id,
                                topic=topic, status=ConsultationStatus.NEW,
                                created_by_id=author.id)
    consultation.messages.append(ConsultationMessage(author_id=author.id, body=text))
    db.session.add(consultation)
    db.session.flush()
    mail.queue_message_to_centre(consultation)
    db.session.commit()
    return consultation


def seller_writes(consultation: Consultation, author: User, body: str) -> None:
    """The seller adds to their request; a finished one is opened again."""
    consultation.messages.append(ConsultationMessage(author_id=author.id, body=_text(body)))
    if consultation.status == ConsultationStatus.DONE:
        consultation.status = ConsultationStatus.IN_PROGRESS
    consultation.updated_at = utcnow()
    db.session.flush()
    mail.queue_message_to_centre(consultation)
    db.session.commit()


def answer(consultation: Consultation, staff: User, body: str,
           status: ConsultationStatus | None = None) -> None:
    """A staff member answers (the seller is mailed), optionally moving the status."""
    consultation.messages.append(ConsultationMessage(author_id=staff.id, body=_text(body),
                                                     from_centre=True))
    if status is not None:
        consultation.status = status
    elif consultation.status == ConsultationStatus.NEW:
        consultation.status = ConsultationStatus.IN_PROGRESS
    consultation.updated_at = utcnow()
    db.session.flush()
    mail.queue_reply_to_seller(consultation)
    db.session.commit()


def set_status(consultation: Consultation, status: ConsultationStatus) -> None:
    consultation.status = status
    consultation.updated_at = utcnow()
    db.session.commit()


def add_note(consultation: Consultation, staff: User, body: str) -> None:
    db.session.add(ConsultationNote(consultation_id=consultation.id, author_id=staff.id,
                                    body=_text(body)))
    db.session.commit()


def _loaded():
    return sa.select(Consultation).options(
        selectinload(Consultation.messages), selectinload(Consultation.shop),
        selectinload(Consultation.product))


def of_shop(shop: Shop) -> list[Consultation]:
    return list(db.session.scalars(
        _loaded().where(Consultation.shop_id == shop.id).order_by(Consultation.updated_at.desc(),
                                                                  Consultation.id.desc())))


def of_centre(centre: Centre, status: ConsultationStatus | None = None) -> list[Consultation]:
    stmt = _loaded().where(Consultation.centre_id == centre.id)
    if status is not None:
        stmt = stmt.where(Consultation.status == status)
    # New first, then in progress, then done; the oldest waiting first within each.
    order = sa.case({ConsultationStatus.NEW.value: 0, ConsultationStatus.IN_PROGRESS.value: 1},
                    value=Consultation.status, else_=2)
    return list(db.session.scalars(stmt.order_by(order, Consultation.updated_at, Consultation.id)))


def get_for_shop(shop: Shop, consultation_id: int) -> Consultation | None:
    if not 0 < consultation_id < 2**31:
        return None
    return db.session.scalar(_loaded().where(Consultation.id == consultation_id,
                                             Consultation.shop_id == shop.id))


def get_for_centre(centre: Centre, consultation_id: int) -> Consultation | None:
    if not 0 < consultation_id < 2**31:
        return None
    return db.session.scalar(_loaded().options(selectinload(Consultation.notes))
                             .where(Consultation.id == consultation_id,
                                    Consultation.centre_id == centre.id))


def centres_for(shop: Shop) -> list[Centre]:
    """Where a shop can ask: its own centre, or (not yet coached by one) any centre, those of
    its province first."""
    if shop.centre_id is not None:
        return [shop.centre]
    return list(db.session.scalars(sa.select(Centre).order_by(
        sa.case((Centre.province == shop.province, 0), else_=1), Centre.name)))
