"""Order mail goes through an outbox: a dead mail server never fails an order, and unsent
mail is sent later, once."""
import sqlalchemy as sa

from marketplace.extensions import db as _db
from marketplace.mail import OutboxMessage
from marketplace.orders.models import OrderStatus
from marketplace.mail import claim as _claim, send_pending
from tests.factories import make_product
from tests.orders.helpers import add, checkout, latest_order


def outbox() -> list[OutboxMessage]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_an_order_is_placed_while_the_mail_server_is_down_and_mailed_later(client, db, app, smtp_server, runner):
    port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=1, MAIL_TIMEOUT=2)  # nothing listens there
    add(client, make_product(prices=(150_000,)).variants[0])
    response = checkout(client)
    assert response.status_code == 303
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    [message] = outbox()
    assert message.sent_at is None and message.attempts == 1 and message.last_error

    app.config["MAIL_PORT"] = port
    message.next_attempt_at = message.created_at  # its back-off has passed
    _db.session.commit()
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0 and "Sent 1" in result.output
    assert len(smtp_server.messages) == 1
    assert runner.invoke(args=["mail", "send-pending"]).output.startswith("Sent 0")
    assert len(smtp_server.messages) == 1  # never twice
    assert latest_order().number in smtp_server.messages[0]["Subject"]


def test_a_message_claimed_by_one_sender_is_not_taken_by_another(db, app, smtp_server):
    from marketplace.mail import queue_mail

    queue_mail("a@contoh.id", "Halo", "Isi")
    _db.session.commit()
    [message] = outbox()
    assert _claim(message.id) is True
    assert _claim(message.id) is False  # a second cron run meanwhile
    assert send_pending() == 0 and smtp_server.messages == []
