"""Stripe Checkout, refunds and webhooks behind a few small functions.

The only module that imports `stripe`. It takes a reference, whole rupiah and URLs, and answers
with plain dataclasses; every Stripe exception becomes one of `errors.py`. It knows nothing of
orders: `orders` decides what a session or an event means.
"""
from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import stripe
from flask import current_app

from marketplace import money
from marketplace.payments import webhooks
from marketplace.payments.errors import (
    AmountOutOfRange,
    GatewayError,
    InvalidWebhook,
    PaymentDeclined,
    PaymentError,
)
from marketplace.timeutil import utcnow

# The API version every request is sent with and every answer is shaped by (the fake follows it).
API_VERSION: str = stripe.api_version
# On by default in stripe-python 16: it writes ~/.config/stripe/telemetry_id and sends the
# machine's platform string with every request. A marketplace server has no use for either.
stripe.enable_telemetry = False

MAX_NETWORK_RETRIES = 2
TIMEOUT_SECONDS = (10, 30)  # connect, read; the library's default is 80 s, too long for a buyer
EXPIRY_MINUTES_RANGE = (30, 24 * 60)  # what Stripe accepts for a Checkout Session's expires_at

T = TypeVar("T")


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str | None  # None once the session is complete or expired
    expires_at: datetime  # naive UTC
    payment_intent: str | None  # set when the buyer has paid (or started a delayed payment)
    status: str  # "open", "complete", "expired"
    payment_status: str  # "unpaid", "paid", "no_payment_required"
    amount_total_idr: int
    reference: str | None  # our client_reference_id


@dataclass(frozen=True)
class Refund:
    id: str
    amount_idr: int
    status: str  # "succeeded", "pending", "requires_action", "failed", "canceled"


def is_enabled() -> bool:
    """Card payments can be offered: a key to call Stripe and a secret to trust its webhooks
    (without the second a payment could never be confirmed)."""
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def is_test_mode() -> bool:
    """Card payments go to a test account (Stripe's test mode, or the local fake): buyers are
    told that nothing is charged. Stripe's test keys start with sk_test_ (restricted: rk_test_)."""
    key = current_app.config.get("STRIPE_SECRET_KEY") or ""
    return key.startswith(("sk_test_", "rk_test_"))


def create_checkout_session(*, reference: str, amount_idr: int, description: str,
                            customer_email: str | None, success_url: str, cancel_url: str,
                            idempotency_key: str, expires_in_minutes: int,
                            started_at: datetime | None = None) -> CheckoutSession:
    """A hosted Checkout page for one payment of `amount_idr` rupiah.

    `started_at` (naive UTC, default now) anchors `expires_at`: pass the same value when
    retrying with the same idempotency key, because Stripe refuses a key reused with different
    parameters. Raises AmountOutOfRange before any request when the amount cannot be charged.
    """
    minor_units = _charge_minor_units(amount_idr)
    low, high = EXPIRY_MINUTES_RANGE
    if not low <= expires_in_minutes <= high:
        raise ValueError(f"Stripe Checkout sessions expire {low} to {high} minutes after creation")
    expires_at = (started_at or utcnow()) + timedelta(minutes=expires_in_minutes)
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [{
            "quantity": 1,
            "price_data": {
                "currency": "idr",
                "unit_amount": minor_units,
                "product_data": {"name": description[:250]},
            },
        }],
        "client_reference_id": reference,
        "metadata": {"reference": reference},
        "success_url": success_url,
        "cancel_url": cancel_url,
        # An int, not a datetime: the library turns a naive datetime into local time.
        "expires_at": calendar.timegm(expires_at.timetuple()),
    }
    if customer_email:
        params["customer_email"] = customer_email
    with _client() as client:
        session = _call("create a checkout session", lambda: client.v1.checkout.sessions.create(
            params, _idempotent(idempotency_key)))
    return _checkout_session(session)


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    with _client() as client:
        session = _call("retrieve a checkout session",
                        lambda: client.v1.checkout.sessions.retrieve(session_id))
    return _checkout_session(session)


def expire_checkout_session(session_id: str) -> CheckoutSession:
    """Close an open session so it can no longer be paid; PaymentError if it is not open."""
    with _client() as client:
        session = _call("expire a checkout session",
                        lambda: client.v1.checkout.sessions.expire(session_id))
    return _checkout_session(session)


def create_refund(*, payment_intent: str, amount_idr: int | None,
                  idempotency_key: str) -> Refund:
    """Refund `amount_idr` rupiah of a payment, or all that is left of it when None."""
    params: dict[str, Any] = {"payment_intent": payment_intent}
    if amount_idr is not None:
        params["amount"] = _refund_minor_units(amount_idr)
    with _client() as client:
        refund = _call("create a refund", lambda: client.v1.refunds.create(
            params, _idempotent(idempotency_key)))
    data = _answer(refund)
    try:
        if data["object"] != "refund" or data["currency"] != "idr":
            raise ValueError(f"not an IDR refund: {data['object']} in {data['currency']}")
        return Refund(id=_text(data, "id"), amount_idr=money.from_stripe_amount(data["amount"]),
                      status=_text(data, "status"))
    except (KeyError, TypeError, ValueError) as exc:
        raise GatewayError(f"Stripe answered a refund in an unexpected shape: {exc!r}") from exc


