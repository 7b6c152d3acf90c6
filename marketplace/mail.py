"""Sending mail: SMTP when MAIL_SERVER is set, the log otherwise (development)."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger(__name__)


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


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send now; a mail server that is down is logged, never an error page.

    Returns whether the message was handed over. (Order mail will go through an outbox.)
    """
    try:
        send_message(build_message(to, subject, body))
        return True
    except (smtplib.SMTPException, OSError):
        log.exception("Could not send mail to %s", to)
        return False
