"""Small helpers shared by the payment tests."""
from __future__ import annotations

from datetime import datetime

from marketplace.payments import gateway
from marketplace.dev.fake_stripe import FakeStripe

REFERENCE = "SNT-7Q2K9"


def open_session(*, started_at: datetime | None = None, **overrides) -> gateway.CheckoutSession:
    """A Checkout Session for Rp150.000, as the order service would ask for one."""
    arguments = {
        "reference": REFERENCE,
        "amount_idr": 150_000,
        "description": "Sentra order SNT-7Q2K9: Selendang tenun ikat Amarasi",
        "customer_email": "buyer@example.com",
        "success_url": f"http://127.0.0.1:5000/orders/{REFERENCE}?session={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"http://127.0.0.1:5000/orders/{REFERENCE}",
        "idempotency_key": f"checkout-{REFERENCE}-1",
        "expires_in_minutes": 60,
        "started_at": started_at,
        **overrides,
    }
    return gateway.create_checkout_session(**arguments)


def paid_payment_intent(fake: FakeStripe) -> str:
    """A session for Rp150.000, paid by card: its payment intent."""
    session = open_session()
    event = fake.complete_session(session.id)
    return event["data"]["object"]["payment_intent"]
