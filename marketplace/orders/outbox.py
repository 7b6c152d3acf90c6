"""Mail through an outbox: written with the change it reports, sent after commit, retried.

`queue_mail` adds a row to the caller's transaction; `send_pending` (after the commit, and from
`flask --app wsgi mail send-pending` for cron) claims rows one by one so that two senders never
send the same message twice, and a mail server that is down only delays the mail.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from marketplace.catalog.models import Shop
from marketplace.catalog.recipients import shop_mail_recipients
from marketplace.extensions import db
from marketplace.mail import build_message, send_message
from marketplace.navigation import external_url
from marketplace.orders.models import OutboxMessage
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_SECONDS = 120


def queue_mail(recipient: str, subject: str, body: str) -> None:
    db.session.add(OutboxMessage(recipient=recipient, subject=subject[:200], body=body))


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


def _claim(message_id: int) -> bool:
    """Take one message for sending; False when another sender has it."""
    now = utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_pending(limit: int = 50) -> int:
    """Send what is due; returns how many were sent."""
    now = utcnow()
    due = list(db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
               OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id).limit(limit)
    ))
    sent = 0
    for message_id in due:
        if not _claim(message_id):
            continue
        message = db.session.get(OutboxMessage, message_id)
        try:
            send_message(build_message(message.recipient, message.subject, message.body))
        except (smtplib.SMTPException, OSError) as error:
            message.attempts += 1
            message.last_error = str(error)[:300]
            # Back off: 1, 2, 4, 8... minutes.
            message.next_attempt_at = utcnow() + timedelta(minutes=2 ** (message.attempts - 1))
            message.claimed_until = None
            log.warning("Mail %s to %s not sent (attempt %s): %s", message.id, message.recipient,
                        message.attempts, error)
        else:
            message.sent_at = utcnow()
            message.attempts += 1
            sent += 1
        db.session.commit()
    return sent


def dispatch_after_commit() -> None:
    """Send what the request queued, without making the buyer wait for the mail server."""
    from flask import current_app

    if not current_app.config.get("MAIL_SEND_ASYNC", True):
        send_pending()
        return
    import threading

    app = current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            try:
                send_pending()
            except Exception:  # the cron job will retry; never crash the worker
                log.exception("Sending queued mail failed")

    threading.Thread(target=run, name="outbox", daemon=True).start()
