"""A small fake of the Stripe API, for tests and local development only.

It answers the few requests `gateway.py` makes, as Stripe's API reference describes them, in
the shape of the API version the installed `stripe` library pins: form-encoded bodies with
bracket keys, Bearer keys checked, Stripe's error objects, idempotent POSTs. It also plays
Stripe's side of a payment: `complete_session` (what a buyer's payment does), events kept in
`events`, and webhooks signed exactly as Stripe signs them. The HTTP side (and a hosted
checkout page to click through locally) lives in `server.py`, the API's checks in `api.py`; what
it shares with the Xendit stand-in (serving, pages, sending webhooks, replays) in `dev/stand_in.py`.

    python -m marketplace.dev.fake_stripe --webhook-url http://127.0.0.1:5000/<webhook>

`make run` starts it so in development (see the Makefile); the development store then uses it
whenever no STRIPE_* setting is given (marketplace/config.py).
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import logging
import os
import re
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from marketplace import config, money
from marketplace.dev import stand_in
from marketplace.dev.fake_stripe import api
from marketplace.dev.fake_stripe.api import ApiError
from marketplace.dev.fake_stripe.server import Handler
from marketplace.payments.gateway import API_VERSION

if os.environ.get("SENTRA_CONFIG") == "production":
    raise RuntimeError("the fake Stripe server is for development and tests only")

log = logging.getLogger(__name__)

# What the development store uses when no STRIPE_* is set (marketplace/config.py).
TEST_API_KEY = config.FAKE_STRIPE_SECRET_KEY
TEST_WEBHOOK_SECRET = config.FAKE_STRIPE_WEBHOOK_SECRET
# Stripe's own floor is about USD 0.50 in the settlement currency; Rp5.000 stands in for it.
MINIMUM_CHARGE_IDR_MINOR = 500_000


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]  # flat, as sent: "line_items[0][price_data][unit_amount]": "15000000"
    headers: dict[str, str]  # lower-case names


class FakeStripe(stand_in.LoopbackServer):
    handler = Handler
    thread_name = "fake-stripe"
    not_started = "start the fake Stripe server first"

    def __init__(self, *, api_key: str = TEST_API_KEY, webhook_secret: str = TEST_WEBHOOK_SECRET,
                 webhook_url: str | None = None, host: str = "127.0.0.1", port: int = 0,
                 minimum_charge_idr_minor: int = MINIMUM_CHARGE_IDR_MINOR) -> None:
        super().__init__(host=host, port=port)
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url  # where the hosted page sends checkout.session.completed
        self.minimum_charge_idr_minor = minimum_charge_idr_minor
        self.requests: list[RecordedRequest] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.disputes: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._payments: dict[str, dict[str, Any]] = {}  # by payment intent id
        self._replays = stand_in.Replays()
        self._failures: list[int] = []
        # Tests: deliver charge.refunded here before answering POST /v1/refunds (a webhook
        # that overtakes the API's answer).
        self.refund_events_to: str | None = None
        self._lock = threading.RLock()

    # -- the server (start, stop, base_url: stand_in.LoopbackServer) ------------------------

    def fail_next(self, count: int = 1, status: int = 500) -> None:
        """Answer the next `count` API requests with `status` (the library retries 5xx)."""
        with self._lock:
            self._failures.extend([status] * count)

    # -- the API ---------------------------------------------------------------------------

    def handle_api(self, method: str, path: str, params: dict[str, str],
                   headers: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
        """One API request: (status, JSON body, extra headers)."""
        with self._lock:
            self.requests.append(RecordedRequest(method, path, dict(params), dict(headers)))
            if self._failures:
                status = self._failures.pop(0)
                return status, {"error": {"type": "api_error", "message": "Injected failure."}}, {}
            try:
                self._authenticate(headers.get("authorization", ""))
                handler, args = self._route(method, path)
                key = headers.get("idempotency-key") if method == "POST" else None
                fingerprint = (method, path, tuple(sorted(params.items())))
                try:
                    body = self._replays.replay(key, fingerprint) if key else None
                except stand_in.KeyReused:
                    raise ApiError(400, "Keys for idempotent requests can only be used with the "
                                   "same parameters they were first used with. Try using a key "
                                   f"other than '{key}' if you meant to execute a different "
                                   "request.", type="idempotency_error") from None
                if body is not None:
                    return 200, body, {"Idempotent-Replayed": "true", "Idempotency-Key": key}
                body = handler(api.decode_form(params), *args)
                if key:  # Stripe keeps results of requests that ran, not of failed validation
                    self._replays.keep(key, fingerprint, body)
                return 200, body, {"Idempotency-Key": key} if key else {}
            except ApiError as error:
                return error.status, {"error": error.error}, {}

    def _authenticate(self, authorization: str) -> None:
        if not authorization.startswith("Bearer ") or not authorization[7:].strip():
            raise ApiError(401, "You did not provide an API key. You need to provide your API key "
                           "in the Authorization header, using Bearer auth (e.g. 'Authorization: "
                           "Bearer YOUR_SECRET_KEY').")
        if not hmac.compare_digest(authorization[7:].strip(), self.api_key):
            raise ApiError(401, f"Invalid API Key provided: {authorization[7:15]}****")

    def _route(self, method: str, path: str) -> tuple[Any, tuple[str, ...]]:
        routes = (
            ("POST", r"/v1/checkout/sessions", self._create_session),
            ("GET", r"/v1/checkout/sessions/([^/]+)", self._retrieve_session),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", self._expire_session),
            ("POST", r"/v1/refunds", self._create_refund),
        )
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return handler, match.groups()
        raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, p: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        checked = api.checked_session(p, now=now, minimum_idr_minor=self.minimum_charge_idr_minor)
        session_id = api.new_id("cs_test")
        self.sessions[session_id] = api.session_object(
            session_id, p, checked, created=now, url=f"{self.base_url}/pay/{session_id}")
        return api.snapshot(self.sessions[session_id])

    def _retrieve_session(self, p: dict[str, Any], session_id: str) -> dict[str, Any]:
        api.known(p, set(), None)
        return api.snapshot(self._session(session_id))

    def _expire_session(self, p: dict[str, Any], session_id: str) -> dict[str, Any]:
        api.known(p, set(), None)
        session = self._session(session_id)
        if session["status"] != "open":
            raise ApiError(400, 'Only Checkout Sessions with a status in ["open"] can be '
                           f"expired. This session has status \"{session['status']}\".")
        self._close(session, "expired", "checkout.session.expired")
        return api.snapshot(session)

    def _create_refund(self, p: dict[str, Any]) -> dict[str, Any]:
        api.known(p, api.REFUND_PARAMS, None)
        intent = p.get("payment_intent")
        if not intent:
            raise ApiError(400, "One of the following params should be provided for this "
                           "request: payment_intent or charge.", param="payment_intent")
        payment = self._payments.get(intent)
        if payment is None:
            raise ApiError(400, f"No such payment_intent: '{intent}'", param="payment_intent",
                           code="resource_missing")
        amount = api.checked_refund_amount(p, payment)
        payment["refunded"] += amount
        refund = api.refund_object(p, payment, amount=amount, created=int(time.time()))
        self.refunds[refund["id"]] = refund
        self.make_event("refund.created", refund)
        reported = self.make_event("charge.refunded", api.charge_object(payment))
        if self.refund_events_to:
            self.deliver(self.refund_events_to, reported)
        return api.snapshot(refund)

    def _session(self, session_id: str) -> dict[str, Any]:
        session = self.sessions.get(session_id)
        if session is None:
            raise ApiError(404, f"No such checkout.session: '{session_id}'", param="session",
                           code="resource_missing")
        if session["status"] == "open" and time.time() >= session["expires_at"]:
            self._close(session, "expired", "checkout.session.expired")
        return session

    def _close(self, session: dict[str, Any], status: str, event_type: str) -> dict[str, Any]:
        session.update(status=status, url=None)
        return self.make_event(event_type, session)

    # -- Stripe's side of a payment (test and development controls) -------------------------

    def complete_session(self, session_id: str, *, async_payment: bool = False) -> dict[str, Any]:
        """The buyer paid (or, `async_payment`, started a delayed payment such as a bank
        transfer): the session completes. Returns the checkout.session.completed event."""
        with self._lock:
            session = self._open_session(session_id)
            intent, charge = api.new_id("pi"), api.new_id("ch")
            self._payments[intent] = {
                "intent": intent, "charge": charge, "amount": session["amount_total"], "refunded": 0,
                "currency": session["currency"], "paid": not async_payment,
                "created": int(time.time()), "session": session_id}
            session.update(payment_intent=intent,
                           payment_status="unpaid" if async_payment else "paid",
                           customer_details={"email": session["customer_email"], "name": None,
                                             "phone": None, "address": None, "tax_exempt": "none",
                                             "tax_ids": []})
            return self._close(session, "complete", "checkout.session.completed")

    def settle_async_payment(self, session_id: str, *, succeeded: bool = True) -> dict[str, Any]:
        """A delayed payment of a completed session arrives (or fails). Returns the event."""
        with self._lock:
            session = self._session_or_error(session_id)
            if session["status"] != "complete" or session["payment_status"] != "unpaid":
                raise ValueError(f"{session_id} has no delayed payment waiting")
            if succeeded:
                session["payment_status"] = "paid"
                self._payments[session["payment_intent"]]["paid"] = True
            suffix = "succeeded" if succeeded else "failed"
            return self.make_event(f"checkout.session.async_payment_{suffix}", session)

    def open_dispute(self, payment_intent: str, *, reason: str = "fraudulent",
                     amount_idr_minor: int | None = None) -> dict[str, Any]:
        """The card holder disputes the payment: Stripe takes the amount back from the
        platform's balance and reports charge.dispute.created. Returns the event."""
        with self._lock:
            payment = self._payments[payment_intent]
            dispute = api.dispute_object(
                payment, amount=payment["amount"] if amount_idr_minor is None else amount_idr_minor,
                reason=reason, status="needs_response", created=int(time.time()))
            self.disputes[dispute["id"]] = dispute
            return self.make_event("charge.dispute.created", dispute)

    def close_dispute(self, dispute_id: str, *, won: bool) -> dict[str, Any]:
        """The card network decided: charge.dispute.closed with status won or lost."""
        with self._lock:
            dispute = self.disputes[dispute_id]
            dispute["status"] = "won" if won else "lost"
            return self.make_event("charge.dispute.closed", dispute)

    def dashboard_refund(self, payment_intent: str, *, amount_idr: int) -> dict[str, Any]:
        """Someone refunds `amount_idr` rupiah of a payment in Stripe's dashboard (not through
        the store's API call): Stripe reports charge.refunded. Returns that event."""
        with self._lock:
            payment = self._payments[payment_intent]
            amount = money.to_gateway_units(amount_idr, money.STRIPE)
            api.checked_refund_amount({"amount": str(amount)}, payment)
            payment["refunded"] += amount
            refund = api.refund_object({}, payment, amount=amount, created=int(time.time()))
            self.refunds[refund["id"]] = refund
            self.make_event("refund.created", refund)
            return self.make_event("charge.refunded", api.charge_object(payment))

    def charge(self, payment_intent: str) -> dict[str, Any]:
        """The charge of a payment, shaped as Stripe's (as sent with charge.refunded)."""
        with self._lock:
            return api.charge_object(self._payments[payment_intent])

    def _open_session(self, session_id: str) -> dict[str, Any]:
        session = self._session_or_error(session_id)
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        return session

    def _session_or_error(self, session_id: str) -> dict[str, Any]:
        try:
            return self._session(session_id)
        except ApiError as error:
            raise KeyError(session_id) from error

    # -- events and webhooks -----------------------------------------------------------------

    def make_event(self, event_type: str, data_object: dict[str, Any]) -> dict[str, Any]:
        """A Stripe event around a snapshot of `data_object`, kept in `events`."""
        event = {
            "id": api.new_id("evt"), "object": "event", "api_version": API_VERSION,
            "created": int(time.time()), "data": {"object": api.snapshot(data_object)},
            "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": event_type,
        }
        with self._lock:
            self.events.append(event)
        return event

    def last_event(self, event_type: str | None = None) -> dict[str, Any]:
        with self._lock:
            return next(e for e in reversed(self.events) if event_type in (None, e["type"]))

    def signature_header(self, payload: bytes, *, secret: str | None = None,
                         timestamp: int | None = None) -> str:
        """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`, as Stripe signs."""
        signed_at = int(time.time()) if timestamp is None else int(timestamp)
        key = (self.webhook_secret if secret is None else secret).encode()
        digest = hmac.new(key, f"{signed_at}.".encode() + payload, hashlib.sha256).hexdigest()
        return f"t={signed_at},v1={digest}"

    def build_delivery(self, event: dict[str, Any], *, secret: str | None = None,
                       timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
        """The body and headers of a webhook delivery (for a Flask test client, say).
        The same event always gives the same bytes; a replay is signed anew, as Stripe does."""
        body = json.dumps(event, indent=2).encode()
        return body, {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": self.signature_header(body, secret=secret, timestamp=timestamp),
        }

    def deliver(self, webhook_url: str, event: dict[str, Any], *, secret: str | None = None,
                timestamp: int | None = None) -> int:
        """POST a (new or replayed) event to `webhook_url`; the HTTP status it answered."""
        body, headers = self.build_delivery(event, secret=secret, timestamp=timestamp)
        return stand_in.post(webhook_url, body, headers)

    def send_event(self, webhook_url: str, event_type: str, data_object: dict[str, Any], *,
                   secret: str | None = None, timestamp: int | None = None) -> int:
        """A new event, signed (with another `secret` or an old `timestamp` to test refusals)
        and delivered; replay it with `deliver(url, fake.last_event())`."""
        return self.deliver(webhook_url, self.make_event(event_type, data_object), secret=secret,
                            timestamp=timestamp)


def main(argv: list[str] | None = None) -> None:
    """Serve the fake until interrupted (Ctrl-C, or SIGTERM from `make run`'s trap)."""
    parser = argparse.ArgumentParser(prog="python -m marketplace.dev.fake_stripe",
                                     description="A fake Stripe API for local development.")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("FAKE_STRIPE_PORT") or config.FAKE_STRIPE_PORT))
    parser.add_argument("--webhook-url", default=os.environ.get("FAKE_STRIPE_WEBHOOK_URL"),
                        help="where the hosted page sends checkout.session.completed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="fake-stripe: %(message)s")
    try:
        fake = FakeStripe(port=args.port, webhook_url=args.webhook_url).start()
    except OSError as error:
        raise SystemExit(f"fake-stripe: cannot listen on 127.0.0.1:{args.port}: {error.strerror}"
                         " (FAKE_STRIPE_PORT=... picks another port)") from None
    print(f"fake-stripe: test mode, no card is charged. Listening on {fake.base_url}; paid "
          f"sessions are reported to {fake.webhook_url or 'nobody (no --webhook-url)'}.\n"
          f"fake-stripe: the development store uses it when no STRIPE_* is set; elsewhere set\n"
          f"  STRIPE_SECRET_KEY={fake.api_key} STRIPE_WEBHOOK_SECRET={fake.webhook_secret} "
          f"STRIPE_API_BASE={fake.base_url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()

