"""The Stripe stand-in's own page (for `make run`): after paying, a person can refund part of
the payment as if in Stripe's dashboard, which Stripe reports to the store as charge.refunded;
an amount that is not one, or more than is left, is refused with a message and changes nothing."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from tests.payments.helpers import open_session


def _post(url: str, **fields) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_paid_session_can_be_refunded_from_the_dashboard_button(fake_stripe):
    session = open_session()
    page = f"{fake_stripe.base_url}/pay/{session.id}"
    fake_stripe.complete_session(session.id)
    status, body = _post(page)  # what the page shows once paid
    assert status == 200 and "Refund in the dashboard" in body and 'name="amount"' in body

    for bad in ("banyak", "0", "150.001", "-5"):
        status, body = _post(page, action="dashboard_refund", amount=bad)
        assert status == 400 and "Refund in the dashboard" in body, bad
    assert not [e for e in fake_stripe.events if e["type"] == "charge.refunded"]

    status, body = _post(page, action="dashboard_refund", amount="50.000")
    assert status == 200 and "Refunded Rp50.000" in body
    charge = fake_stripe.last_event("charge.refunded")["data"]["object"]
    assert (charge["amount_refunded"], charge["refunded"]) == (5_000_000, False)
