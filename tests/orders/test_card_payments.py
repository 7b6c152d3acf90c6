"""Card payment through Stripe Checkout: the real stripe library, a fake Stripe on loopback,
and webhooks signed as Stripe signs them. Only a verified webhook makes an order paid."""
import json

import sqlalchemy as sa

from marketplace.catalog.models import Variant
from marketplace.extensions import db as _db
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from marketplace.orders.models import OrderStatus, ShipmentStatus
from marketplace.payments import gateway
from marketplace.payments.models import ProcessedWebhookEvent
from tests.factories import make_product, make_shop
from tests.orders.helpers import KUPANG, add, checkout, latest_order

WEBHOOK = "/payments/stripe/webhook"


def deliver(client, fake, event, **kwargs):
    body, headers = fake.build_delivery(event, **kwargs)
    return client.post(WEBHOOK, data=body, headers=headers)


def card_order(client, fake_stripe, stocks=(5,)):
    product = make_product(make_shop(regency="Belu"), name="Sarung Futus", prices=(450_000,), stocks=list(stocks))
    add(client, product.variants[0])
    response = checkout(client, KUPANG, payment="stripe")
    assert response.status_code == 303 and response.headers["Location"].endswith("/pay")
    pay = client.get(response.headers["Location"])
    assert pay.status_code == 303 and pay.headers["Location"].startswith(fake_stripe.base_url)
    order = latest_order()
    return order, product.variants[0]


def test_the_card_option_is_hidden_without_stripe_keys(client, db):
    product = make_product()
    add(client, product.variants[0])
    from tests.conftest import submit

    submit(client, "/checkout", KUPANG)
    page = client.get("/checkout/review").get_data(as_text=True)
    assert 'value="bank_transfer"' in page and 'value="stripe"' not in page


def test_paid_only_when_the_signed_webhook_says_so(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    [request] = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]
    assert request.params["line_items[0][price_data][unit_amount]"] == str(order.total_idr * 100)
    assert request.params["line_items[0][price_data][currency]"] == "idr"
    # coming back from Stripe proves nothing
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT

    event = fake_stripe.complete_session(order.stripe_session_id)
    assert deliver(client, fake_stripe, event).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.PAID and order.stripe_payment_intent
    assert all(s.status == ShipmentStatus.PROCESSING for s in order.shipments)
    assert page  # the page was served while unpaid


