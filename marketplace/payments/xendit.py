"""Xendit payment requests (QRIS, virtual accounts, e-wallets, retail outlets), refunds and
callbacks behind a few small functions.

The only module that imports `xendit` (the official SDK, `xendit-python`). Like `gateway.py`
for Stripe it takes a reference, whole rupiah and an expiry, answers with plain dataclasses,
turns every SDK exception into one of `errors.py`, and knows nothing of orders.

Why Xendit: its SDK takes `xendit.Configuration(host=...)`, so the tests and `make run` point
it at the project's stand-in (`marketplace/dev/fake_xendit/`); Midtrans' `midtransclient`
hard-codes its base URLs as class constants. Xendit also serves Malaysia and the Philippines.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import urllib3
import xendit
from flask import current_app
from xendit.apis import PaymentRequestApi, RefundApi
from xendit.payment_request.model.e_wallet_channel_code import EWalletChannelCode
from xendit.payment_request.model.e_wallet_channel_properties import EWalletChannelProperties
from xendit.payment_request.model.e_wallet_parameters import EWalletParameters
from xendit.payment_request.model.over_the_counter_channel_code import OverTheCounterChannelCode
from xendit.payment_request.model.over_the_counter_channel_properties import (
    OverTheCounterChannelProperties,
)
from xendit.payment_request.model.over_the_counter_parameters import OverTheCounterParameters
from xendit.payment_request.model.payment_method_parameters import PaymentMethodParameters
from xendit.payment_request.model.payment_method_reusability import PaymentMethodReusability
from xendit.payment_request.model.payment_method_type import PaymentMethodType
from xendit.payment_request.model.payment_request_currency import PaymentRequestCurrency
from xendit.payment_request.model.payment_request_parameters import PaymentRequestParameters
from xendit.payment_request.model.qr_code_channel_code import QRCodeChannelCode
from xendit.payment_request.model.qr_code_channel_properties import QRCodeChannelProperties
from xendit.payment_request.model.qr_code_parameters import QRCodeParameters
from xendit.payment_request.model.virtual_account_channel_code import VirtualAccountChannelCode
from xendit.payment_request.model.virtual_account_channel_properties import (
    VirtualAccountChannelProperties,
)
from xendit.payment_request.model.virtual_account_parameters import VirtualAccountParameters
from xendit.refund.model.create_refund import CreateRefund

from marketplace import money
from marketplace.payments.errors import AmountOutOfRange, GatewayError, InvalidWebhook, PaymentError

TIMEOUT_SECONDS = (10, 30)  # connect, read
MAX_ID_LENGTH = 255
MAX_TEXT_LENGTH = 500
MAX_CALLBACK_BYTES = 64 * 1024

T = TypeVar("T")


@dataclass(frozen=True)
class Channel:
    """One way to pay through Xendit: the kind of payment method and its channel code."""

    key: str  # ours, as stored on the order and in settings: "qris", "va_bca", "ewallet_ovo"...
    kind: str  # Xendit's payment method type
    code: str  # Xendit's channel code
    label: str  # the brand as people know it (not translated)
    minimum_idr: int  # Xendit's smallest payment for the channel (its price list, 2026)
    maximum_idr: int
    refundable: bool  # Xendit can send the money back itself (VA and retail cannot)


QR, VA, EWALLET, OTC = "QR_CODE", "VIRTUAL_ACCOUNT", "EWALLET", "OVER_THE_COUNTER"
CHANNELS: dict[str, Channel] = {c.key: c for c in (
    Channel("qris", QR, "QRIS", "QRIS", 1_500, 10_000_000, True),
    # GoPay: xendit-python 7.0.0's payment requests (v2) have no GOPAY e-wallet code (Xendit
    # offers GOPAY only through its newer v3 Payments API); GoPay's app pays any QRIS code,
    # so a buyer who chooses GoPay pays a QRIS payment request, scanned in GoPay.
    Channel("gopay_qris", QR, "QRIS", "GoPay", 1_500, 10_000_000, True),
    Channel("va_bca", VA, "BCA", "BCA", 10_000, 50_000_000, False),
    Channel("va_bni", VA, "BNI", "BNI", 10_000, 50_000_000, False),
    Channel("va_bri", VA, "BRI", "BRI", 10_000, 50_000_000, False),
    Channel("va_mandiri", VA, "MANDIRI", "Mandiri", 10_000, 50_000_000, False),
    Channel("va_permata", VA, "PERMATA", "Permata", 10_000, 50_000_000, False),
    Channel("ewallet_ovo", EWALLET, "OVO", "OVO", 100, 20_000_000, True),
    Channel("ewallet_dana", EWALLET, "DANA", "DANA", 100, 20_000_000, True),
    Channel("ewallet_shopeepay", EWALLET, "SHOPEEPAY", "ShopeePay", 100, 20_000_000, True),
    Channel("ewallet_linkaja", EWALLET, "LINKAJA", "LinkAja", 100, 20_000_000, True),
    Channel("otc_alfamart", OTC, "ALFAMART", "Alfamart", 10_000, 5_000_000, False),
    Channel("otc_indomaret", OTC, "INDOMARET", "Indomaret", 10_000, 5_000_000, False),
)}


@dataclass(frozen=True)
class Payment:
    """A Xendit payment request, as the store needs it."""

    id: str  # "pr-..."
    reference: str
    channel: str  # our key
    status: str  # PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, EXPIRED, CANCELED...
    amount_idr: int
    qr_string: str | None = None
    account_number: str | None = None  # a virtual account's number
    payment_code: str | None = None  # what the retail cashier types in
    redirect_url: str | None = None  # where an e-wallet asks the buyer to approve
    expires_at: datetime | None = None  # naive UTC


@dataclass(frozen=True)
class Refund:
    id: str
    amount_idr: int
    status: str  # SUCCEEDED, PENDING, FAILED


@dataclass(frozen=True)
class Callback:
    """A verified callback's fields, checked."""

    id: str  # for the store's processed events: unique per delivery of one event
    event: str  # "payment.succeeded", "payment.failed", "refund.succeeded"...
    object_id: str  # the payment's or the refund's own id ("py-...", "rfd-...")
    payment_request_id: str | None
    reference: str | None
    status: str
    amount_idr: int | None  # None: not whole rupiah or not IDR (never acted on)
    channel: str | None  # our key when the callback names a channel we know
    created: datetime  # naive UTC