def parse_webhook(payload: bytes, signature_header: str | None) -> webhooks.WebhookEvent:
    """Verify a webhook's `Stripe-Signature` over the raw body and read the event.

    Raises InvalidWebhook for a missing, malformed, forged or stale signature, and for a
    correctly signed body that is not a Stripe event of the shape `webhooks.read_event` checks
    (so that nothing malformed reaches the store's handlers); GatewayError when no webhook
    secret is configured.
    """
    config = current_app.config
    secret = config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise GatewayError("STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature_header, secret, tolerance=int(config["STRIPE_WEBHOOK_TOLERANCE"]))
        # The library's checks and then plain JSON, as sent: no StripeObject (it would turn
        # decimal strings into Decimal, and walks the whole body recursively).
        return webhooks.read_event(json.loads(payload, parse_constant=_no_constant))
    except stripe.SignatureVerificationError as exc:
        raise InvalidWebhook(exc.user_message or "invalid signature") from None
    # Bytes that are not UTF-8 or not JSON, JSON nested deeper than the parser goes
    # (RecursionError), and JSON that is no event of the expected shape (MalformedEvent).
    except (ValueError, RecursionError) as exc:
        raise InvalidWebhook(f"not a Stripe event: {exc!r}"[:300]) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python's json would take them


def _charge_minor_units(amount_idr: int) -> int:
    _require_int(amount_idr)
    minimum = int(current_app.config["STRIPE_MIN_AMOUNT_IDR"])
    if amount_idr < minimum:
        raise AmountOutOfRange(amount_idr, minimum_idr=minimum, too_small=True)
    try:
        return money.to_stripe_amount(amount_idr)
    except money.InvalidAmount:
        raise AmountOutOfRange(amount_idr, minimum_idr=minimum, too_small=False) from None


def _refund_minor_units(amount_idr: int) -> int:
    _require_int(amount_idr)
    if amount_idr < 1:
        raise AmountOutOfRange(amount_idr, minimum_idr=1, too_small=True)
    try:
        return money.to_stripe_amount(amount_idr)
    except money.InvalidAmount:
        raise AmountOutOfRange(amount_idr, minimum_idr=1, too_small=False) from None


def _idempotent(key: str) -> stripe.RequestOptions:
    # An empty key would silently become a random one (the library's default for every POST).
    if not key or len(key) > 255:
        raise ValueError("an idempotency key has 1 to 255 characters")
    return {"idempotency_key": key}


def _require_int(amount_idr: object) -> None:
    if not isinstance(amount_idr, int) or isinstance(amount_idr, bool):
        raise TypeError(f"rupiah amounts are int, not {type(amount_idr).__name__}")


@contextmanager
def _client() -> Iterator[stripe.StripeClient]:
    """A client for one call, closed after it: no connection outlives the request."""
    config = current_app.config
    api_key = config.get("STRIPE_SECRET_KEY")
    if not api_key:
        raise GatewayError("STRIPE_SECRET_KEY is not set: card payments are off")
    base = config.get("STRIPE_API_BASE")
    http_client = stripe.RequestsClient(timeout=TIMEOUT_SECONDS)
    try:
        yield stripe.StripeClient(
            api_key,
            base_addresses={"api": base} if base else None,
            max_network_retries=MAX_NETWORK_RETRIES,
            http_client=http_client,
        )
    finally:
        http_client.close()


def _call(action: str, request: Callable[[], T]) -> T:
    try:
        return request()
    except stripe.CardError as exc:
        raise PaymentDeclined(_message(exc), code=exc.code) from exc
    except (stripe.InvalidRequestError, stripe.IdempotencyError) as exc:
        raise PaymentError(_message(exc), code=exc.code) from exc
    except stripe.StripeError as exc:
        # Connection errors, 5xx after the retries, a bad key, rate limits, unreadable answers.
        current_app.logger.warning("Stripe failed to %s: %r", action, exc)
        raise GatewayError(f"Stripe failed to {action}: {_message(exc)}") from exc


def _message(exc: stripe.StripeError) -> str:
    return exc.user_message or type(exc).__name__


def _answer(stripe_object: Any) -> dict[str, Any]:
    try:
        return stripe_object.to_dict()
    except AttributeError as exc:
        raise GatewayError(f"Stripe answered {type(stripe_object).__name__}") from exc


def _checkout_session(stripe_object: Any) -> CheckoutSession:
    data = _answer(stripe_object)
    try:
        if data["object"] != "checkout.session" or data["currency"] != "idr":
            raise ValueError(f"not an IDR checkout session: {data['object']} in {data['currency']}")
        payment_intent = data.get("payment_intent")
        if isinstance(payment_intent, dict):  # when expanded
            payment_intent = payment_intent["id"]
        return CheckoutSession(
            id=_text(data, "id"),
            url=data.get("url"),
            expires_at=datetime.fromtimestamp(int(data["expires_at"]), UTC).replace(tzinfo=None),
            payment_intent=payment_intent,
            status=_text(data, "status"),
            payment_status=_text(data, "payment_status"),
            amount_total_idr=money.from_stripe_amount(data["amount_total"]),
            reference=data.get("client_reference_id"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GatewayError(f"Stripe answered a checkout session in an unexpected shape: {exc!r}"
                           ) from exc


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is {value!r}")
    return value
