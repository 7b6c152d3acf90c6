"""The Xendit stand-in for tests. Any test folder can use it with, in its conftest.py:

    from tests.payments.xendit_fixtures import fake_xendit  # noqa: F401
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketplace.dev.fake_xendit import FakeXendit

TEST_SECRET_KEY = "xnd_development_sentra_tests"
TEST_CALLBACK_TOKEN = "sentra-tests-callback-token"


@pytest.fixture
def fake_xendit(app) -> Iterator[FakeXendit]:
    """Xendit's API on loopback, and the app configured to use it (its channels on)."""
    fake = FakeXendit(secret_key=TEST_SECRET_KEY, callback_token=TEST_CALLBACK_TOKEN).start()
    app.config.update(XENDIT_SECRET_KEY=TEST_SECRET_KEY, XENDIT_CALLBACK_TOKEN=TEST_CALLBACK_TOKEN,
                      XENDIT_API_BASE=fake.base_url)
    try:
        yield fake
    finally:
        fake.stop()