def is_enabled() -> bool:
    """Xendit can be offered: a key to call it and a token to trust its callbacks."""
    config = current_app.config
    return bool(config.get("XENDIT_SECRET_KEY") and config.get("XENDIT_CALLBACK_TOKEN"))


def is_test_mode() -> bool:
    key = current_app.config.get("XENDIT_SECRET_KEY") or ""
    return key.startswith("xnd_development_")


def simulator_url(payment_request_id: str | None) -> str | None:
    """In test mode against the local stand-in, its page that pays a payment as the buyer's
    bank or wallet would (nobody can scan a test QR code with a real app); None otherwise."""
    base = current_app.config.get("XENDIT_API_BASE")
    if not (payment_request_id and base and is_test_mode()):
        return None
    return f"{base.rstrip('/')}/pay/{payment_request_id}"


def check_amount(channel: Channel, amount_idr: int) -> None:
    """AmountOutOfRange when the channel cannot take the amount."""
    if amount_idr < channel.minimum_idr:
        raise AmountOutOfRange(amount_idr, minimum_idr=channel.minimum_idr, too_small=True)
    if amount_idr > channel.maximum_idr:
        raise AmountOutOfRange(amount_idr, minimum_idr=channel.minimum_idr, too_small=False)


def create_payment(*, channel: str, reference: str, amount_idr: int, expires_at: datetime,
                   customer_name: str, return_url: str, idempotency_key: str,
                   mobile_number: str | None = None) -> Payment:
    """Ask Xendit for a one-time payment of `amount_idr` rupiah through `channel`, payable
    until `expires_at` (naive UTC). The same `idempotency_key` gets the same payment back."""
    chosen = _channel(channel)
    check_amount(chosen, amount_idr)
    units = money.to_gateway_units(amount_idr, money.XENDIT)
    expires = expires_at.replace(tzinfo=UTC)
    name = (customer_name or "Sentra")[:50]
    idr = PaymentRequestCurrency("IDR")
    method: dict[str, Any] = {"type": PaymentMethodType(chosen.kind),
                              "reusability": PaymentMethodReusability("ONE_TIME_USE"),
                              "reference_id": reference}
    if chosen.kind == QR:
        method["qr_code"] = QRCodeParameters(
            channel_code=QRCodeChannelCode(chosen.code),
            channel_properties=QRCodeChannelProperties(expires_at=expires))
    elif chosen.kind == VA:
        method["virtual_account"] = VirtualAccountParameters(
            channel_code=VirtualAccountChannelCode(chosen.code), amount=units, currency=idr,
            channel_properties=VirtualAccountChannelProperties(customer_name=name,
                                                               expires_at=expires))
    elif chosen.kind == OTC:
        method["over_the_counter"] = OverTheCounterParameters(
            channel_code=OverTheCounterChannelCode(chosen.code), amount=units, currency=idr,
            channel_properties=OverTheCounterChannelProperties(customer_name=name,
                                                               expires_at=expires))
    else:
        properties: dict[str, Any] = {"success_return_url": return_url,
                                      "failure_return_url": return_url}
        if chosen.code == "OVO" and mobile_number:
            properties["mobile_number"] = mobile_number
        method["ewallet"] = EWalletParameters(
            channel_code=EWalletChannelCode(chosen.code),
            channel_properties=EWalletChannelProperties(**properties))
    parameters = PaymentRequestParameters(
        currency=idr, amount=units, reference_id=reference,
        payment_method=PaymentMethodParameters(**method), metadata={"reference": reference})
    answer = _call("create a payment", lambda api: api.create_payment_request(
        idempotency_key=_key(idempotency_key), payment_request_parameters=parameters,
        _request_timeout=TIMEOUT_SECONDS), PaymentRequestApi)
    return _payment(answer)


