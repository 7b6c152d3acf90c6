"""The HTTP side of the Xendit stand-in: its API over loopback, and a page that pays.

GET /pay/<payment request id> shows what is being paid: the QRIS code (an SVG drawn by
`segno`), the virtual account number, the retail payment code, or the e-wallet's approval.
Its "Pay" button does what the buyer's bank or wallet would: the payment succeeds, the
callback goes to the store, and an e-wallet buyer is sent back to the store's return URL.
Under "What Xendit may also do" it offers the misbehaviours of `misbehave.py` (a callback
twice, late, out of order, forged; a refund in the dashboard), which `POST /control/<id>`
(form or JSON `{"action": ...}`) also runs and answers in JSON.
"""
from __future__ import annotations

import html
import json
import logging
from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import segno

from marketplace.dev import stand_in
from marketplace.dev.fake_xendit import misbehave
from marketplace.dev.fake_xendit.api import FakeXenditState

log = logging.getLogger("marketplace.dev.fake_xendit")
MAX_BODY = 1_000_000


class Handler(stand_in.Handler):
    server_version = "FakeXendit/1.0"
    log = log
    max_body = MAX_BODY

    @property
    def state(self) -> FakeXenditState:
        return self.server.backend

    def handle_request(self, method: str) -> None:
        url = urlsplit(self.path)
        raw = self.read_body()
        if url.path.startswith("/pay/"):
            form = dict(parse_qsl(raw.decode("utf-8", "replace"))) if method == "POST" else {}
            self._pay_page(method, url.path.removeprefix("/pay/"), form)
            return
        if url.path.startswith("/control/") and method == "POST":
            self._control(url.path.removeprefix("/control/"), raw,
                          self.headers.get("Content-Type") or "")
            return
        status, body = self.state.handle(method, url.path, raw, self.lower_headers())
        self.send(status, json.dumps(body).encode(), "application/json")

    def _control(self, payment_id: str, raw: bytes, content_type: str) -> None:
        """POST /control/<payment id>, action=... (a form or JSON): a misbehaviour on request;
        answers JSON with what was sent and the store's answers."""
        try:
            data = (json.loads(raw or b"{}") if content_type.startswith("application/json")
                    else dict(parse_qsl(raw.decode("utf-8", "replace"))))
            action = str(data.get("action", "")) if isinstance(data, dict) else ""
            sent = misbehave.run(self.state, payment_id, action)
        except (ValueError, misbehave.CannotDo) as error:
            self.send(400, json.dumps({"error": str(error)}).encode(), "application/json")
            return
        self.send(200, json.dumps({"action": action, "sent": [asdict(s) for s in sent]}
                                  ).encode(), "application/json")

    def _pay_page(self, method: str, payment_id: str, form: dict[str, str]) -> None:
        state = self.state
        payment = state.payments.get(payment_id)
        if payment is None:
            self.send(404, _page("Not found", "<p>No such payment.</p>"), "text/html")
            return
        action = form.get("action", "")
        if method == "POST" and action in misbehave.ACTIONS and action != "pay":
            try:
                report = _report(misbehave.run(state, payment_id, action))
            except misbehave.CannotDo as error:
                report = f'<p role="alert">{html.escape(str(error))}</p>'
            self.send(200, _payment_page(payment, report, state.held.get(payment_id)),
                      "text/html")
            return
        if method == "POST" and form.get("action") == "pay":
            try:
                delivery = state.pay(payment_id)
            except ValueError:
                pass
            else:
                try:
                    status = state.deliver(delivery)
                    log.info("callback %s answered %s", delivery.event, status)
                except (OSError, ValueError) as error:
                    log.warning("callback for %s failed: %s", payment_id, error)
                target = payment.get("_return_url")
                if target:
                    self.redirect(target)
                    return
        self.send(200, _payment_page(payment, "", state.held.get(payment_id)), "text/html")


def qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_inline(scale=4, title="QRIS")


def _report(sent: list[misbehave.Sent]) -> str:
    rows = "".join(
        f"<li>{html.escape(s.event)} ({html.escape(s.webhook_id)}): "
        + (f"the store answered {s.status}" if s.status is not None else "not sent")
        + (f" — {html.escape(s.note)}" if s.note else "") + "</li>" for s in sent)
    return f'<section aria-label="Callbacks sent" data-testid="sent"><ul>{rows}</ul></section>'


def _buttons(names: tuple[str, ...]) -> str:
    return "".join(f'<button name="action" value="{name}">'
                   f"{html.escape(misbehave.LABELS[name])}</button> " for name in names)


def _payment_page(payment: dict[str, Any], report: str = "",
                  held: list[Any] | None = None) -> bytes:
    method = payment["payment_method"]
    kind = method["type"]
    part = next(v for v in method.values() if isinstance(v, dict) and "channel_code" in v)
    properties = part["channel_properties"]
    amount = f"IDR {int(payment['amount']):,}"
    if kind == "QR_CODE":
        what = f"<figure>{qr_svg(properties['qr_string'])}<figcaption>QRIS</figcaption></figure>"
    elif kind == "VIRTUAL_ACCOUNT":
        what = (f"<p>{html.escape(part['channel_code'])} virtual account: "
                f"<strong data-testid=\"va-number\">"
                f"{html.escape(properties['virtual_account_number'])}</strong></p>")
    elif kind == "OVER_THE_COUNTER":
        what = (f"<p>{html.escape(part['channel_code'])} payment code: "
                f"<strong>{html.escape(properties['payment_code'])}</strong></p>")
    else:
        what = f"<p>Approve this payment in {html.escape(part['channel_code'])}.</p>"
    if payment["status"] in ("PENDING", "REQUIRES_ACTION"):
        button = ('<form method="post"><button name="action" value="pay">Pay '
                  f"{html.escape(amount)}</button></form>")
        more = misbehave.PAYING[1:]
    else:
        button = f"<p role=\"status\">This payment is {html.escape(payment['status'])}.</p>"
        more = ("resend", "refund_dashboard") if payment["status"] == "SUCCEEDED" else ()
    if held:
        more = ("send_held", *more)
    tricks = (f'<details{" open" if report or held else ""}><summary>What Xendit may also do'
              "</summary><p>Each of these pays (or acts on) this payment as Xendit would on a "
              "bad day; the store must end in the right state.</p>"
              f'<form method="post">{_buttons(more)}</form></details>') if more else ""
    return _page("Pay", f"<p>{html.escape(payment['reference_id'])}: "
                        f"<strong>{html.escape(amount)}</strong></p>{what}{button}{report}"
                        f"{tricks}")


TEST_MODE_NOTICE = (
    '<p role="note" data-testid="test-mode"><strong>Test mode · Mode uji.</strong> '
    "This is Sentra's local stand-in for Xendit: no money moves. <span lang=\"id\">Ini "
    "pengganti lokal Xendit milik Sentra: tidak ada uang yang berpindah.</span></p>")


def _page(title: str, body: str) -> bytes:
    return stand_in.page(title, body, TEST_MODE_NOTICE)