def test_replayed_and_forged_events_change_nothing(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    event = fake_stripe.complete_session(order.stripe_session_id)
    assert deliver(client, fake_stripe, event).status_code == 200
    changes_before = _db.session.scalar(sa.text("SELECT count(*) FROM status_changes"))
    assert deliver(client, fake_stripe, event).status_code == 200  # replay: harmless
    assert _db.session.scalar(sa.text("SELECT count(*) FROM status_changes")) == changes_before

    forged = fake_stripe.make_event("checkout.session.completed", {**event["data"]["object"]})
    assert deliver(client, fake_stripe, forged, secret="whsec_wrong").status_code == 400
    assert deliver(client, fake_stripe, forged, timestamp=1_600_000_000).status_code == 400
    assert client.post(WEBHOOK, data=b"{not json", headers={"Stripe-Signature": "t=1,v1=00"}).status_code == 400
    assert client.post(WEBHOOK, data=json.dumps(forged)).status_code == 400
    ids = set(_db.session.scalars(sa.select(ProcessedWebhookEvent.id)))
    assert forged["id"] not in ids


def test_a_wrong_amount_does_not_mark_the_order_paid(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    event = fake_stripe.complete_session(order.stripe_session_id)
    tampered = fake_stripe.make_event("checkout.session.completed",
                                      {**event["data"]["object"], "amount_total": 100})
    assert deliver(client, fake_stripe, tampered).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT


def test_an_expired_session_expires_the_order_and_returns_stock(client, db, fake_stripe):
    order, variant = card_order(client, fake_stripe, stocks=(1,))
    _db.session.expire_all()
    assert _db.session.get(Variant, variant.id).stock == 0
    expired = fake_stripe.make_event("checkout.session.expired", {
        **fake_stripe.sessions[order.stripe_session_id], "status": "expired", "url": None})
    assert deliver(client, fake_stripe, expired).status_code == 200
    assert latest_order().status == OrderStatus.EXPIRED
    _db.session.expire_all()
    assert _db.session.get(Variant, variant.id).stock == 1


def test_delayed_payment_succeeds_later(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    started = fake_stripe.complete_session(order.stripe_session_id, async_payment=True)
    deliver(client, fake_stripe, started)
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    deliver(client, fake_stripe, fake_stripe.settle_async_payment(order.stripe_session_id))
    assert latest_order().status == OrderStatus.PAID


def test_the_pay_button_reuses_the_open_session(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    again = client.get(f"/orders/{order.number}/pay")
    assert again.status_code == 303
    assert len([r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]) == 1


def test_stripe_down_gives_a_message_not_an_error(client, db, fake_stripe):
    product = make_product(prices=(450_000,))
    add(client, product.variants[0])
    checkout(client, KUPANG, payment="stripe")
    order = latest_order()
    fake_stripe.stop()
    response = client.get(f"/orders/{order.number}/pay")
    assert response.status_code == 303 and response.headers["Location"].endswith(order.number)


def test_events_out_of_order_end_in_the_right_state(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    started = fake_stripe.complete_session(order.stripe_session_id, async_payment=True)
    succeeded = fake_stripe.settle_async_payment(order.stripe_session_id)
    # the success arrives before the "completed (unpaid)" event
    deliver(client, fake_stripe, succeeded)
    deliver(client, fake_stripe, started)
    assert latest_order().status == OrderStatus.PAID
    # a late "expired" for a paid order changes nothing
    expired = fake_stripe.make_event("checkout.session.expired", {
        **started["data"]["object"], "status": "expired"})
    deliver(client, fake_stripe, expired)
    assert latest_order().status == OrderStatus.PAID


def test_a_refund_in_stripe_is_recorded(client, db, fake_stripe):
    order, _ = card_order(client, fake_stripe)
    deliver(client, fake_stripe, fake_stripe.complete_session(order.stripe_session_id))
    order = latest_order()
    gateway.create_refund(payment_intent=order.stripe_payment_intent, amount_idr=100_000,
                          idempotency_key=f"refund-{order.number}-1")
    deliver(client, fake_stripe, fake_stripe.last_event("charge.refunded"))
    order = latest_order()
    assert order.status == OrderStatus.PARTLY_REFUNDED and order.refunded_idr == 100_000


# --- an expiry or failure acts only on the order's current Checkout Session ----------------

def _stock(variant) -> int:
    _db.session.expire_all()
    return _db.session.get(Variant, variant.id).stock


def _suspense() -> int:
    _db.session.expire_all()
    return balance(AccountCode.SUSPENSE)


def _pay_again(client, order) -> str:
    """The buyer presses "pay" once more: a new Checkout Session replaces the closed one."""
    response = client.get(f"/orders/{order.number}/pay")
    assert response.status_code == 303
    return latest_order().stripe_session_id


def test_an_older_sessions_expiry_leaves_the_newer_one_payable(client, db, fake_stripe):
    order, variant = card_order(client, fake_stripe, stocks=(1,))
    first = order.stripe_session_id
    gateway.expire_checkout_session(first)  # it lapses at Stripe; its event is on the way
    late_expiry = fake_stripe.last_event("checkout.session.expired")
    second = _pay_again(client, order)
    assert second != first and fake_stripe.sessions[second]["status"] == "open"

    assert deliver(client, fake_stripe, late_expiry).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert _stock(variant) == 0  # still the buyer's

    assert deliver(client, fake_stripe, fake_stripe.complete_session(second)).status_code == 200
    assert latest_order().status == OrderStatus.PAID
    assert _suspense() == 0  # the payment counts for the order, not as money for nothing


def test_an_older_sessions_failed_payment_leaves_the_newer_one_payable(client, db, fake_stripe):
    order, variant = card_order(client, fake_stripe, stocks=(1,))
    first = order.stripe_session_id
    started = fake_stripe.complete_session(first, async_payment=True)  # a delayed method
    assert deliver(client, fake_stripe, started).status_code == 200
    second = _pay_again(client, order)  # the buyer gives up waiting and pays by card
    assert second != first

    failed = fake_stripe.settle_async_payment(first, succeeded=False)
    assert deliver(client, fake_stripe, failed).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert _stock(variant) == 0

    assert deliver(client, fake_stripe, fake_stripe.complete_session(second)).status_code == 200
    assert latest_order().status == OrderStatus.PAID and _suspense() == 0


def test_the_current_sessions_failed_payment_expires_the_order(client, db, fake_stripe):
    order, variant = card_order(client, fake_stripe, stocks=(1,))
    deliver(client, fake_stripe, fake_stripe.complete_session(order.stripe_session_id,
                                                              async_payment=True))
    failed = fake_stripe.settle_async_payment(order.stripe_session_id, succeeded=False)
    assert deliver(client, fake_stripe, failed).status_code == 200
    assert latest_order().status == OrderStatus.EXPIRED
    assert _stock(variant) == 1


def test_an_expiry_naming_the_order_but_another_session_changes_nothing(client, db, fake_stripe):
    order, variant = card_order(client, fake_stripe, stocks=(1,))
    stray = fake_stripe.make_event("checkout.session.expired", {
        **fake_stripe.sessions[order.stripe_session_id], "id": "cs_test_someone_elses",
        "status": "expired", "url": None})
    assert deliver(client, fake_stripe, stray).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT and _stock(variant) == 0


def test_a_second_payment_through_another_session_is_kept_for_a_refund(client, db, fake_stripe):
    """Stripe could not be reached to reuse the open session, so "pay" opened a second one;
    the buyer paid in both tabs. The order counts the first payment; the second waits in
    suspense for an admin to refund it, and the first payment's record is not overwritten."""
    order, _ = card_order(client, fake_stripe)
    first = order.stripe_session_id
    fake_stripe.fail_next(count=3)  # the retrieve and both of its retries
    second = _pay_again(client, order)
    assert second != first and fake_stripe.sessions[first]["status"] == "open"

    paid_first = fake_stripe.complete_session(first)
    paid_second = fake_stripe.complete_session(second)
    assert deliver(client, fake_stripe, paid_first).status_code == 200
    assert deliver(client, fake_stripe, paid_second).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.PAID
    assert order.stripe_payment_intent == paid_first["data"]["object"]["payment_intent"]
    assert _suspense() == order.total_idr
    assert deliver(client, fake_stripe, paid_second).status_code == 200  # a replay: once
    assert _suspense() == order.total_idr
