"""The gateway, driving the real stripe library over loopback HTTP against the fake Stripe."""
from __future__ import annotations

import calendar
from datetime import timedelta

import pytest

from marketplace.payments import gateway
from marketplace.payments.errors import AmountOutOfRange, GatewayError, PaymentError
from marketplace.timeutil import utcnow
from tests.payments.fixtures import TEST_SECRET_KEY
from tests.payments.helpers import REFERENCE, open_session, paid_payment_intent


def test_card_payments_are_on_only_with_both_secrets(app, fake_stripe):
    assert gateway.is_enabled()
    app.config["STRIPE_WEBHOOK_SECRET"] = None
    assert not gateway.is_enabled()
    app.config.update(STRIPE_WEBHOOK_SECRET="whsec_x", STRIPE_SECRET_KEY="")
    assert not gateway.is_enabled()


def test_without_a_key_the_gateway_refuses_to_call(app):
    assert app.config["STRIPE_SECRET_KEY"] is None
    with pytest.raises(GatewayError, match="STRIPE_SECRET_KEY"):
        gateway.retrieve_checkout_session("cs_test_x")


def test_a_session_is_asked_for_in_minor_units_and_read_back_in_rupiah(fake_stripe):
    started = utcnow().replace(microsecond=0)
    session = open_session(started_at=started)

    [sent] = fake_stripe.requests
    assert (sent.method, sent.path) == ("POST", "/v1/checkout/sessions")
    assert sent.params["line_items[0][price_data][unit_amount]"] == "15000000"  # Rp150.000
    assert sent.params["line_items[0][price_data][currency]"] == "idr"
    assert sent.params["line_items[0][quantity]"] == "1"
    assert sent.params["mode"] == "payment"
    assert sent.params["client_reference_id"] == REFERENCE == sent.params["metadata[reference]"]
    expires_at = started + timedelta(minutes=60)
    assert sent.params["expires_at"] == str(calendar.timegm(expires_at.timetuple()))
    assert sent.headers["idempotency-key"] == f"checkout-{REFERENCE}-1"
    assert sent.headers["authorization"] == f"Bearer {TEST_SECRET_KEY}"
    assert sent.headers["stripe-version"] == gateway.API_VERSION

    assert session.id.startswith("cs_test_")
    assert session.url == f"{fake_stripe.base_url}/pay/{session.id}"
    assert session.expires_at == expires_at
    assert (session.status, session.payment_status, session.payment_intent) == (
        "open", "unpaid", None)
    assert session.amount_total_idr == 150_000
    assert session.reference == REFERENCE


def test_the_same_idempotency_key_gives_the_same_session(fake_stripe):
    started = utcnow()
    first = open_session(started_at=started)
    again = open_session(started_at=started)
    assert again == first
    assert len(fake_stripe.sessions) == 1
    assert len(fake_stripe.requests) == 2


def test_a_key_reused_with_other_parameters_is_refused(fake_stripe):
    started = utcnow()
    open_session(started_at=started)
    with pytest.raises(PaymentError, match="same parameters"):
        open_session(started_at=started, amount_idr=175_000)
    # Why `started_at` exists: the same retry a minute later would ask for another expires_at.
    with pytest.raises(PaymentError, match="same parameters"):
        open_session(started_at=started + timedelta(minutes=1))
    assert len(fake_stripe.sessions) == 1


@pytest.mark.parametrize("amount_idr, too_small", [
    (0, True), (-150_000, True), (9_999, True), (10_000_000_000, False), (10**15, False)])
def test_amounts_out_of_range_are_refused_before_any_request(fake_stripe, amount_idr, too_small):
    with pytest.raises(AmountOutOfRange) as refused:
        open_session(amount_idr=amount_idr)
    assert refused.value.too_small is too_small
    assert refused.value.amount_idr == amount_idr
    assert fake_stripe.requests == []


