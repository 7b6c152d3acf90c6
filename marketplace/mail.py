"""Mail and its outbox: written with the change it reports, sent after commit, retried.

`queue_mail` adds a row to the caller's transaction and registers its dispatch with
`aftercommit`; `send_pending` (when the request or command that committed is done, and from
`flask --app wsgi mail send-pending` for cron) claims rows one by one so that two senders never
send the same message twice, and a mail server that is down only delays the mail. Messages are
delivered through SMTP when MAIL_SERVER is set and written to the log otherwise (development,
where `/dev/mail` and `flask --app wsgi mail outbox` show them too).
"""
from __future__ import annotations

import enum
import logging
import smtplib
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import sqlalchemy as sa
from flask import current_app, has_request_context
from sqlalchemy.orm import Mapped, mapped_column

from marketplace import aftercommit
from marketplace.extensions import db
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_SECONDS = 120


class OutboxMessage(db.Model):
    """Mail written in the same transaction as the change it reports, sent after commit."""

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")
    # Claimed by one sender at a time, so that two cron runs never send a message twice.
    claimed_until: Mapped[datetime | None] = mapped_column()

    @property
    def status(self) -> MailStatus:
        if self.sent_at is not None:
            return MailStatus.SENT
        return MailStatus.FAILED if self.last_error else MailStatus.PENDING

    @property
    def given_up(self) -> bool:
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS


class MailStatus(enum.StrEnum):
    PENDING = "pending"  # not tried yet
    SENT = "sent"
    FAILED = "failed"  # the last attempt failed; retried with back-off until MAX_ATTEMPTS


_STATUS_FILTERS = {
    MailStatus.SENT: OutboxMessage.sent_at.is_not(None),
    MailStatus.FAILED: sa.and_(OutboxMessage.sent_at.is_(None), OutboxMessage.last_error != ""),
    MailStatus.PENDING: sa.and_(OutboxMessage.sent_at.is_(None), OutboxMessage.last_error == ""),
}


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="sentra.id")
    message.set_content(body)
    return message


def send_message(message: EmailMessage) -> None:
    """Deliver one message; raises smtplib/OSError errors for the caller to handle."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("Mail (MAIL_SERVER not set, not sent) to %s: %s\n%s",
                 message["To"], message["Subject"], message.get_content())
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def queue_mail(recipient: str, subject: str, body: str) -> None:
    """Write the message in the caller's transaction; it goes out once that commits."""
    db.session.add(OutboxMessage(recipient=recipient, subject=subject[:200], body=body))
    aftercommit.when_committed("mail", dispatch_after_commit)


def claim(message_id: int) -> bool:
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
        if not claim(message_id):
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
    """Send what was queued (run by aftercommit when the request or command is done): in a
    request without making anyone wait for the mail server; in a command before it ends."""
    if not has_request_context() or not current_app.config.get("MAIL_SEND_ASYNC", True):
        send_pending()
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                send_pending()
            except Exception:  # the cron job will retry; never crash the worker
                log.exception("Sending queued mail failed")

    threading.Thread(target=run, name="outbox", daemon=True).start()


def outbox_messages(status: MailStatus | None = None, recipient: str | None = None,
                    limit: int = 50) -> list[OutboxMessage]:
    """The newest messages of the outbox, for a developer's eyes (`/dev/mail`, `mail outbox`)."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(_STATUS_FILTERS[status])
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient.strip().lower())
    return list(db.session.scalars(query))