def retrieve_payment(payment_request_id: str) -> Payment:
    answer = _call("read a payment", lambda api: api.get_payment_request_by_id(
        payment_request_id, _request_timeout=TIMEOUT_SECONDS), PaymentRequestApi)
    return _payment(answer)


def create_refund(*, payment_request_id: str, channel: str, amount_idr: int, reference: str,
                  idempotency_key: str) -> Refund:
    """Send `amount_idr` rupiah of a payment back through the channel it came by. Xendit cannot
    do it for virtual accounts and retail outlets: PaymentError("not_refundable"), and the
    store pays those back by bank transfer."""
    if not _channel(channel).refundable:
        raise PaymentError("Xendit cannot refund this channel", code="not_refundable")
    if not isinstance(amount_idr, int) or isinstance(amount_idr, bool) or amount_idr < 1:
        raise AmountOutOfRange(int(amount_idr), minimum_idr=1, too_small=True)
    units = money.to_gateway_units(amount_idr, money.XENDIT)
    body = CreateRefund(payment_request_id=payment_request_id, reference_id=reference,
                        amount=units, currency="IDR", reason="REQUESTED_BY_CUSTOMER")
    answer = _call("create a refund", lambda api: api.create_refund(
        idempotency_key=_key(idempotency_key), create_refund=body,
        _request_timeout=TIMEOUT_SECONDS), RefundApi)
    return _refund(_plain(answer))


def _refund(data: dict[str, Any]) -> Refund:
    try:
        if data.get("currency") != "IDR":
            raise ValueError(f"not an IDR refund: {data.get('currency')!r}")
        return Refund(id=_text(data, "id"),
                      amount_idr=money.from_gateway_units(data["amount"], money.XENDIT),
                      status=_text(data, "status"))
    except (KeyError, TypeError, ValueError) as exc:
        raise GatewayError(f"Xendit answered a refund in an unexpected shape: {exc!r}") from exc


def retrieve_refund(refund_id: str) -> Refund:
    """A refund as Xendit knows it (to confirm a refund callback before acting on it)."""
    answer = _call("read a refund", lambda api: api.get_refund(
        refund_id, _request_timeout=TIMEOUT_SECONDS), RefundApi)
    return _refund(_plain(answer))


def parse_callback(payload: bytes, token: str | None, delivery_id: str | None) -> Callback:
    """Verify a callback's `x-callback-token` (in constant time) and read it.

    `delivery_id` is Xendit's `webhook-id` header, the same on every retry of one event.
    Raises InvalidWebhook for a wrong token or a body that is not a callback we can read;
    GatewayError when no token is configured."""
    expected = current_app.config.get("XENDIT_CALLBACK_TOKEN")
    if not expected:
        raise GatewayError("XENDIT_CALLBACK_TOKEN is not set: callbacks cannot be verified")
    if not token or not hmac.compare_digest(token.encode(), str(expected).encode()):
        raise InvalidWebhook("wrong callback token")
    if len(payload) > MAX_CALLBACK_BYTES:
        raise InvalidWebhook("callback too large")
    try:
        body = json.loads(payload, parse_constant=_no_constant)
        return _callback(body, delivery_id)
    except (ValueError, RecursionError, TypeError, KeyError) as exc:
        raise InvalidWebhook(f"not a Xendit callback: {exc!r}"[:300]) from None


def _callback(body: Any, delivery_id: str | None) -> Callback:
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise ValueError("no data object")
    event = _text(body, "event", maximum=100)
    data = body["data"]
    created = datetime.fromisoformat(_text(body, "created", maximum=40).replace("Z", "+00:00"))
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    status = _text(data, "status", maximum=40)
    amount: int | None = None
    if data.get("currency") == "IDR":
        try:
            amount = money.from_gateway_units(data.get("amount"), money.XENDIT)
        except money.InvalidAmount:
            amount = None
    payment_request_id = _optional(data, "payment_request_id")
    if event.startswith(("payment.", "refund.")) and payment_request_id is None:
        raise ValueError("payment_request_id is missing")
    method = data.get("payment_method")
    channel = _channel_of(method) if isinstance(method, dict) else None
    object_id = _text(data, "id")
    if delivery_id is not None and not (0 < len(delivery_id) <= 200 and "\x00" not in delivery_id):
        raise ValueError("webhook-id is not an id")
    # One event of one object reaches us once per status: Xendit retries with the same
    # webhook-id; without one, the event and the object's id name it.
    event_id = f"xendit:{delivery_id or f'{event}:{object_id}:{status}'}"[:MAX_ID_LENGTH]
    return Callback(id=event_id, event=event, object_id=object_id,
                    payment_request_id=payment_request_id,
                    reference=_optional(data, "reference_id"), status=status, amount_idr=amount,
                    channel=channel, created=created)