def test_the_refusal_says_what_the_minimum_is(fake_stripe):
    with pytest.raises(AmountOutOfRange, match="at least Rp10.000; this one is Rp9.500"):
        open_session(amount_idr=9_500)


@pytest.mark.parametrize("amount_idr", [10_000, 9_999_999_999])
def test_the_ends_of_the_range_are_accepted(fake_stripe, amount_idr):
    assert open_session(amount_idr=amount_idr).amount_total_idr == amount_idr


def test_the_minimum_is_configurable_and_stripe_has_its_own(app, fake_stripe):
    app.config["STRIPE_MIN_AMOUNT_IDR"] = 1_000
    with pytest.raises(PaymentError) as refused:  # the fake's floor is Rp5.000
        open_session(amount_idr=2_000)
    assert refused.value.code == "amount_too_small"
    assert not isinstance(refused.value, AmountOutOfRange)
    assert len(fake_stripe.requests) == 1


def test_amounts_are_whole_rupiah_ints(fake_stripe):
    with pytest.raises(TypeError):
        open_session(amount_idr=150_000.0)
    assert fake_stripe.requests == []


@pytest.mark.parametrize("minutes", [29, 24 * 60 + 1])
def test_expiry_outside_what_stripe_allows_is_a_programming_error(fake_stripe, minutes):
    with pytest.raises(ValueError, match="30 to 1440"):
        open_session(expires_in_minutes=minutes)
    assert fake_stripe.requests == []


def test_an_expiry_already_too_close_is_refused_by_stripe(fake_stripe):
    with pytest.raises(PaymentError, match="at least 30 minutes"):
        open_session(started_at=utcnow() - timedelta(minutes=40))


def test_retrieve_follows_the_session_through_payment(fake_stripe):
    session = open_session()
    fake_stripe.complete_session(session.id)

    paid = gateway.retrieve_checkout_session(session.id)
    assert (paid.status, paid.payment_status) == ("complete", "paid")
    assert paid.payment_intent.startswith("pi_")
    assert paid.url is None
    assert paid.amount_total_idr == 150_000
    assert fake_stripe.requests[-1].method == "GET"


def test_a_delayed_payment_completes_unpaid_then_settles(fake_stripe):
    session = open_session()
    fake_stripe.complete_session(session.id, async_payment=True)
    waiting = gateway.retrieve_checkout_session(session.id)
    assert (waiting.status, waiting.payment_status) == ("complete", "unpaid")

    event = fake_stripe.settle_async_payment(session.id)
    assert event["type"] == "checkout.session.async_payment_succeeded"
    assert gateway.retrieve_checkout_session(session.id).payment_status == "paid"


