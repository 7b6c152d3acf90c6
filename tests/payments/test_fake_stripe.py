"""The fake Stripe itself: what it refuses as Stripe does, how it signs, its hosted page."""
from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
import stripe

from marketplace.payments import gateway
from tests.conftest import PROJECT_ROOT
from tests.payments.fixtures import TEST_SECRET_KEY
from tests.payments.helpers import REFERENCE, open_session


def raw_request(fake, method, path, *, form=None, key=TEST_SECRET_KEY, headers=None):
    """A request as any HTTP client would send it, without the stripe library."""
    url = urlsplit(fake.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    if key is not None:
        sent["Authorization"] = f"Bearer {key}"
    try:
        connection.request(method, path, body=urlencode(form) if form else None, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("key, message", [
    (None, "You did not provide an API key"), ("sk_test_wrong", "Invalid API Key provided")])
def test_requests_without_the_right_key_get_stripes_401(fake_stripe, key, message):
    status, _, body = raw_request(fake_stripe, "GET", "/v1/checkout/sessions/cs_test_x", key=key)
    assert status == 401
    error = json.loads(body)["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith(message)


def test_unknown_urls_and_parameters_are_refused(fake_stripe):
    status, _, body = raw_request(fake_stripe, "GET", "/v1/customers")
    assert (status, json.loads(body)["error"]["message"]) == (
        404, "Unrecognized request URL (GET: /v1/customers).")
    status, _, body = raw_request(fake_stripe, "POST", "/v1/refunds",
                                  form={"payment_intent": "pi_x", "charge_everything": "yes"})
    assert status == 400
    assert json.loads(body)["error"] == {
        "type": "invalid_request_error", "param": "charge_everything",
        "message": "Received unknown parameter: charge_everything"}


def test_bracket_parameters_are_read_as_stripe_reads_them(fake_stripe):
    form = {"mode": "payment", "line_items[0][quantity]": "2",
            "line_items[0][price_data][currency]": "idr",
            "line_items[0][price_data][unit_amount]": "4500000",
            "line_items[0][price_data][product_data][name]": "Madu hutan Kapuas Hulu",
            "line_items[1][quantity]": "1", "line_items[1][price_data][currency]": "idr",
            "line_items[1][price_data][unit_amount]": "1000000",
            "line_items[1][price_data][product_data][name]": "Lada Sambas",
            "metadata[reference]": "SNT-1", "expires_at": str(int(time.time()) + 3600)}
    status, headers, body = raw_request(fake_stripe, "POST", "/v1/checkout/sessions", form=form)
    session = json.loads(body)
    assert status == 200
    assert (session["amount_total"], session["currency"]) == (10_000_000, "idr")
    assert session["metadata"] == {"reference": "SNT-1"}
    assert headers["Stripe-Version"] == gateway.API_VERSION
    assert headers["Request-Id"].startswith("req_")


def test_a_repeated_key_replays_the_first_answer_even_after_changes(fake_stripe):
    form = {"payment_intent": "pi_unknown"}
    key = {"Idempotency-Key": "same"}
    status, _, _ = raw_request(fake_stripe, "POST", "/v1/refunds", form=form, headers=key)
    assert status == 400  # failed validation is not remembered, as at Stripe
    session = open_session()
    first = raw_request(fake_stripe, "POST", f"/v1/checkout/sessions/{session.id}/expire",
                        headers=key)
    again = raw_request(fake_stripe, "POST", f"/v1/checkout/sessions/{session.id}/expire",
                        headers=key)
    assert first[0] == again[0] == 200
    assert json.loads(first[2]) == json.loads(again[2])
    assert again[1]["Idempotent-Replayed"] == "true"
    status, _, body = raw_request(fake_stripe, "POST", "/v1/refunds", form=form, headers=key)
    assert (status, json.loads(body)["error"]["type"]) == (400, "idempotency_error")


def test_webhooks_are_signed_as_the_stripe_library_signs_them(fake_stripe):
    event = fake_stripe.make_event("charge.refunded", {"id": "ch_1", "object": "charge"})
    signed_at = int(time.time()) - 5
    body, headers = fake_stripe.build_delivery(event, timestamp=signed_at)
    assert json.loads(body) == event
    assert headers["Stripe-Signature"] == stripe.WebhookSignature.generate_signature_header(
        body.decode(), fake_stripe.webhook_secret, timestamp=signed_at)
    assert event["api_version"] == gateway.API_VERSION
    assert (event["object"], event["livemode"]) == ("event", False)


class Receiver(ThreadingHTTPServer):
    """A stand-in for the store's webhook endpoint: keeps what it is sent, answers 200."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((body, self.headers["Stripe-Signature"]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/webhook"


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_send_event_delivers_new_and_replayed_events(fake_stripe, receiver):
    assert fake_stripe.send_event(receiver.url, "checkout.session.expired", {"id": "cs_1"}) == 200
    assert fake_stripe.deliver(receiver.url, fake_stripe.last_event()) == 200
    (first, _), (again, _) = receiver.received
    assert first == again


def test_the_hosted_page_pays_then_reports_to_the_store(fake_stripe, receiver):
    fake_stripe.webhook_url = receiver.url
    session = open_session()
    path = urlsplit(session.url).path

    status, _, page = raw_request(fake_stripe, "GET", path, key=None)
    assert status == 200
    assert "Rp150.000" in page.decode() and "Selendang tenun ikat" in page.decode()

    status, headers, _ = raw_request(fake_stripe, "POST", path, key=None, form={"action": "pay"})
    assert status == 303
    assert headers["Location"] == (
        f"http://127.0.0.1:5000/orders/{REFERENCE}?session={session.id}")
    [(body, signature)] = receiver.received
    event = gateway.parse_webhook(body, signature)
    assert event.type == "checkout.session.completed"
    assert (event.object["id"], event.object["payment_status"]) == (session.id, "paid")

    status, _, page = raw_request(fake_stripe, "POST", path, key=None, form={"action": "pay"})
    assert status == 200 and "complete" in page.decode()  # paying twice does nothing
    assert len(receiver.received) == 1


def test_cancel_on_the_hosted_page_leaves_the_session_open(fake_stripe):
    session = open_session()
    status, headers, _ = raw_request(fake_stripe, "POST", urlsplit(session.url).path, key=None,
                                     form={"action": "cancel"})
    assert (status, headers["Location"]) == (303, f"http://127.0.0.1:5000/orders/{REFERENCE}")
    assert gateway.retrieve_checkout_session(session.id).status == "open"


def test_the_fake_refuses_to_load_in_production():
    result = subprocess.run(
        [sys.executable, "-c", "import marketplace.dev.fake_stripe"], check=False,
        cwd=PROJECT_ROOT,
        env={"SENTRA_CONFIG": "production", "PATH": "/usr/bin:/bin"}, capture_output=True,
        text=True, timeout=60)
    assert result.returncode != 0
    assert "the fake Stripe server is for development and tests only" in result.stderr
