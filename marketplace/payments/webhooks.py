"""What a verified Stripe event says, checked field by field before anyone acts on it.

A correct signature proves who sent the bytes, not that they make sense: a key missing, a
`null` id, an amount of 10^30 or a string where Stripe sends an int must be refused here (the
webhook answers 400), never reach a query or a column and fail there (a 500, which Stripe
retries for days). `read_event` takes the decoded JSON and returns a `WebhookEvent` whose
`subject` holds, typed, the few fields the store uses of the events it handles; it raises
`MalformedEvent` for anything else. Stripe sends every field of an object, `null` where it has
no value, so a field we read that is missing is malformed too.

No `stripe` import: the shapes are plain JSON (`gateway.parse_webhook` verifies the signature).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marketplace import money

MAX_ID_LENGTH = 255  # Stripe's ids, and our columns that keep them
MAX_TYPE_LENGTH = 100
MAX_REFERENCE_LENGTH = 200  # what Stripe accepts as client_reference_id
MAX_TEXT_LENGTH = 5000  # a dispute's reason, a status: short in practice
LAST_TIMESTAMP = 253_402_300_799  # 9999-12-31T23:59:59Z: datetime's end


class MalformedEvent(ValueError):
    pass


@dataclass(frozen=True)
class SessionData:
    """checkout.session.*: a Checkout Session."""

    session_id: str
    reference: str | None  # our client_reference_id (or the same in metadata)
    amount_idr: int | None  # None: not in whole rupiah (another currency, or cents)
    payment_status: str
    payment_intent: str | None


@dataclass(frozen=True)
class ChargeData:
    """charge.refunded: the charge, with what has been refunded of it in all."""

    charge_id: str
    payment_intent: str | None
    amount_refunded_idr: int | None


@dataclass(frozen=True)
class DisputeData:
    """charge.dispute.*: a card holder's dispute of a payment."""

    dispute_id: str
    payment_intent: str | None
    amount_idr: int | None
    reason: str
    status: str


Subject = SessionData | ChargeData | DisputeData


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    created: datetime  # naive UTC
    object: dict[str, Any]  # data.object as sent
    subject: Subject | None  # the checked fields; None for a type the store does not read


def read_event(data: Any) -> WebhookEvent:
    """The event in `data` (decoded JSON), checked; MalformedEvent when it is not one."""
    if not isinstance(data, dict) or data.get("object") != "event":
        raise MalformedEvent("not a Stripe event")
    created = _integer(data, "created", maximum=LAST_TIMESTAMP)
    body = data.get("data")
    if not isinstance(body, dict) or not isinstance(body.get("object"), dict):
        raise MalformedEvent("data.object is not an object")
    event_type = _text(data, "type", maximum=MAX_TYPE_LENGTH)
    reader = next((read for prefix, read in _READERS.items()
                   if event_type == prefix or event_type.startswith(prefix + ".")), None)
    return WebhookEvent(
        id=_text(data, "id", maximum=MAX_ID_LENGTH), type=event_type,
        created=datetime.fromtimestamp(created, UTC).replace(tzinfo=None),
        object=body["object"], subject=reader(body["object"]) if reader else None)


def _session(obj: dict[str, Any]) -> SessionData:
    _kind(obj, "checkout.session")
    metadata = _present(obj, "metadata")
    if not (metadata is None or isinstance(metadata, dict)):
        raise MalformedEvent("metadata is not an object")
    reference = (_optional_text(obj, "client_reference_id", maximum=MAX_REFERENCE_LENGTH)
                 or _checked_text((metadata or {}).get("reference"), "metadata.reference",
                                  maximum=MAX_REFERENCE_LENGTH))
    return SessionData(
        session_id=_text(obj, "id", maximum=MAX_ID_LENGTH), reference=reference,
        amount_idr=_rupiah(obj, "amount_total"),
        payment_status=_text(obj, "payment_status", maximum=MAX_TEXT_LENGTH),
        payment_intent=_intent(obj))


def _charge(obj: dict[str, Any]) -> ChargeData:
    _kind(obj, "charge")
    return ChargeData(charge_id=_text(obj, "id", maximum=MAX_ID_LENGTH),
                      payment_intent=_intent(obj),
                      amount_refunded_idr=_rupiah(obj, "amount_refunded"))


def _dispute(obj: dict[str, Any]) -> DisputeData:
    _kind(obj, "dispute")
    return DisputeData(dispute_id=_text(obj, "id", maximum=MAX_ID_LENGTH),
                       payment_intent=_intent(obj), amount_idr=_rupiah(obj, "amount"),
                       reason=_optional_text(obj, "reason", maximum=MAX_TEXT_LENGTH) or "",
                       status=_text(obj, "status", maximum=MAX_TEXT_LENGTH))


# By the type, or the family of types, whose data.object they read.
_READERS: dict[str, Callable[[dict[str, Any]], Subject]] = {
    "checkout.session": _session,
    "charge.refunded": _charge,
    "charge.dispute": _dispute,
}


def _kind(obj: dict[str, Any], expected: str) -> None:
    if obj.get("object") != expected:
        raise MalformedEvent(f"data.object is not a {expected}")


def _present(obj: dict[str, Any], key: str) -> Any:
    if key not in obj:
        raise MalformedEvent(f"{key} is missing")
    return obj[key]


def _optional_text(obj: dict[str, Any], key: str, *, maximum: int) -> str | None:
    return _checked_text(_present(obj, key), key, maximum=maximum)


def _checked_text(value: Any, name: str, *, maximum: int) -> str | None:
    if value is None:
        return None
    # PostgreSQL's text cannot hold a NUL; no id or status of Stripe's has one.
    if not isinstance(value, str) or not value or len(value) > maximum or "\x00" in value:
        raise MalformedEvent(f"{name} is not a string of 1 to {maximum} characters")
    return value


def _text(obj: dict[str, Any], key: str, *, maximum: int) -> str:
    value = _optional_text(obj, key, maximum=maximum)
    if value is None:
        raise MalformedEvent(f"{key} is null")
    return value


def _integer(obj: dict[str, Any], key: str, *, maximum: int) -> int:
    value = _present(obj, key)
    # bool is an int in Python, and a JSON float or string is not what Stripe sends.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise MalformedEvent(f"{key} is not an integer from 0 to {maximum}")
    return value


def _rupiah(obj: dict[str, Any], amount_key: str) -> int | None:
    """An amount in Stripe's IDR minor units as whole rupiah; None when it is null, in another
    currency or not whole (the caller logs it and does not act on a number it cannot trust)."""
    if _present(obj, amount_key) is None:
        return None
    minor_units = _integer(obj, amount_key, maximum=money.STRIPE_MAX_MINOR_UNITS)
    currency = _optional_text(obj, "currency", maximum=MAX_TEXT_LENGTH)
    if currency != "idr":
        return None
    try:
        return money.from_stripe_amount(minor_units)
    except money.InvalidAmount:
        return None


def _intent(obj: dict[str, Any]) -> str | None:
    value = _present(obj, "payment_intent")
    if isinstance(value, dict):  # expanded
        return _text(value, "id", maximum=MAX_ID_LENGTH)
    return _optional_text(obj, "payment_intent", maximum=MAX_ID_LENGTH)
