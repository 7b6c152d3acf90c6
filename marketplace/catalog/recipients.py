"""Who receives a shop's mail (new paid orders, complaints, releases, answers...).

A shop's owner; for an assisted shop, which a marketing centre runs for a producer who has no
account, every active member of that centre's staff, since they are the ones who pack, answer
and ship for it. Every seller-facing mail asks here, so no mail goes nowhere.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from marketplace.accounts.models import User
from marketplace.catalog.models import CentreStaff, Shop
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url


def centre_staff_emails(centre_id: int) -> list[str]:
    return list(db.session.scalars(
        sa.select(User.email).join(CentreStaff, CentreStaff.user_id == User.id)
        .where(CentreStaff.centre_id == centre_id, User.is_active.is_(True)).order_by(User.id)))


def shop_mail_recipients(shop: Shop | None) -> list[str]:
    """The addresses a shop's mail goes to (none for a deleted shop)."""
    if shop is None:
        return []
    if shop.owner_id is not None:
        email = db.session.scalar(sa.select(User.email).where(User.id == shop.owner_id))
        return [email] if email else []
    if shop.is_assisted and shop.centre_id is not None:
        return centre_staff_emails(shop.centre_id)
    return []


def queue_shop_mail(shop_id: int | None, subject: str, body: str) -> None:
    """Mail for a shop's seller, to whoever receives its mail, through the outbox
    (`marketplace.mail`). The centre's staff are told first which shop it concerns and where to
    choose it, since the seller pages' links work on the shop they chose. Call it inside the
    caller's `force_locale`."""
    shop = db.session.get(Shop, shop_id) if shop_id is not None else None
    recipients = shop_mail_recipients(shop)
    if recipients and shop.owner_id is None:
        body = _("For %(shop)s, the shop your centre runs for its producer. Choose it on your "
                 "centre's page first: %(url)s", shop=shop.name,
                 url=external_url("centres.shop", shop_id=shop.id)) + "\n\n" + body
    for recipient in recipients:
        queue_mail(recipient, subject, body)
