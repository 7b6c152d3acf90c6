"""The HTTP side of the fake Stripe: the API over loopback, and a hosted checkout page.

GET /pay/<session id> shows what is being paid with "Pay" and "Cancel" buttons. "Pay"
completes the session as a card payment would, sends `checkout.session.completed` to the
fake's `webhook_url`, then redirects to the session's success_url; "Cancel" leaves the session
open and redirects to its cancel_url, as Stripe's own page does. Once paid, the same page
offers "Refund in the dashboard": part or all of the payment given back as someone in
Stripe's dashboard would, reported to the store as `charge.refunded` (the store's refunds
from dashboards, README "Payments"), so that `make run` can walk that path too.
"""
from __future__ import annotations

import html
import json
import logging
import os
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from marketplace import money
from marketplace.dev import stand_in
from marketplace.dev.fake_stripe.api import ApiError, new_id
from marketplace.payments.gateway import API_VERSION

if os.environ.get("SENTRA_CONFIG") == "production":
    raise RuntimeError("the fake Stripe server is for development and tests only")

log = logging.getLogger("marketplace.dev.fake_stripe")


class Backend(Protocol):
    """What the HTTP side asks of the fake (`FakeStripe`), which owns it: the server does not
    import the fake, so the two modules do not import each other."""

    sessions: dict[str, dict[str, Any]]
    webhook_url: str | None

    def handle_api(self, method: str, path: str, params: dict[str, Any],
                   headers: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]: ...

    def complete_session(self, session_id: str) -> dict[str, Any]: ...

    def dashboard_refund(self, payment_intent: str, *, amount_idr: int) -> dict[str, Any]: ...

    def deliver(self, url: str, event: dict[str, Any]) -> int: ...


class Handler(stand_in.Handler):
    server_version = "FakeStripe/1.0"
    log = log

    @property
    def fake(self) -> Backend:
        return self.server.backend

    def handle_request(self, method: str) -> None:
        url = urlsplit(self.path)
        raw = self.read_body()
        form = url.query if method == "GET" else raw.decode("utf-8", "replace")
        params = dict(parse_qsl(form, keep_blank_values=True))
        if url.path.startswith("/pay/"):
            self._hosted_page(method, url.path.removeprefix("/pay/"), params)
            return
        status, body, extra = self.fake.handle_api(method, url.path, params, self.lower_headers())
        self.send(status, json.dumps(body, indent=2).encode(), "application/json", {
            "Request-Id": new_id("req"), "Stripe-Version": API_VERSION, **extra})

    def _hosted_page(self, method: str, session_id: str, params: dict[str, str]) -> None:
        fake = self.fake
        session = fake.sessions.get(session_id)
        if session is None:
            self.send(404, _page("Not found", "<p>No such checkout session.</p>"), "text/html")
            return
        if method == "POST" and session["status"] == "complete" and (
                params.get("action") == "dashboard_refund"):
            self._dashboard_refund(session, params.get("amount", ""))
            return
        if method == "POST" and session["status"] == "open":
            target = session.get("cancel_url")
            if params.get("action") == "pay":
                try:
                    event = fake.complete_session(session_id)
                except ValueError:  # paid in another tab, or expired meanwhile
                    target = None
                else:
                    self._report(event)
                    target = session.get("success_url")
            if target:
                self.redirect(target.replace("{CHECKOUT_SESSION_ID}", session_id))
                return
        self.send(200, _checkout_page(session), "text/html")

    def _dashboard_refund(self, session: dict[str, Any], amount_text: str) -> None:
        try:
            amount_idr = money.parse_idr(amount_text)
            if amount_idr < 1:
                raise money.InvalidAmount("nothing to refund")
            event = self.fake.dashboard_refund(session["payment_intent"], amount_idr=amount_idr)
        except (money.InvalidAmount, ApiError) as error:
            message = getattr(error, "message", None) or str(error)
            self.send(400, _checkout_page(session, problem=f"Not refunded: {message}"),
                      "text/html")
            return
        self._report(event)
        self.send(200, _checkout_page(
            session, done=f"Refunded {money.format_idr(amount_idr)}; Stripe told the store."),
            "text/html")

    def _report(self, event: dict[str, Any]) -> None:
        """Tell the store, outside the fake's lock: the store may call the fake back."""
        fake = self.fake
        if not fake.webhook_url:
            log.warning("no webhook URL: %s was not sent", event["type"])
            return
        try:
            status = fake.deliver(fake.webhook_url, event)
        except OSError as error:  # Stripe would retry for days; here a person is watching
            log.warning("webhook %s to %s failed: %s", event["id"], fake.webhook_url, error)
        else:
            log.info("webhook %s %s answered %s", event["type"], event["id"], status)


def _checkout_page(session: dict[str, Any], *, problem: str = "", done: str = "") -> bytes:
    if session["status"] != "open":
        state = (f"<p>This checkout session is {html.escape(session['status'])}"
                 f" (payment {html.escape(session['payment_status'])}).</p>")
        if session["status"] == "complete" and session["payment_status"] == "paid":
            state += _dashboard_refund_form(problem, done)
        return _page("Checkout", state)
    rows = "".join(
        f"<li>{html.escape(line['name'])} × {line['quantity']}</li>"
        for line in session["_line_items"])
    return _page("Checkout", f"""
<ul>{rows}</ul>
<p><strong>{html.escape(_amount(session["amount_total"], session["currency"]))}</strong></p>
<form method="post">
  <button name="action" value="pay">Pay</button>
  <button name="action" value="cancel">Cancel</button>
</form>""")


def _dashboard_refund_form(problem: str, done: str) -> str:
    said = (f'<p role="alert">{html.escape(problem)}</p>' if problem else
            f'<p role="status">{html.escape(done)}</p>' if done else "")
    return f"""
<h2>Refund in the dashboard</h2>
<p>As someone refunding this payment in Stripe's dashboard, outside the store: Stripe then
sends the store <code>charge.refunded</code>.</p>{said}
<form method="post">
  <label for="amount">Amount in rupiah</label>
  <input id="amount" name="amount" inputmode="numeric" required>
  <button name="action" value="dashboard_refund">Refund</button>
</form>"""


def _amount(minor_units: int, currency: str) -> str:
    if currency == "idr":
        try:
            return money.format_idr(money.from_stripe_amount(minor_units))
        except money.InvalidAmount:
            pass
    return f"{minor_units} {currency.upper()} (minor units)"


TEST_MODE_NOTICE = (
    '<p role="note" data-testid="test-mode"><strong>Test mode · Mode uji.</strong> '
    "This is Sentra's local stand-in for Stripe Checkout: no card is charged and no money "
    "moves. <span lang=\"id\">Ini pengganti lokal Stripe Checkout milik Sentra: tidak ada "
    "kartu yang ditagih dan tidak ada uang yang berpindah.</span></p>")


def _page(title: str, body: str) -> bytes:
    return stand_in.page(title, body, TEST_MODE_NOTICE)
