"""Mail for a shop's seller, through the outbox (`marketplace.mail`, where queueing, sending and
retrying live; re-exported here for the order code that has always imported them from here)."""
from __future__ import annotations

from flask_babel import gettext as _

from marketplace.catalog.models import Shop
from marketplace.catalog.recipients import shop_mail_recipients
from marketplace.extensions import db
from marketplace.mail import queue_mail, send_pending
from marketplace.navigation import external_url

__all__ = ["queue_mail", "queue_shop_mail", "send_pending"]


def queue_shop_mail(shop_id: int | None, subject: str, body: str) -> None:
    """Mail for a shop's seller, to whoever receives its mail (catalog.recipients). The centre's
    staff are told first which shop it concerns and where to choose it, since the seller pages'
    links work on the shop they chose. Call it inside the caller's `force_locale`."""
    shop = db.session.get(Shop, shop_id) if shop_id is not None else None
    recipients = shop_mail_recipients(shop)
    if recipients and shop.owner_id is None:
        body = _("For %(shop)s, the shop your centre runs for its producer. Choose it on your "
                 "centre's page first: %(url)s", shop=shop.name,
                 url=external_url("centres.shop", shop_id=shop.id)) + "\n\n" + body
    for recipient in recipients:
        queue_mail(recipient, subject, body)