def test_an_open_session_can_be_expired_once(fake_stripe):
    session = open_session()
    expired = gateway.expire_checkout_session(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert fake_stripe.last_event()["type"] == "checkout.session.expired"
    with pytest.raises(PaymentError, match="open"):
        gateway.expire_checkout_session(session.id)


def test_a_session_past_its_expiry_reads_as_expired(fake_stripe):
    session = open_session()
    fake_stripe.sessions[session.id]["expires_at"] = 0  # as if the hour had passed
    assert gateway.retrieve_checkout_session(session.id).status == "expired"


def test_an_unknown_session_is_a_payment_error(fake_stripe):
    with pytest.raises(PaymentError) as refused:
        gateway.retrieve_checkout_session("cs_test_unknown")
    assert refused.value.code == "resource_missing"


def test_a_partial_then_a_full_refund(fake_stripe):
    intent = paid_payment_intent(fake_stripe)

    part = gateway.create_refund(payment_intent=intent, amount_idr=50_000,
                                 idempotency_key="refund-1")
    assert fake_stripe.requests[-1].params == {"payment_intent": intent, "amount": "5000000"}
    assert (part.amount_idr, part.status) == (50_000, "succeeded")
    assert part.id.startswith("re_")
    assert fake_stripe.last_event("charge.refunded")["data"]["object"]["refunded"] is False

    rest = gateway.create_refund(payment_intent=intent, amount_idr=None, idempotency_key="refund-2")
    assert fake_stripe.requests[-1].params == {"payment_intent": intent}
    assert rest.amount_idr == 100_000
    charge = fake_stripe.last_event("charge.refunded")["data"]["object"]
    assert (charge["refunded"], charge["amount_refunded"]) == (True, 15_000_000)


def test_refunding_more_than_is_left_is_a_payment_error(fake_stripe):
    intent = paid_payment_intent(fake_stripe)
    gateway.create_refund(payment_intent=intent, amount_idr=100_000, idempotency_key="refund-1")
    with pytest.raises(PaymentError, match="greater than unrefunded amount"):
        gateway.create_refund(payment_intent=intent, amount_idr=60_000, idempotency_key="refund-2")
    gateway.create_refund(payment_intent=intent, amount_idr=None, idempotency_key="refund-3")
    with pytest.raises(PaymentError) as refused:
        gateway.create_refund(payment_intent=intent, amount_idr=None, idempotency_key="refund-4")
    assert refused.value.code == "charge_already_refunded"


def test_a_repeated_refund_key_refunds_once(fake_stripe):
    intent = paid_payment_intent(fake_stripe)
    first = gateway.create_refund(payment_intent=intent, amount_idr=20_000, idempotency_key="r-1")
    again = gateway.create_refund(payment_intent=intent, amount_idr=20_000, idempotency_key="r-1")
    assert again == first
    assert len(fake_stripe.refunds) == 1


def test_a_refund_of_nothing_is_refused_before_any_request(fake_stripe):
    intent = paid_payment_intent(fake_stripe)
    count = len(fake_stripe.requests)
    with pytest.raises(AmountOutOfRange):
        gateway.create_refund(payment_intent=intent, amount_idr=0, idempotency_key="r-0")
    assert len(fake_stripe.requests) == count


def test_a_delayed_payment_not_yet_arrived_cannot_be_refunded(fake_stripe):
    session = open_session()
    event = fake_stripe.complete_session(session.id, async_payment=True)
    with pytest.raises(PaymentError):
        gateway.create_refund(payment_intent=event["data"]["object"]["payment_intent"],
                              amount_idr=None, idempotency_key="r-1")


def test_an_unreachable_stripe_is_a_gateway_error(fake_stripe):
    fake_stripe.stop()
    with pytest.raises(GatewayError, match="create a checkout session") as failed:
        open_session()
    assert type(failed.value).__module__ == "marketplace.payments.errors"  # never a stripe type


def test_a_server_error_is_retried_with_the_same_idempotency_key(fake_stripe):
    fake_stripe.fail_next(1, status=500)
    session = open_session()
    first, second = fake_stripe.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert session.status == "open"


def test_server_errors_beyond_the_retries_are_a_gateway_error(fake_stripe):
    fake_stripe.fail_next(3, status=503)
    with pytest.raises(GatewayError):
        open_session()
    assert len(fake_stripe.requests) == 1 + gateway.MAX_NETWORK_RETRIES


def test_a_wrong_secret_key_is_a_gateway_error(app, fake_stripe):
    app.config["STRIPE_SECRET_KEY"] = "sk_test_not_the_right_one"
    with pytest.raises(GatewayError, match="Invalid API Key"):
        open_session()


def test_an_answer_of_an_unexpected_shape_is_a_gateway_error(fake_stripe):
    fake_stripe.fail_next(1, status=200)  # a 200 whose body is no checkout session
    with pytest.raises(GatewayError, match="unexpected shape"):
        open_session()



@pytest.mark.parametrize("key", ["", "k" * 256])
def test_an_idempotency_key_must_be_one_stripe_keeps(fake_stripe, key):
    with pytest.raises(ValueError, match="1 to 255"):
        open_session(idempotency_key=key)
    assert fake_stripe.requests == []
