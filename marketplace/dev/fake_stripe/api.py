"""The fake Stripe's knowledge of Stripe's API: request decoding, checks, object shapes.

Pure functions; `FakeStripe` (this package) keeps the state. Checks and messages follow Stripe's
API reference for the calls `gateway.py` makes, and refuse any parameter they do not know, so a
gateway change the fake does not understand fails loudly instead of being ignored.
"""
from __future__ import annotations

import json
import re
import secrets
import string
from typing import Any

from marketplace import money

_ALPHANUMERIC = string.ascii_letters + string.digits
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SESSION_PARAMS = {"mode", "line_items", "success_url", "cancel_url", "customer_email",
                  "client_reference_id", "metadata", "expires_at", "locale"}
REFUND_PARAMS = {"payment_intent", "amount", "reason", "metadata"}


def new_id(prefix: str) -> str:
    return f"{prefix}_" + "".join(secrets.choice(_ALPHANUMERIC) for _ in range(24))


class ApiError(Exception):
    """An error answer, shaped as Stripe's: {"error": {"type", "message", "param", "code"}}."""

    def __init__(self, status: int, message: str, *, param: str | None = None,
                 code: str | None = None, type: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status = status
        self.error = {"type": type, "message": message}
        if param:
            self.error["param"] = param
        if code:
            self.error["code"] = code


def decode_form(flat: dict[str, str]) -> dict[str, Any]:
    """Stripe's form encoding: `a[b][0][c]=1` -> {"a": {"b": [{"c": "1"}]}}."""
    root: dict[str, Any] = {}
    for key, value in flat.items():
        parts = re.findall(r"[^\[\]]+", key) or [key]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ApiError(400, f"Invalid parameter: {key}", param=key)
        if isinstance(node.get(parts[-1]), dict):
            raise ApiError(400, f"Invalid parameter: {key}", param=key)
        node[parts[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    node = {key: _lists(value) for key, value in node.items()}
    if node and all(key.isdigit() for key in node):
        return [node[key] for key in sorted(node, key=int)]
    return node


def checked_session(p: dict[str, Any], *, now: int, minimum_idr_minor: int) -> dict[str, Any]:
    """The parameters of POST /v1/checkout/sessions, checked: lines, currency, total,
    expires_at and metadata, or an ApiError as Stripe would answer."""
    known(p, SESSION_PARAMS, None)
    if p.get("mode") != "payment":
        raise ApiError(400, "Missing required param: mode." if "mode" not in p else
                       "This fake supports mode=payment only.", param="mode")
    lines, currency, total = _line_items(p.get("line_items"))
    if total > money.STRIPE_MAX_MINOR_UNITS:
        raise ApiError(400, f"This value must be less than or equal to "
                       f"{money.STRIPE_MAX_MINOR_UNITS} (it currently is '{total}').",
                       param="line_items[0][price_data][unit_amount]", code="amount_too_large")
    if currency == "idr" and total < minimum_idr_minor:
        raise ApiError(400, "The Checkout Session's total amount due must add up to at least "
                       f"{minimum_idr_minor} idr (in minor units).", code="amount_too_small")
    expires_at = integer(p.get("expires_at", str(now + 86_400)), "expires_at")
    if expires_at < now + 30 * 60 - 60:  # a minute's slack for the request in flight
        raise ApiError(400, "The `expires_at` timestamp must be at least 30 minutes from "
                       "Checkout Session creation.", param="expires_at")
    if expires_at > now + 24 * 3600:
        raise ApiError(400, "The `expires_at` timestamp must be less than 24 hours from "
                       "Checkout Session creation.", param="expires_at")
    for name in ("success_url", "cancel_url"):
        if name in p and not re.match(r"https?://[^\s/]+", str(p[name])):
            raise ApiError(400, "Not a valid URL", param=name)
    email = p.get("customer_email")
    if email is not None and not _EMAIL.fullmatch(str(email)):
        raise ApiError(400, f"Invalid email address: {email}", param="customer_email")
    reference = p.get("client_reference_id")
    if reference is not None and (not isinstance(reference, str) or len(reference) > 200):
        raise ApiError(400, "client_reference_id must be a string of at most 200 characters.",
                       param="client_reference_id")
    return {"lines": lines, "currency": currency, "total": total, "expires_at": expires_at,
            "metadata": metadata(p.get("metadata"))}


def session_object(session_id: str, p: dict[str, Any], checked: dict[str, Any], *, created: int,
                   url: str) -> dict[str, Any]:
    """A new Checkout Session as Stripe returns it (fields of the pinned API version)."""
    return {
        "id": session_id, "object": "checkout.session", "adaptive_pricing": None,
        "after_expiration": None, "allow_promotion_codes": None,
        "amount_subtotal": checked["total"], "amount_total": checked["total"],
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": None, "cancel_url": p.get("cancel_url"),
        "client_reference_id": p.get("client_reference_id"), "client_secret": None,
        "created": created, "currency": checked["currency"], "custom_fields": [],
        "custom_text": {"after_submit": None, "shipping_address": None, "submit": None,
                        "terms_of_service_acceptance": None},
        "customer": None, "customer_creation": "if_required", "customer_details": None,
        "customer_email": p.get("customer_email"), "expires_at": checked["expires_at"],
        "invoice": None, "livemode": False, "locale": p.get("locale"),
        "metadata": checked["metadata"], "mode": "payment",
        "payment_intent": None,  # created when the buyer pays, since API version 2022-08-01
        "payment_link": None, "payment_method_collection": "if_required",
        "payment_method_types": ["card"], "payment_status": "unpaid", "recovered_from": None,
        "setup_intent": None, "shipping_address_collection": None, "shipping_cost": None,
        "shipping_options": [], "status": "open", "submit_type": None, "subscription": None,
        "success_url": p.get("success_url"),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted", "url": url,
        "_line_items": checked["lines"],  # the fake's own: stripped by snapshot()
    }


def refund_object(p: dict[str, Any], payment: dict[str, Any], *, amount: int,
                  created: int) -> dict[str, Any]:
    return {
        "id": new_id("re"), "object": "refund", "amount": amount,
        "balance_transaction": new_id("txn"), "charge": payment["charge"], "created": created,
        "currency": payment["currency"], "destination_details": None,
        "metadata": metadata(p.get("metadata")), "payment_intent": payment["intent"],
        "reason": p.get("reason"), "receipt_number": None, "source_transfer_reversal": None,
        "status": "succeeded", "transfer_reversal": None,
    }


def charge_object(payment: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": payment["charge"], "object": "charge", "amount": payment["amount"],
        "amount_captured": payment["amount"], "amount_refunded": payment["refunded"],
        "captured": True, "created": payment["created"], "currency": payment["currency"],
        "livemode": False, "metadata": {}, "paid": payment["paid"],
        "payment_intent": payment["intent"],
        "refunded": payment["refunded"] == payment["amount"],
        "status": "succeeded" if payment["paid"] else "pending",
    }


def dispute_object(payment: dict[str, Any], *, amount: int, reason: str, status: str,
                   created: int, dispute_id: str | None = None) -> dict[str, Any]:
    """A dispute as Stripe sends it with charge.dispute.* events."""
    return {
        "id": dispute_id or new_id("dp"), "object": "dispute", "amount": amount,
        "balance_transactions": [], "charge": payment["charge"], "created": created,
        "currency": payment["currency"], "evidence_details": {
            "due_by": created + 7 * 86_400, "has_evidence": False, "past_due": False,
            "submission_count": 0},
        "is_charge_refundable": False, "livemode": False, "metadata": {},
        "payment_intent": payment["intent"], "reason": reason, "status": status,
    }


def checked_refund_amount(p: dict[str, Any], payment: dict[str, Any]) -> int:
    """What POST /v1/refunds may refund of `payment`, or the ApiError Stripe would answer."""
    intent = payment["intent"]
    if not payment["paid"]:
        raise ApiError(400, f"PaymentIntent {intent} does not have a successful charge to "
                       "refund.", param="payment_intent")
    left = payment["amount"] - payment["refunded"]
    if left == 0:
        raise ApiError(400, f"Charge {payment['charge']} has already been refunded.",
                       code="charge_already_refunded")
    amount = integer(p["amount"], "amount", minimum=1) if "amount" in p else left
    if amount > left:
        raise ApiError(400, f"Refund amount ({amount} {payment['currency']}) is greater than "
                       f"unrefunded amount on charge ({left} {payment['currency']}).",
                       param="amount")
    if p.get("reason") not in (None, "duplicate", "fraudulent", "requested_by_customer"):
        raise ApiError(400, f"Invalid reason: {p['reason']}", param="reason")
    return amount


def _line_items(items: Any) -> tuple[list[dict[str, Any]], str, int]:
    if not isinstance(items, list) or not items:
        raise ApiError(400, "Missing required param: line_items.", param="line_items")
    lines, currencies, total = [], set(), 0
    for i, item in enumerate(items):
        where = f"line_items[{i}]"
        known(item, {"price_data", "quantity"}, where)
        price = item.get("price_data")
        known(price, {"currency", "unit_amount", "product_data"}, f"{where}[price_data]")
        product = price.get("product_data")
        known(product, {"name", "description"}, f"{where}[price_data][product_data]")
        for value, name in ((price.get("currency"), "[price_data][currency]"),
                            (product.get("name"), "[price_data][product_data][name]")):
            if not isinstance(value, str) or not value:
                raise ApiError(400, f"Missing required param: {where}{name}.", param=where + name)
        unit = integer(price.get("unit_amount"), f"{where}[price_data][unit_amount]")
        quantity = integer(item.get("quantity"), f"{where}[quantity]", minimum=1)
        currencies.add(price["currency"].lower())
        total += unit * quantity
        lines.append({"name": product["name"], "unit_amount": unit, "quantity": quantity})
    if len(currencies) > 1:
        raise ApiError(400, "All line items must use the same currency.", param="line_items")
    return lines, currencies.pop(), total


def known(params: Any, allowed: set[str], where: str | None) -> None:
    if not isinstance(params, dict):
        raise ApiError(400, f"Invalid object: {where}", param=where)
    for name in params:
        if name not in allowed:
            full = f"{where}[{name}]" if where else name
            raise ApiError(400, f"Received unknown parameter: {full}", param=full)


def integer(value: Any, param: str, minimum: int = 0) -> int:
    if value is None:
        raise ApiError(400, f"Missing required param: {param}.", param=param)
    if not isinstance(value, str) or not re.fullmatch(r"-?\d{1,18}", value):
        raise ApiError(400, f"Invalid integer: {value}", param=param)
    if int(value) < minimum:
        raise ApiError(400, f"This value must be greater than or equal to {minimum}.", param=param)
    return int(value)


def metadata(value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict) or len(value) > 50 or any(
            not isinstance(v, str) or len(k) > 40 or len(v) > 500 for k, v in value.items()):
        raise ApiError(400, "Invalid metadata: at most 50 keys of 40 characters, values of 500.",
                       param="metadata")
    return dict(value)


def snapshot(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy in JSON terms, without the fake's own underscore keys."""
    return json.loads(json.dumps({k: v for k, v in obj.items() if not k.startswith("_")}))
