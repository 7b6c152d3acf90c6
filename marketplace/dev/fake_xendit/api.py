"""The state and the API of the Xendit stand-in: payment requests, refunds, callbacks.

Answers the requests `marketplace/payments/xendit.py` makes through the official SDK, in the
shapes of Xendit's API reference (Payment Requests v2 and Refunds): JSON bodies, HTTP Basic
with the secret key as user name, Xendit's error objects (`error_code`, `message`), and
POSTs replayed for a repeated `idempotency-key`. It also plays Xendit's side of a payment:
`pay` (what the buyer's bank or wallet does), callbacks with `x-callback-token` and
`webhook-id`, and a settlement report (CSV) with Xendit's fee per payment.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from marketplace import config, money
from marketplace.dev import stand_in

log = logging.getLogger("marketplace.dev.fake_xendit")

# What the development store uses when no XENDIT_* is set (marketplace/config.py).
TEST_SECRET_KEY = config.FAKE_XENDIT_SECRET_KEY
TEST_CALLBACK_TOKEN = config.FAKE_XENDIT_CALLBACK_TOKEN

_PARTS = {"QR_CODE": "qr_code", "VIRTUAL_ACCOUNT": "virtual_account", "EWALLET": "ewallet",
          "OVER_THE_COUNTER": "over_the_counter"}
_CHANNELS = {
    "QR_CODE": {"QRIS"},
    "VIRTUAL_ACCOUNT": {"BCA", "BNI", "BRI", "MANDIRI", "PERMATA"},
    "EWALLET": {"OVO", "DANA", "SHOPEEPAY", "LINKAJA"},
    "OVER_THE_COUNTER": {"ALFAMART", "INDOMARET"},
}
# Bank prefixes of a virtual account number (the merchant code and then the customer part).
_VA_PREFIX = {"BCA": "10766", "BNI": "8808", "BRI": "26215", "MANDIRI": "88908",
              "PERMATA": "8214"}
# Xendit's published fees (2026 price list, before VAT): what the settlement report deducts.
FEES = {"QR_CODE": ("percent", 70), "EWALLET": ("percent", 150),
        "VIRTUAL_ACCOUNT": ("flat", 4_000), "OVER_THE_COUNTER": ("flat", 5_000)}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict[str, Any]:
        return {"error_code": self.code, "message": self.message}


@dataclass(frozen=True)
class Delivery:
    """A callback as sent: kept so that a test can send it again, late or out of order."""

    event: str
    body: bytes
    webhook_id: str


def now_iso(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}-{secrets.token_hex(2)}-{secrets.token_hex(6)}"


def fee_idr(kind: str, amount: int) -> int:
    rule, value = FEES[kind]
    return value if rule == "flat" else -(-amount * value // 10_000)


class FakeXenditState:
    """Everything the stand-in knows, behind one lock (the HTTP server is threaded)."""

    def __init__(self, *, secret_key: str, callback_token: str,
                 callback_url: str | None) -> None:
        self.secret_key = secret_key
        self.callback_token = callback_token
        self.callback_url = callback_url
        self.payments: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.deliveries: list[Delivery] = []
        self.held: dict[str, list[Delivery]] = {}  # callbacks held back, by payment (misbehave)
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        self.public_url = ""  # where the pay page is, set when the server starts
        self._replays = stand_in.Replays()  # compared by path only
        self._lock = threading.RLock()

    # -- the API ---------------------------------------------------------------------------

    def handle(self, method: str, path: str, body: bytes,
               headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            try:
                self._authenticate(headers.get("authorization", ""))
                data = json.loads(body or b"{}") if method == "POST" else {}
                if not isinstance(data, dict):
                    raise ApiError(400, "API_VALIDATION_ERROR", "body is not an object")
                self.requests.append((method, path, data))
                key = headers.get("idempotency-key")
                if method == "POST" and key:
                    try:
                        seen = self._replays.replay(key, path)
                    except stand_in.KeyReused:
                        raise ApiError(409, "IDEMPOTENCY_ERROR",
                                       "key used for another call") from None
                    if seen is not None:
                        return 200, seen
                status, answer = self._route(method, path, data)
                if method == "POST" and key:
                    self._replays.keep(key, path, answer)
                return status, answer
            except ApiError as error:
                return error.status, error.body()
            except (ValueError, TypeError, KeyError) as error:
                return 400, {"error_code": "API_VALIDATION_ERROR", "message": str(error)}

    def _authenticate(self, header: str) -> None:
        scheme, _, encoded = header.partition(" ")
        try:
            user = base64.b64decode(encoded).decode().partition(":")[0]
        except ValueError:
            user = ""
        if scheme != "Basic" or not secrets.compare_digest(user, self.secret_key):
            raise ApiError(401, "INVALID_API_KEY", "API key is invalid")

    def _route(self, method: str, path: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["payment_requests"]:
            return 201, self._create_payment(data)
        if method == "GET" and len(parts) == 2 and parts[0] == "payment_requests":
            return 200, _public(self._payment(parts[1]))
        if method == "POST" and parts == ["refunds"]:
            return 200, self._create_refund(data)
        if method == "GET" and len(parts) == 2 and parts[0] == "refunds":
            refund = self.refunds.get(parts[1])
            if refund is None:
                raise ApiError(404, "DATA_NOT_FOUND", "refund not found")
            return 200, refund
        raise ApiError(404, "NOT_FOUND", f"{method} {path} is not part of the stand-in")

    def _payment(self, payment_id: str) -> dict[str, Any]:
        payment = self.payments.get(payment_id)
        if payment is None:
            raise ApiError(404, "DATA_NOT_FOUND", "payment request not found")
        return payment

    def _create_payment(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("currency") != "IDR":
            raise ApiError(400, "API_VALIDATION_ERROR", "the stand-in takes IDR only")
        amount = _whole_idr(data.get("amount"))
        method = data.get("payment_method") or {}
        kind = method.get("type")
        part = method.get(_PARTS.get(kind, ""), None)
        if not isinstance(part, dict) or part.get("channel_code") not in _CHANNELS[kind]:
            raise ApiError(400, "CHANNEL_NOT_ACTIVATED", "channel not activated")
        reference = data.get("reference_id")
        if not isinstance(reference, str) or not reference:
            raise ApiError(400, "API_VALIDATION_ERROR", "reference_id is required")
        payment_id = new_id("pr")
        properties = dict(part.get("channel_properties") or {})
        properties.setdefault("expires_at", now_iso(datetime.now(UTC) + timedelta(days=1)))
        code = part["channel_code"]
        if kind == "QR_CODE":
            properties["qr_string"] = _qris_string(reference, int(amount))
        elif kind == "VIRTUAL_ACCOUNT":
            properties["virtual_account_number"] = (
                _VA_PREFIX[code] + "".join(secrets.choice("0123456789") for _ in range(10)))
        elif kind == "OVER_THE_COUNTER":
            properties["payment_code"] = "TEST" + secrets.token_hex(4).upper()
        actions = []
        status = "PENDING"
        if kind == "EWALLET":
            status = "REQUIRES_ACTION"
            actions = [{"action": "AUTH", "url_type": "WEB", "method": "GET",
                        "url": f"{self.public_url}/pay/{payment_id}", "qr_code": None}]
        stamp = now_iso()
        answer_part = {"channel_code": code, "channel_properties": properties}
        if kind in ("VIRTUAL_ACCOUNT", "OVER_THE_COUNTER"):
            answer_part.update(amount=_wire(amount), currency="IDR")
        payment = {
            "id": payment_id, "created": stamp, "updated": stamp, "reference_id": reference,
            "business_id": "5f27a14a9bf05c73dd040bc8", "currency": "IDR",
            "amount": _wire(amount), "country": "ID", "status": status, "description": None,
            "failure_code": None, "capture_method": "AUTOMATIC", "initiator": None,
            "card_verification_results": None, "customer_id": None, "customer": None,
            "actions": actions, "metadata": data.get("metadata"), "shipping_information": None,
            "items": None,
            "payment_method": {
                "id": new_id("pm"), "type": kind, "reusability": "ONE_TIME_USE",
                "status": "ACTIVE", "created": stamp, "updated": stamp, "description": None,
                "reference_id": method.get("reference_id") or reference, "metadata": None,
                "card": None, "direct_debit": None, "ewallet": None, "over_the_counter": None,
                "virtual_account": None, "qr_code": None, _PARTS[kind]: answer_part,
            },
            "_return_url": (part.get("channel_properties") or {}).get("success_return_url"),
        }
        self.payments[payment_id] = payment
        return _public(payment)

    def _create_refund(self, data: dict[str, Any]) -> dict[str, Any]:
        payment = self._payment(str(data.get("payment_request_id")))
        if payment["status"] != "SUCCEEDED":
            raise ApiError(400, "INELIGIBLE_TRANSACTION", "the payment has not succeeded")
        kind = payment["payment_method"]["type"]
        if kind in ("VIRTUAL_ACCOUNT", "OVER_THE_COUNTER"):
            raise ApiError(400, "PAYMENT_METHOD_NOT_SUPPORTED", "refunds are not supported")
        amount = _whole_idr(data.get("amount", payment["amount"]))
        refunded = sum(r["amount"] for r in self.refunds.values()
                       if r["payment_request_id"] == payment["id"] and r["status"] != "FAILED")
        if refunded + amount > payment["amount"]:
            raise ApiError(400, "MAXIMUM_REFUND_AMOUNT_REACHED", "more than what is left")
        return self._new_refund(payment, amount, data)

    def _new_refund(self, payment: dict[str, Any], amount: int,
                    data: dict[str, Any]) -> dict[str, Any]:
        kind = payment["payment_method"]["type"]
        stamp = now_iso()
        refund = {
            "id": new_id("rfd"), "payment_request_id": payment["id"], "invoice_id": None,
            "amount": _wire(amount), "payment_method_type": kind,
            "channel_code": payment["payment_method"][_PARTS[kind]]["channel_code"],
            "country": "ID", "currency": "IDR", "reference_id": data.get("reference_id"),
            "failure_code": None, "refund_fee_amount": 0.0, "reason": data.get("reason"),
            "status": "SUCCEEDED", "created": stamp, "updated": stamp, "metadata": None,
        }
        self.refunds[refund["id"]] = refund
        return refund

    # -- Xendit's side of a payment --------------------------------------------------------

    def pay(self, payment_id: str, *, amount: float | None = None) -> Delivery:
        """The buyer paid (scanned, transferred, approved): the payment succeeds and its
        callback is built (`amount` pretends the bank reported another amount)."""
        with self._lock:
            payment = self._payment(payment_id)
            if payment["status"] not in ("PENDING", "REQUIRES_ACTION"):
                raise ValueError(f"payment {payment_id} is {payment['status']}")
            payment["status"] = "SUCCEEDED"
            payment["updated"] = now_iso()
            payment["_paid_at"] = datetime.now(UTC)
            if amount is not None:
                payment["_paid_amount"] = amount
            return self.callback_for(payment_id, "payment.succeeded")

    def expire(self, payment_id: str) -> Delivery:
        with self._lock:
            payment = self._payment(payment_id)
            payment["status"] = "EXPIRED"
            payment["payment_method"]["status"] = "EXPIRED"
            return self.callback_for(payment_id, "payment.failed",
                                     failure_code="PAYMENT_METHOD_EXPIRED")

    def dashboard_refund(self, payment_id: str, *, amount_idr: int) -> Delivery:
        """Someone refunds `amount_idr` rupiah of a payment in Xendit's dashboard (the store
        never asked): the refund succeeds and its refund.succeeded callback is built."""
        with self._lock:
            payment = self._payment(payment_id)
            refund = self._new_refund(payment, amount_idr,
                                      {"reference_id": new_id("dashboard"),
                                       "reason": "OTHERS"})
            return self.refund_callback(refund["id"])

    def fail_refund(self, refund_id: str) -> Delivery:
        """The wallet or bank could not take a refund back: it fails, the money returns to the
        merchant's balance, and Xendit sends refund.failed."""
        with self._lock:
            refund = self.refunds[refund_id]
            refund.update(status="FAILED", failure_code="REFUND_FAILED", updated=now_iso())
            return self.refund_callback(refund_id)

    def refund_callback(self, refund_id: str) -> Delivery:
        """refund.succeeded or refund.failed, as the refund now stands."""
        with self._lock:
            refund = self.refunds[refund_id]
            event = "refund.failed" if refund["status"] == "FAILED" else "refund.succeeded"
            payment = self._payment(refund["payment_request_id"])
            body = json.dumps({"event": event, "business_id": payment["business_id"],
                               "created": now_iso(), "data": refund}).encode()
            delivery = Delivery(event=event, body=body, webhook_id=new_id("whk"))
            self.deliveries.append(delivery)
            return delivery

    def callback_for(self, payment_id: str, event: str, *, failure_code: str | None = None
                     ) -> Delivery:
        with self._lock:
            payment = self._payment(payment_id)
            data = {
                "id": new_id("py"), "payment_request_id": payment["id"],
                "reference_id": payment["reference_id"], "customer_id": None,
                "currency": "IDR", "amount": payment.get("_paid_amount", payment["amount"]),
                "country": "ID", "status": payment["status"],
                "payment_method": payment["payment_method"], "channel_properties": None,
                "payment_detail": None, "failure_code": failure_code,
                "created": payment["created"], "updated": payment["updated"],
                "metadata": payment["metadata"],
            }
            body = json.dumps({"event": event, "business_id": payment["business_id"],
                               "created": now_iso(), "data": data}).encode()
            delivery = Delivery(event=event, body=body, webhook_id=new_id("whk"))
            self.deliveries.append(delivery)
            return delivery

    def deliver(self, delivery: Delivery, *, url: str | None = None,
                token: str | None = None) -> int:
        """POST a callback to the store; `token` forges it. Returns the HTTP status."""
        target = url or self.callback_url
        if not target:
            raise ValueError("no callback URL")
        return stand_in.post(target, delivery.body, {
            "Content-Type": "application/json", "webhook-id": delivery.webhook_id,
            "x-callback-token": self.callback_token if token is None else token})

    def settlement_csv(self) -> str:
        """Xendit's transaction report as a CSV: one row per payment that succeeded."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Reference", "Payment Request ID", "Channel", "Amount", "Fee",
                         "Net Amount", "Status", "Settled At"])
        with self._lock:
            for payment in self.payments.values():
                if "_paid_at" not in payment:
                    continue
                kind = payment["payment_method"]["type"]
                amount = int(payment.get("_paid_amount", payment["amount"]))
                fee = fee_idr(kind, amount)
                code = payment["payment_method"][_PARTS[kind]]["channel_code"]
                writer.writerow([payment["reference_id"], payment["id"], code, amount, fee,
                                 amount - fee, "SETTLED", payment["_paid_at"].isoformat()])
        return out.getvalue()


def _public(payment: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payment.items() if not key.startswith("_")}


def _whole_idr(value: Any) -> int:
    """An amount as sent on the wire (a JSON number), as whole rupiah, or Xendit's 400."""
    try:
        amount = money.from_gateway_units(value, money.XENDIT)
    except money.InvalidAmount:
        amount = 0
    if amount <= 0:
        raise ApiError(400, "API_VALIDATION_ERROR", "amount must be a whole number of IDR")
    return amount


def _wire(amount_idr: int) -> int | float:
    return money.to_gateway_units(amount_idr, money.XENDIT)


def _qris_string(reference: str, amount: int) -> str:
    """A dynamic QRIS payload in the EMVCo layout (tag, length, value) with its CRC-16."""
    def tlv(tag: str, value: str) -> str:
        return f"{tag}{len(value):02d}{value}"

    merchant = tlv("00", "ID.CO.QRIS.WWW") + tlv("01", "936009140000000000") + \
        tlv("02", "ID1026000000000") + tlv("03", "UMI")
    body = (tlv("00", "01") + tlv("01", "12") + tlv("51", merchant) + tlv("52", "5999")
            + tlv("53", "360") + tlv("54", str(amount)) + tlv("58", "ID")
            + tlv("59", "SENTRA TEST") + tlv("60", "KUPANG")
            + tlv("62", tlv("01", reference[:25])) + "6304")
    crc = 0xFFFF
    for byte in body.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return body + f"{crc:04X}"
