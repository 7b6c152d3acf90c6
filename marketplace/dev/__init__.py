"""Developer pages, registered only under SENTRA_CONFIG=development (`make run`): elsewhere their
URLs are plain 404s. `/dev/mail` shows the mail outbox, so that a developer without a mail
server reads the reset links and order mail the store sends."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from marketplace.extensions import db
from marketplace.mail import MailStatus, OutboxMessage, outbox_messages

bp = Blueprint("dev", __name__, template_folder="templates")

@bp.get("/mail")
def mail():
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in MailStatus}:
        abort(400)
    messages = outbox_messages(MailStatus(status) if status else None, limit=100)
    return render_template("dev/mail.html", messages=messages, status=status)


@bp.get("/mail/<int:message_id>")
def mail_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("dev/mail_message.html", message=message)