def _channel_of(method: dict[str, Any]) -> str | None:
    for part in ("qr_code", "virtual_account", "ewallet", "over_the_counter"):
        code = (method.get(part) or {}).get("channel_code") if isinstance(method.get(part), dict) \
            else None
        if code:
            # The first channel of the kind and code: "qris" for a GoPay buyer's QRIS payment
            # too (the store keeps the buyer's choice on its own record of the payment).
            return next((c.key for c in CHANNELS.values()
                         if c.kind == method.get("type") and c.code == code), None)
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _channel(key: str) -> Channel:
    try:
        return CHANNELS[key]
    except KeyError:
        raise ValueError(f"unknown Xendit channel {key!r}") from None


def _key(key: str) -> str:
    if not key or len(key) > 255:
        raise ValueError("an idempotency key has 1 to 255 characters")
    return key


def _call(action: str, request: Callable[[Any], T], api_class: type) -> T:
    config = current_app.config
    secret = config.get("XENDIT_SECRET_KEY")
    if not secret:
        raise GatewayError("XENDIT_SECRET_KEY is not set: Xendit payments are off")
    configuration = xendit.Configuration(host=config.get("XENDIT_API_BASE") or None)
    configuration.api_key = secret
    client = xendit.ApiClient(configuration)
    try:
        return request(api_class(client))
    except xendit.XenditSdkException as exc:
        status = _status(exc)
        if status is not None and 400 <= status < 500 and status not in (401, 403, 429):
            raise PaymentError(str(exc.errorMessage or exc.errorCode)[:300],
                               code=str(exc.errorCode or "") or None) from exc
        current_app.logger.warning("Xendit failed to %s: %s %s", action, exc.status, exc.errorCode)
        raise GatewayError(f"Xendit failed to {action}: {exc.errorCode or exc.status}") from exc
    except (xendit.OpenApiException, urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        # Unreachable (after urllib3's retries), or an answer the SDK could not read.
        current_app.logger.warning("Xendit failed to %s: %r", action, exc)
        raise GatewayError(f"Xendit failed to {action}: {type(exc).__name__}") from exc
    finally:
        client.rest_client.pool_manager.clear()


def _status(exc: Any) -> int | None:
    try:
        return int(exc.status)
    except (TypeError, ValueError):
        return None


def _plain(model: Any) -> dict[str, Any]:
    try:
        return model.to_dict()
    except AttributeError as exc:
        raise GatewayError(f"Xendit answered {type(model).__name__}") from exc


def _payment(model: Any) -> Payment:
    data = json.loads(json.dumps(_plain(model), default=_iso))
    try:
        if data["currency"] != "IDR":
            raise ValueError(f"not an IDR payment: {data['currency']!r}")
        method = data["payment_method"]
        channel = _channel_of(method)
        if channel is None:
            raise ValueError("a channel the store does not use")
        kind = CHANNELS[channel].kind
        part = method[{QR: "qr_code", VA: "virtual_account", EWALLET: "ewallet",
                       OTC: "over_the_counter"}[kind]]
        properties = part.get("channel_properties") or {}
        redirect = next((a.get("url") for a in data.get("actions") or []
                         if a.get("action") == "AUTH" and a.get("url")), None)
        expires = properties.get("expires_at")
        return Payment(
            id=_text(data, "id"), reference=_text(data, "reference_id"), channel=channel,
            status=_text(data, "status"),
            amount_idr=money.from_gateway_units(data["amount"], money.XENDIT),
            qr_string=properties.get("qr_string"),
            account_number=properties.get("virtual_account_number"),
            payment_code=properties.get("payment_code"), redirect_url=redirect,
            expires_at=(datetime.fromisoformat(expires.replace("Z", "+00:00")).astimezone(UTC)
                        .replace(tzinfo=None) if expires else None))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GatewayError(f"Xendit answered a payment in an unexpected shape: {exc!r}") from exc


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _text(data: dict[str, Any], key: str, *, maximum: int = MAX_ID_LENGTH) -> str:
    value = data[key]
    if not isinstance(value, str) or not value or len(value) > maximum or "\x00" in value:
        raise ValueError(f"{key} is {value!r:.60}")
    return value


def _optional(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _text(data, key)
