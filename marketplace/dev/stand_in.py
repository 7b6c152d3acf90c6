"""What the local stand-ins for the payment gateways (`fake_stripe`, `fake_xendit`) share.

Each fake keeps its own API (paths, bodies, errors, ids, signatures: the official SDKs are
tested against them); what is the same in both lives here:

- `LoopbackServer`: serving on loopback in a thread (`start`, `stop`, `with fake:`, `base_url`);
- `Handler`: the HTTP plumbing under a fake's routes (GET and POST, one request per
  connection, reading the body, answering, redirecting);
- `page`: the test-mode HTML page their pay and dashboard screens are drawn in;
- `post`: sending a webhook or callback to the store, as the gateway would;
- `Replays`: the answers of POSTs kept by their idempotency key, replayed for the same request.

Each fake refuses to load in production itself (with its own words); this module serves
nothing on its own.
"""
from __future__ import annotations

import html
import logging
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class LoopbackServer:
    """Serves `handler` (a `Handler` subclass) for this fake, in a daemon thread."""

    handler: type[Handler]
    thread_name = "stand-in"
    not_started = "start the stand-in first"

    def __init__(self, *, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(self.not_started)
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> Self:
        self._server = _Server((self.host, self.port), self.handler)
        self._server.backend = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={
            "poll_interval": 0.05}, name=self.thread_name, daemon=True)
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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    backend: Any  # the fake that serves (its handler's `self.server.backend`)


class Handler(BaseHTTPRequestHandler):
    """A fake's HTTP side: subclasses answer `handle_request(method)`."""

    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers after stop()
    log = logging.getLogger("marketplace.dev")
    max_body: int | None = None  # bytes read at most (None: what Content-Length says)

    def do_GET(self) -> None:
        self.handle_request("GET")

    def do_POST(self) -> None:
        self.handle_request("POST")

    def handle_request(self, method: str) -> None:
        raise NotImplementedError

    def log_message(self, format: str, *args: Any) -> None:
        self.log.debug("%s " + format, self.address_string(), *args)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if self.max_body is not None:
            length = min(length, self.max_body)
        return self.rfile.read(length) if length else b""

    def lower_headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def send(self, status: int, body: bytes, content_type: str,
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(303)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def page(title: str, body: str, notice: str) -> bytes:
    """A stand-in's page: says it is test mode (`notice`, the fake's own words) above `body`."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Test mode · {html.escape(title)}</title></head><body><main>"
            f"<h1>{html.escape(title)} (test mode)</h1>{notice}{body}</main>"
            f"</body></html>").encode()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST a webhook or callback to the store, never through a proxy (the store is local);
    the HTTP status it answered."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


class KeyReused(Exception):
    """An idempotency key sent again with another request: each fake answers its gateway's
    error."""


class Replays:
    """The answers of POSTs that ran, by idempotency key, with what identifies their request
    (`fingerprint`: each gateway compares its own part of it)."""

    def __init__(self) -> None:
        self._answers: dict[str, tuple[Any, Any]] = {}

    def replay(self, key: str, fingerprint: Any) -> Any | None:
        """The answer kept for `key` (None: never seen); `KeyReused` for another request."""
        seen = self._answers.get(key)
        if seen is None:
            return None
        if seen[0] != fingerprint:
            raise KeyReused(key)
        return seen[1]

    def keep(self, key: str, fingerprint: Any, answer: Any) -> None:
        self._answers[key] = (fingerprint, answer)
