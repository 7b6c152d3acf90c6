"""Reusable payment fixtures. Any test folder can use them with, in its conftest.py:

    from tests.payments.fixtures import fake_stripe  # noqa: F401
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketplace.dev.fake_stripe import FakeStripe

TEST_SECRET_KEY = "sk_test_fake_for_sentra_tests"
TEST_WEBHOOK_SECRET = "whsec_test_fake_for_sentra_tests"


@pytest.fixture
def fake_stripe(app) -> Iterator[FakeStripe]:
    """A fake Stripe API on loopback, and the app configured to use it (card payments on)."""
    fake = FakeStripe(api_key=TEST_SECRET_KEY, webhook_secret=TEST_WEBHOOK_SECRET).start()
    app.config.update(STRIPE_SECRET_KEY=TEST_SECRET_KEY, STRIPE_WEBHOOK_SECRET=TEST_WEBHOOK_SECRET,
                      STRIPE_API_BASE=fake.base_url)
    try:
        yield fake
    finally:
        fake.stop()

