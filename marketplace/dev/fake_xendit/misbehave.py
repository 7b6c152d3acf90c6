"""What Xendit does that a store must survive, on request over HTTP: a callback sent twice, one
held back and sent late, a failure that arrives before the success, a callback with a forged
token, a refund made in Xendit's dashboard. The pay page's buttons and `POST /control/<id>`
(form or JSON: `action`) both call `run`, so a person trying the store with `make run` sees
what the tests check.

| action | what the stand-in does |
| --- | --- |
| pay | the payment succeeds, its callback is sent (the plain "Pay") |
| pay_twice | succeeds, the same callback (same webhook-id) is sent twice |
| pay_late | succeeds, the callback is held back until `send_held` (expire the order meanwhile) |
| pay_out_of_order | succeeds; a payment.failed is sent first, then the success |
| pay_forged | succeeds; the callback goes with a wrong token (refused), and is held for `send_held` |
| send_held | the callbacks held back for this payment are sent, oldest first |
| resend | the last callback of this payment is sent again |
| refund_dashboard | what is left of the payment is refunded as in Xendit's dashboard, and refund.succeeded sent |
"""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.dev.fake_xendit.api import Delivery, FakeXenditState, _whole_idr

FORGED_TOKEN = "forged-by-the-stand-in"
PAYING = ("pay", "pay_twice", "pay_late", "pay_out_of_order", "pay_forged")
AFTER = ("send_held", "resend", "refund_dashboard")
ACTIONS = PAYING + AFTER
LABELS = {
    "pay_twice": "Pay, callback sent twice",
    "pay_late": "Pay, callback held back (send it later)",
    "pay_out_of_order": "Pay, a failure callback first",
    "pay_forged": "Pay, callback with a forged token",
    "send_held": "Send the held callbacks now",
    "resend": "Send the last callback again",
    "refund_dashboard": "Refund in Xendit's dashboard",
}


@dataclass(frozen=True)
class Sent:
    event: str
    webhook_id: str
    status: int | None  # the store's HTTP answer; None: held back, or the store unreachable
    note: str = ""


class CannotDo(ValueError):
    pass


def run(state: FakeXenditState, payment_id: str, action: str) -> list[Sent]:
    """Do `action` to the payment; what was sent, with the store's answers. CannotDo when the
    action does not apply (unknown, or the payment is not in a state for it)."""
    if action not in ACTIONS:
        raise CannotDo(f"unknown action {action!r}")
    with state._lock:
        payment = state.payments.get(payment_id)
        if payment is None:
            raise CannotDo("no such payment")
        if action in PAYING:
            try:
                paid = state.pay(payment_id)
            except ValueError as error:
                raise CannotDo(str(error)) from None
        if action in ("pay", "pay_twice"):
            plan = [(paid, None)] * (2 if action == "pay_twice" else 1)
        elif action == "pay_late":
            state.held.setdefault(payment_id, []).append(paid)
            return [Sent(paid.event, paid.webhook_id, None, "held back")]
        elif action == "pay_out_of_order":
            failed = state.callback_for(payment_id, "payment.failed",
                                        failure_code="PAYMENT_METHOD_EXPIRED")
            plan = [(failed, None), (paid, None)]
        elif action == "pay_forged":
            state.held.setdefault(payment_id, []).append(paid)
            plan = [(paid, FORGED_TOKEN)]
        elif action == "send_held":
            plan = [(held, None) for held in state.held.pop(payment_id, [])]
            if not plan:
                raise CannotDo("no callback is held back for this payment")
        elif action == "resend":
            last = next((d for d in reversed(state.deliveries) if _about(d, payment_id)), None)
            if last is None:
                raise CannotDo("no callback was sent for this payment yet")
            plan = [(last, None)]
        else:
            plan = [(_refund_rest(state, payment_id), None)]
    return [_send(state, delivery, token) for delivery, token in plan]


def _about(delivery: Delivery, payment_id: str) -> bool:
    return payment_id.encode() in delivery.body


def _refund_rest(state: FakeXenditState, payment_id: str) -> Delivery:
    payment = state.payments[payment_id]
    if payment["status"] != "SUCCEEDED":
        raise CannotDo("only a payment that succeeded can be refunded")
    if payment["payment_method"]["type"] in ("VIRTUAL_ACCOUNT", "OVER_THE_COUNTER"):
        raise CannotDo("Xendit cannot refund virtual accounts and retail outlets")
    refunded = sum(_whole_idr(r["amount"]) for r in state.refunds.values()
                   if r["payment_request_id"] == payment_id and r["status"] != "FAILED")
    left = _whole_idr(payment["amount"]) - refunded
    if left <= 0:
        raise CannotDo("nothing is left to refund")
    return state.dashboard_refund(payment_id, amount_idr=left)


def _send(state: FakeXenditState, delivery: Delivery, token: str | None) -> Sent:
    try:
        status = state.deliver(delivery, token=token)
    except (OSError, ValueError) as error:
        return Sent(delivery.event, delivery.webhook_id, None, f"not delivered: {error}")
    return Sent(delivery.event, delivery.webhook_id, status,
                "forged token" if token is not None else "")
