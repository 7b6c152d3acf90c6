"""A stand-in for Xendit's API on loopback, for tests and local development only.

    python -m marketplace.dev.fake_xendit --port 12112 --callback-url http://127.0.0.1:5000/<cb>

`api.py` keeps the state and answers the API as the official SDK calls it; `http.py` serves
it with a pay page. `make run` starts it in development when no XENDIT_* is set, and the
development store then uses it (marketplace/config.py); the tests start their own.
"""
from __future__ import annotations

import os
import threading
from typing import Any, Self

from marketplace.dev.fake_xendit.api import (
    TEST_CALLBACK_TOKEN,
    TEST_SECRET_KEY,
    Delivery,
    FakeXenditState,
)
from marketplace.dev.fake_xendit.http import make_server

if os.environ.get("SENTRA_CONFIG") == "production":
    raise RuntimeError("the Xendit stand-in is for development and tests only")

__all__ = ["FakeXendit", "Delivery", "TEST_SECRET_KEY", "TEST_CALLBACK_TOKEN"]


class FakeXendit(FakeXenditState):
    def __init__(self, *, secret_key: str = TEST_SECRET_KEY,
                 callback_token: str = TEST_CALLBACK_TOKEN, callback_url: str | None = None,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(secret_key=secret_key, callback_token=callback_token,
                         callback_url=callback_url)
        self.host, self.port = host, port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("start the Xendit stand-in first")
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> Self:
        self._server = make_server(self, self.host, self.port)
        self.public_url = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={
            "poll_interval": 0.05}, name="fake-xendit", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
