"""Mail a developer can see: `/dev/mail` (development only) and `flask --app wsgi mail outbox`."""
from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.mail import OutboxMessage, queue_mail, send_pending
from marketplace.timeutil import utcnow
from tests.conftest import FreshContextClient


def _outbox_of_three() -> dict[str, OutboxMessage]:
    """One message sent, one waiting, one whose last attempt failed."""
    now = utcnow()
    sent = OutboxMessage(recipient="ina@contoh.id", subject="Pesanan SEN-2612-AAAA diterima",
                         body="Terima kasih.\nIkuti di sini: http://127.0.0.1:5000/orders/SEN-2612-AAAA",
                         created_at=now - timedelta(minutes=5), sent_at=now - timedelta(minutes=4),
                         attempts=1)
    pending = OutboxMessage(recipient="maria@contoh.id", subject="Atur ulang kata sandi Sentra",
                            body="Buka tautan ini", created_at=now - timedelta(minutes=2))
    failed = OutboxMessage(recipient="yosef@contoh.id", subject="Paket Anda sedang dikirim",
                           body="Nomor resi JP1234", created_at=now - timedelta(minutes=1),
                           attempts=2, last_error="[Errno 111] Connection refused",
                           next_attempt_at=now + timedelta(minutes=2))
    _db.session.add_all([sent, pending, failed])
    _db.session.commit()
    return {"sent": sent, "pending": pending, "failed": failed}


# --- the command ---------------------------------------------------------------------------

def test_mail_outbox_lists_pending_sent_and_failed(runner, db):
    messages = _outbox_of_three()
    result = runner.invoke(args=["mail", "outbox"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # Newest first, one line each: id, status, time (WIB), recipient, subject.
    listed = [line for line in lines if line.startswith("#")]
    assert [line.split()[1] for line in listed] == ["failed", "pending", "sent"]
    failed_line = listed[0]
    assert failed_line.startswith(f"#{messages['failed'].id}")
    assert "yosef@contoh.id" in failed_line and "Paket Anda sedang dikirim" in failed_line
    assert "WIB" in failed_line
    assert "Connection refused" in result.output and "attempt 2" in result.output
    assert "3 message(s)" in lines[-1]


@pytest.mark.parametrize("status,recipient", [("sent", "ina@contoh.id"),
                                              ("pending", "maria@contoh.id"),
                                              ("failed", "yosef@contoh.id")])
def test_mail_outbox_filters_by_status(runner, db, status, recipient):
    _outbox_of_three()
    result = runner.invoke(args=["mail", "outbox", "--status", status])
    assert result.exit_code == 0, result.output
    assert recipient in result.output
    others = {"ina@contoh.id", "maria@contoh.id", "yosef@contoh.id"} - {recipient}
    assert not any(other in result.output for other in others)


def test_mail_outbox_filters_by_recipient_and_shows_bodies(runner, db):
    _outbox_of_three()
    result = runner.invoke(args=["mail", "outbox", "--to", "INA@contoh.id", "--body"])
    assert result.exit_code == 0, result.output
    assert "ina@contoh.id" in result.output and "maria@contoh.id" not in result.output
    assert "http://127.0.0.1:5000/orders/SEN-2612-AAAA" in result.output


def test_mail_outbox_refuses_an_unknown_status_and_says_when_empty(runner, db):
    assert runner.invoke(args=["mail", "outbox", "--status", "lost"]).exit_code != 0
    result = runner.invoke(args=["mail", "outbox"])
    assert result.exit_code == 0 and "No mail in the outbox" in result.output


def test_a_message_sent_by_the_outbox_shows_as_sent(runner, db, smtp_server):
    queue_mail("ina@contoh.id", "Halo", "Isi")
    _db.session.commit()
    assert "pending" in runner.invoke(args=["mail", "outbox"]).output
    assert send_pending() == 1
    assert " sent " in runner.invoke(args=["mail", "outbox"]).output


# --- the page ------------------------------------------------------------------------------

@pytest.fixture
def development_app(monkeypatch, app, database_url, media_dir, tmp_path):
    """The app as `make run` builds it (SENTRA_CONFIG=development), on the test database."""
    monkeypatch.setenv("SECRET_KEY", "development-secret-for-this-test-" + "d" * 16)
    made = create_app("development", SQLALCHEMY_DATABASE_URI=database_url,
                      MEDIA_DIR=str(media_dir), SEARCH_INDEX_DIR=str(tmp_path / "index"),
                      REDIS_URL=None, RATELIMIT_STORAGE_URI="sentra-memory://",
                      CACHE_TYPE="SimpleCache", SESSION_STORE="cookie", MAIL_SERVER=None,
                      MAIL_SEND_ASYNC=False)
    made.test_client_class = FreshContextClient
    yield made
    with made.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_the_dev_mail_page_lists_the_outbox_in_development(development_app, db):
    messages = _outbox_of_three()
    client = development_app.test_client()
    response = client.get("/dev/mail")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for message in messages.values():
        assert message.recipient in html and message.subject in html
    for status in ("Terkirim", "Menunggu", "Gagal"):
        assert status in html
    assert "WIB" in html and "Connection refused" in html
    assert len(response.data) < 40_000

    only_failed = client.get("/dev/mail?status=failed").get_data(as_text=True)
    assert "yosef@contoh.id" in only_failed and "ina@contoh.id" not in only_failed
    assert client.get("/dev/mail?status=lost").status_code == 400

    detail = client.get(f"/dev/mail/{messages['sent'].id}")
    assert detail.status_code == 200
    body = detail.get_data(as_text=True)
    assert "Terima kasih." in body and "ina@contoh.id" in body
    assert 'href="http://127.0.0.1:5000/orders/SEN-2612-AAAA"' in body  # links can be followed
    assert client.get("/dev/mail/999999").status_code == 404


def test_the_dev_mail_page_escapes_what_it_shows(development_app, db):
    queue_mail("x@contoh.id", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
    _db.session.commit()
    client = development_app.test_client()
    assert "<script>alert(1)" not in client.get("/dev/mail").get_data(as_text=True)
    [message] = _db.session.query(OutboxMessage).all()
    assert "<img src=x" not in client.get(f"/dev/mail/{message.id}").get_data(as_text=True)


def test_the_dev_mail_page_is_not_there_outside_development(client, db, monkeypatch,
                                                            database_url, media_dir, tmp_path):
    _outbox_of_three()
    assert client.get("/dev/mail").status_code == 404  # testing
    assert client.get("/dev/mail/1").status_code == 404
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")
    monkeypatch.setenv("DATABASE_URL", database_url)
    production = create_app("production", SQLALCHEMY_DATABASE_URI=database_url,
                            MEDIA_DIR=str(media_dir), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    try:
        response = production.test_client().get("/dev/mail", base_url="https://sentra.example.id")
        assert response.status_code == 404
    finally:
        with production.app_context():
            _db.engine.dispose()
