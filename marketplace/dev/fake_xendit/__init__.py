"""A stand-in for Xendit's API on loopback, for tests and local development only.

    python -m marketplace.dev.fake_xendit --port 12112 --callback-url http://127.0.0.1:5000/<cb>

`api.py` keeps the state and answers the API as the official SDK calls it; `http.py` serves
it with a pay page, on what it shares with the fake Stripe (`dev/stand_in.py`). `make run` starts it in development when no XENDIT_* is set, and the
development store then uses it (marketplace/config.py); the tests start their own.
"""
from __future__ import annotations

import os

from marketplace.dev import stand_in
from marketplace.dev.fake_xendit.api import (
    TEST_CALLBACK_TOKEN,
    TEST_SECRET_KEY,
    Delivery,
    FakeXenditState,
)
from marketplace.dev.fake_xendit.http import Handler

if os.environ.get("SENTRA_CONFIG") == "production":
    raise RuntimeError("the Xendit stand-in is for development and tests only")

__all__ = ["FakeXendit", "Delivery", "TEST_SECRET_KEY", "TEST_CALLBACK_TOKEN"]


class FakeXendit(FakeXenditState, stand_in.LoopbackServer):
    handler = Handler
    thread_name = "fake-xendit"
    not_started = "start the Xendit stand-in first"

    def __init__(self, *, secret_key: str = TEST_SECRET_KEY,
                 callback_token: str = TEST_CALLBACK_TOKEN, callback_url: str | None = None,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        FakeXenditState.__init__(self, secret_key=secret_key, callback_token=callback_token,
                                 callback_url=callback_url)
        stand_in.LoopbackServer.__init__(self, host=host, port=port)

    def start(self) -> FakeXendit:
        super().start()
        self.public_url = self.base_url  # where the e-wallet's approval page is
        return self
