"""Webhook verification with the stripe library's own check, and stored event ids."""
from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import SiteSetting
from marketplace.payments import gateway
from marketplace.payments.errors import GatewayError, InvalidWebhook
from marketplace.payments.events import mark_event_processed
from marketplace.payments.models import ProcessedWebhookEvent
from marketplace.payments.webhooks import SessionData

PAID_SESSION = {"id": "cs_test_a1", "object": "checkout.session", "payment_status": "paid",
                "amount_total": 15_000_000, "currency": "idr", "client_reference_id": "SNT-7Q2K9",
                "metadata": {"reference": "SNT-7Q2K9"}, "payment_intent": "pi_test_a1",
                "status": "complete"}


def completed_event(fake):
    return fake.make_event("checkout.session.completed", PAID_SESSION)


def test_a_correctly_signed_event_is_read(fake_stripe):
    event = completed_event(fake_stripe)
    body, headers = fake_stripe.build_delivery(event)

    parsed = gateway.parse_webhook(body, headers["Stripe-Signature"])
    assert (parsed.id, parsed.type) == (event["id"], "checkout.session.completed")
    assert parsed.created == datetime.fromtimestamp(event["created"], UTC).replace(tzinfo=None)
    assert parsed.object == PAID_SESSION
    assert isinstance(parsed.object, dict)
    assert parsed.subject == SessionData(session_id="cs_test_a1", reference="SNT-7Q2K9",
                                         amount_idr=150_000, payment_status="paid",
                                         payment_intent="pi_test_a1")


def test_a_replayed_event_verifies_again_with_the_same_id(fake_stripe):
    event = completed_event(fake_stripe)
    first = gateway.parse_webhook(*_delivered(fake_stripe, event))
    again = gateway.parse_webhook(*_delivered(fake_stripe, event))
    assert again == first  # telling them apart is mark_event_processed's job


def _delivered(fake, event, **signing):
    body, headers = fake.build_delivery(event, **signing)
    return body, headers["Stripe-Signature"]


def _forged(fake, case):
    event = completed_event(fake)
    body, signature = _delivered(fake, event)
    if case == "wrong secret":
        return _delivered(fake, event, secret="whsec_someone_else")
    if case == "stale":
        return _delivered(fake, event, timestamp=int(time.time()) - 301)
    if case == "missing header":
        return body, None
    if case == "empty header":
        return body, ""
    if case == "garbled header":
        return body, "t=yesterday,v1=zz"
    if case == "no v1 signature":
        return body, signature.split(",")[0]
    if case == "tampered body":
        return body.replace(b'"paid"', b'"unpaid"'), signature
    payload = {"malformed JSON": b'{"id": "evt_1", "object": "event",',
               "JSON that is no event": b'{"object": "charge", "id": "ch_1"}',
               "a list": b"[]",
               "not UTF-8": b"\xff\xfe{}"}[case]
    return payload, fake.signature_header(payload)  # correctly signed, still refused


@pytest.mark.parametrize("case", [
    "wrong secret", "stale", "missing header", "empty header", "garbled header",
    "no v1 signature", "tampered body", "malformed JSON", "JSON that is no event", "a list",
    "not UTF-8"])
def test_untrustworthy_webhooks_are_refused(fake_stripe, case):
    with pytest.raises(InvalidWebhook):
        gateway.parse_webhook(*_forged(fake_stripe, case))


def test_the_tolerance_is_the_configured_one(app, fake_stripe):
    event = completed_event(fake_stripe)
    two_minutes_old = _delivered(fake_stripe, event, timestamp=int(time.time()) - 120)
    assert gateway.parse_webhook(*two_minutes_old).id == event["id"]
    app.config["STRIPE_WEBHOOK_TOLERANCE"] = 60
    with pytest.raises(InvalidWebhook, match="tolerance"):
        gateway.parse_webhook(*two_minutes_old)


def test_without_a_webhook_secret_nothing_can_be_verified(app, fake_stripe):
    body, signature = _delivered(fake_stripe, completed_event(fake_stripe))
    app.config["STRIPE_WEBHOOK_SECRET"] = None
    with pytest.raises(GatewayError, match="STRIPE_WEBHOOK_SECRET"):
        gateway.parse_webhook(body, signature)


def test_an_event_is_marked_processed_once_in_the_callers_transaction(db):
    db.session.add(SiteSetting(key="order-paid", value="SNT-7Q2K9"))  # the caller's own change
    assert mark_event_processed("evt_1", "checkout.session.completed") is True
    assert mark_event_processed("evt_1", "checkout.session.completed") is False
    db.session.commit()  # the transaction survived the duplicate

    assert db.session.get(SiteSetting, "order-paid").value == "SNT-7Q2K9"
    stored = db.session.get(ProcessedWebhookEvent, "evt_1")
    assert stored.type == "checkout.session.completed"
    assert isinstance(stored.received_at, datetime)
    db.session.remove()
    assert mark_event_processed("evt_1", "checkout.session.completed") is False  # after commit
    assert mark_event_processed("evt_2", "charge.refunded") is True
    db.session.rollback()


def test_a_mark_rolled_back_with_the_callers_change_is_forgotten(db):
    # The first statement of the transaction: where a SAVEPOINT on SQLite would commit alone.
    assert mark_event_processed("evt_9", "checkout.session.completed") is True
    db.session.rollback()  # the order change failed: Stripe's next delivery must be handled
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedWebhookEvent))
    assert count == 0
    assert mark_event_processed("evt_9", "checkout.session.completed") is True
    db.session.rollback()
