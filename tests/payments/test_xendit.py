"""The Xendit adapter through the official SDK (`xendit-python`) against the stand-in."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from marketplace import money
from marketplace.config import XENDIT_SETTINGS, load_config
from marketplace.dev.fake_xendit import TEST_CALLBACK_TOKEN, TEST_SECRET_KEY
from marketplace.payments import xendit
from marketplace.payments.errors import AmountOutOfRange, GatewayError, InvalidWebhook, PaymentError
from marketplace.timeutil import utcnow
from tests.payments.test_local_stripe import free_port, start_stand_in, stop_fake


def _create(channel: str, amount: int = 150_000, key: str | None = None, **extra):
    return xendit.create_payment(
        channel=channel, reference="SEN-2612-TEST01", amount_idr=amount,
        expires_at=utcnow() + timedelta(hours=2), customer_name="Budi Santoso",
        return_url="http://localhost/orders/SEN-2612-TEST01", idempotency_key=key or channel,
        **extra)


def test_idr_has_no_minor_unit_in_xendit():
    assert money.to_gateway_units(150_000, money.XENDIT) == 150_000
    assert money.from_gateway_units(150_000.0, money.XENDIT) == 150_000
    assert money.to_gateway_units(150_000, money.STRIPE) == 15_000_000
    for bad in (150_000.5, True, "150000", -1.0, float("nan")):
        with pytest.raises(money.InvalidAmount):
            money.from_gateway_units(bad, money.XENDIT)
    with pytest.raises(money.InvalidAmount):
        money.to_gateway_units(10**12, money.XENDIT)


@pytest.mark.parametrize("channel", sorted(xendit.CHANNELS))
def test_every_channel_is_created_and_read_back(app, fake_xendit, channel):
    with app.app_context():
        payment = _create(channel, mobile_number="+6281234567890")
        # read back by kind and code: a GoPay buyer's QRIS payment is Xendit's QRIS one
        assert payment.channel == ("qris" if channel == "gopay_qris" else channel)
        assert payment.amount_idr == 150_000
        assert payment.reference == "SEN-2612-TEST01"
        kind = xendit.CHANNELS[channel].kind
        if kind == xendit.QR:
            assert payment.qr_string.startswith("000201") and payment.status == "PENDING"
        elif kind == xendit.VA:
            assert payment.account_number.isdigit() and payment.expires_at is not None
        elif kind == xendit.OTC:
            assert payment.payment_code
        else:
            assert payment.status == "REQUIRES_ACTION" and payment.redirect_url
        assert xendit.retrieve_payment(payment.id) == payment
    sent = fake_xendit.requests[0][2]
    assert sent["amount"] == 150_000 and sent["currency"] == "IDR"  # whole rupiah


def test_the_same_key_gets_the_same_payment(app, fake_xendit):
    with app.app_context():
        assert _create("qris", key="k1").id == _create("qris", key="k1").id
        assert _create("qris", key="k2").id != _create("qris", key="k1").id


def test_amounts_outside_a_channel_are_refused_before_calling(app, fake_xendit):
    with app.app_context():
        with pytest.raises(AmountOutOfRange):
            _create("va_bca", amount=9_999)
        with pytest.raises(AmountOutOfRange):
            _create("qris", amount=10_000_001)
    assert fake_xendit.requests == []


def test_a_wrong_key_or_no_stand_in_is_a_gateway_error(app, fake_xendit):
    with app.app_context():
        app.config["XENDIT_SECRET_KEY"] = "xnd_development_wrong"
        with pytest.raises(GatewayError):
            _create("qris")
        app.config["XENDIT_SECRET_KEY"] = None
        with pytest.raises(GatewayError):
            _create("qris")


def test_refunds_where_xendit_can(app, fake_xendit):
    with app.app_context():
        qris = _create("qris")
        fake_xendit.pay(qris.id)
        refund = xendit.create_refund(payment_request_id=qris.id, channel="qris",
                                      amount_idr=50_000, reference="r1", idempotency_key="r1")
        assert (refund.amount_idr, refund.status) == (50_000, "SUCCEEDED")
        with pytest.raises(PaymentError):  # more than what is left
            xendit.create_refund(payment_request_id=qris.id, channel="qris",
                                 amount_idr=100_001, reference="r2", idempotency_key="r2")
        va = _create("va_bni")
        fake_xendit.pay(va.id)
        with pytest.raises(PaymentError) as refused:
            xendit.create_refund(payment_request_id=va.id, channel="va_bni", amount_idr=1_000,
                                 reference="r3", idempotency_key="r3")
        assert refused.value.code == "not_refundable"


def test_callbacks_are_verified_and_read(app, fake_xendit):
    with app.app_context():
        payment = _create("va_mandiri")
        delivery = fake_xendit.pay(payment.id)
        callback = xendit.parse_callback(delivery.body, fake_xendit.callback_token,
                                         delivery.webhook_id)
        assert (callback.event, callback.status, callback.amount_idr, callback.channel) == (
            "payment.succeeded", "SUCCEEDED", 150_000, "va_mandiri")
        assert callback.payment_request_id == payment.id
        assert callback.reference == "SEN-2612-TEST01"
        assert callback.id == f"xendit:{delivery.webhook_id}"
        for token in (None, "", "sentra-tests-callback-tokeN", fake_xendit.callback_token + "x"):
            with pytest.raises(InvalidWebhook):
                xendit.parse_callback(delivery.body, token, delivery.webhook_id)
        for body in (b"", b"[]", b"{}", b'{"event": "payment.succeeded", "data": {}}',
                     b"\xff", b"NaN", b"[" * 100_000):
            with pytest.raises(InvalidWebhook):
                xendit.parse_callback(body, fake_xendit.callback_token, None)
        odd = json.loads(delivery.body)
        odd["data"]["amount"] = 150_000.5
        assert xendit.parse_callback(json.dumps(odd).encode(), fake_xendit.callback_token,
                                     None).amount_idr is None


def test_the_pay_page_shows_the_qr_code_and_pays(app, fake_xendit):
    received = []
    with app.app_context():
        payment = _create("qris")
    url = f"{fake_xendit.base_url}/pay/{payment.id}"
    page = urllib.request.urlopen(url).read().decode()
    assert "<svg" in page and "Test mode" in page
    fake_xendit.deliver = lambda delivery, **kw: received.append(delivery) or 200
    request = urllib.request.Request(url, data=b"action=pay", method="POST")
    page = urllib.request.urlopen(request).read().decode()
    assert "SUCCEEDED" in page
    assert [d.event for d in received] == ["payment.succeeded"]


def test_the_settlement_report_lists_fees(app, fake_xendit):
    with app.app_context():
        fake_xendit.pay(_create("qris", key="a").id)
        fake_xendit.pay(_create("va_bca", key="b").id)
    rows = fake_xendit.settlement_csv().splitlines()
    assert rows[0].startswith("Reference,")
    assert ",QRIS,150000,1050,148950," in rows[1]
    assert ",BCA,150000,4000,146000," in rows[2]


@pytest.fixture
def no_xendit_settings(monkeypatch):
    for name in (*XENDIT_SETTINGS, "FAKE_XENDIT_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")


def test_development_with_no_xendit_settings_uses_the_stand_in(no_xendit_settings, monkeypatch):
    config = load_config("development")
    assert (config.XENDIT_SECRET_KEY, config.XENDIT_CALLBACK_TOKEN) == (TEST_SECRET_KEY,
                                                                        TEST_CALLBACK_TOKEN)
    assert config.XENDIT_API_BASE == "http://127.0.0.1:12112"
    monkeypatch.setenv("FAKE_XENDIT_PORT", "12167")
    assert load_config("development").XENDIT_API_BASE == "http://127.0.0.1:12167"
    monkeypatch.setenv("XENDIT_SECRET_KEY", "xnd_development_mine")
    config = load_config("development")
    assert config.XENDIT_SECRET_KEY == "xnd_development_mine" and config.XENDIT_API_BASE is None


@pytest.mark.parametrize("name", ["production", "testing"])
def test_production_and_tests_never_fall_back_to_the_stand_in(no_xendit_settings, name):
    config = load_config(name)
    assert (config.XENDIT_SECRET_KEY, config.XENDIT_CALLBACK_TOKEN,
            config.XENDIT_API_BASE) == (None, None, None)


def test_the_stand_in_runs_as_a_process_and_stops_on_sigterm():
    port = free_port()
    process = start_stand_in("marketplace.dev.fake_xendit", port, "--callback-url",
                             "http://127.0.0.1:5000/payments/xendit/callback")
    try:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/payment_requests/pr-x", timeout=5)
        assert answer.value.code == 401
        assert json.loads(answer.value.read())["error_code"] == "INVALID_API_KEY"
    finally:
        code, output = stop_fake(process)
    assert code == 0, output
    assert "/payments/xendit/callback" in output
