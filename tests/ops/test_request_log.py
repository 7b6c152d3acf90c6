"""One JSON line per request (LOG_JSON), request ids, and the optional error reporter."""
from __future__ import annotations

import json
import logging
import re
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, make_test_app, submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import KUPANG, add, checkout, latest_order


@pytest.fixture
def logged(database_url, media_dir, caplog):
    """An app with LOG_JSON on, and the request lines it writes, formatted as in production."""
    from marketplace.ops.requests import RequestIdFilter, json_formatter

    app = make_test_app(database_url, media_dir, LOG_JSON=True)
    formatter, request_ids = json_formatter(), RequestIdFilter()
    caplog.set_level(logging.INFO, logger="sentra.request")

    def lines() -> list[str]:
        out = []
        for record in caplog.records:
            if record.name != "sentra.request":
                continue
            request_ids.filter(record)
            out.append(formatter.format(record))
        return out

    return app, lines


def test_each_request_is_one_json_line_without_personal_data(logged, db):
    app, lines = logged
    buyer = make_user(email="ina.boi@contoh.id", name="Ina Boi")
    product = make_product(name="Selendang Buna", prices=(300_000,))
    client = app.test_client()
    assert submit(client, "/account/login", {"email": buyer.email, "password": PASSWORD}
                  ).status_code == 303
    add(client, product.variants[0])
    assert checkout(client, KUPANG).status_code == 303
    order = latest_order()
    client.get(f"/orders/{order.number}")
    client.get("/account/reset/secret-reset-token-123")  # a token in the path
    client.get("/search?q=ina.boi@contoh.id")

    text = "\n".join(lines())
    records = [json.loads(line) for line in text.splitlines()]
    assert all(line.count("\n") == 0 for line in lines())
    assert len(records) >= 8
    for record in records:
        assert {"time", "level", "request_id", "method", "route", "status", "duration_ms",
                "user_id"} <= set(record), record
        assert record["message"] == "request"
    login = next(r for r in records if r["route"] == "/account/login" and r["method"] == "POST")
    assert login["status"] == 303
    signed_in = [r for r in records if r["route"] == "/orders/<number>"]
    assert signed_in and signed_in[0]["user_id"] == buyer.id
    assert any(r["route"] == "/account/reset/<token>" for r in records)
    # Never a password, token, address, e-mail, phone number or what was searched for.
    for secret in (PASSWORD, "secret-reset-token-123", "ina.boi@contoh.id", "Ina Boi",
                   KUPANG["street"], KUPANG["phone"], KUPANG["recipient"], order.number):
        assert secret not in text, secret


def test_the_request_id_is_echoed_and_a_sane_incoming_one_kept(client):
    fresh = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-ID"])
    assert client.get("/healthz").headers["X-Request-ID"] != fresh.headers["X-Request-ID"]
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-4f1c2a9e7b3d"})
    assert kept.headers["X-Request-ID"] == "nginx-4f1c2a9e7b3d"
    for bad in ("short", "x" * 300, "has space in it", "<script>alert(1)</script>", "ünïcode-id-123"):
        replaced = client.get("/healthz", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"]), bad


def test_error_pages_show_the_request_id(database_url, media_dir):
    app = make_test_app(database_url, media_dir, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaput")

    client = app.test_client()
    for response in (client.get("/boom"), client.get("/no/such/page")):
        page = response.get_data(as_text=True)
        assert response.headers["X-Request-ID"] in page
        assert "sebutkan kode ini" in page  # Indonesian first
    client.set_cookie("lang", "en")
    broken = client.get("/boom", headers={"X-Request-ID": "support-case-12345"})
    assert "give this code: support-case-12345" in broken.get_data(as_text=True)


def test_production_writes_json_lines_to_standard_error(tmp_path):
    """A real production app in its own process: the request's line is JSON on stderr."""
    script = (
        "from marketplace import create_app;"
        "app = create_app('production', SQLALCHEMY_DATABASE_URI='sqlite://');"
        "app.test_client().get('/healthz', base_url='https://sentra.example.id',"
        " headers={'X-Request-ID': 'probe-request-0001'})"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 48, "INSTANCE_DIR": str(tmp_path),
           "PUBLIC_BASE_URL": "https://sentra.example.id"}
    run = subprocess.run([sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT,
                         capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    request = next(line for line in lines if line.get("logger") == "sentra.request")
    assert request["route"] == "/healthz" and request["status"] == 200
    assert request["request_id"] == "probe-request-0001"


def test_no_error_reporter_without_a_dsn(tmp_path):
    script = (
        "import sys; from marketplace import create_app;"
        "app = create_app('testing', SQLALCHEMY_DATABASE_URI='sqlite://');"
        "app.test_client().get('/healthz');"
        "print('sentry_sdk' in sys.modules, 'sentra.sentry' in app.extensions)"
    )
    run = subprocess.run([sys.executable, "-c", script], env={"PATH": "/usr/bin:/bin",
                         "INSTANCE_DIR": str(tmp_path), "SENTRY_DSN": ""}, cwd=PROJECT_ROOT,
                         capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False"]


def test_errors_reach_the_reporter_without_personal_data(tmp_path):
    """SENTRY_DSN pointed at a local stand-in for Sentry: an unhandled error is reported with
    the request id, and nothing the visitor typed (the form) goes with it."""
    import gzip
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[bytes] = []

    class Sentry(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Sentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = (
        "import sentry_sdk; from marketplace import create_app;"
        "app = create_app('testing', SQLALCHEMY_DATABASE_URI='sqlite://',"
        f" SENTRY_DSN='http://public@127.0.0.1:{server.server_port}/1', PROPAGATE_EXCEPTIONS=False,"
        " WTF_CSRF_ENABLED=False);\n"
        "@app.post('/boom')\n"
        "def boom(): raise RuntimeError('kaput')\n"
        "r = app.test_client().post('/boom', data={'password': 'Rahasia-Sekali-9'},"
        " headers={'X-Request-ID': 'reported-request-01'});"
        "assert r.status_code == 500; sentry_sdk.flush(5)"
    )
    try:
        subprocess.run([sys.executable, "-c", script], env={"PATH": "/usr/bin:/bin",
                       "INSTANCE_DIR": str(tmp_path)}, cwd=PROJECT_ROOT, check=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    sent = b"\n".join(received).decode()
    assert "kaput" in sent and "RuntimeError" in sent
    assert "reported-request-01" in sent
    assert "Rahasia-Sekali-9" not in sent


def test_the_direct_request_line_is_what_the_formatter_writes(logged, db, monkeypatch):
    """Production writes the request line straight to the JSON handler (no LogRecord): the
    same JSON, keys in the same order, as JsonLineFormatter makes of the record; a cached page
    is logged too, with its route."""
    import io

    from marketplace.ops import requests as ops

    app, lines = logged
    make_product(name="Tenun Buna")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.set_name(ops._JSON_HANDLER_NAME)
    handler.setFormatter(ops.json_formatter())
    handler.addFilter(ops.RequestIdFilter())
    monkeypatch.setattr(logging.root, "handlers", [handler])
    client = app.test_client()
    client.get("/")  # rendered
    cached = client.get("/", headers={"X-Request-ID": "proxy-id-0001/a+b=c"})  # from the cache
    assert cached.headers["X-Request-ID"] == "proxy-id-0001/a+b=c"
    assert len(cached.headers.getlist("Content-Security-Policy")) == 1
    client.get("/no/such/page")
    written = stream.getvalue().splitlines()
    assert len(written) == 3 and not lines()  # no record made: written directly
    records = [json.loads(line) for line in written]
    for line, record in zip(written, records):
        assert list(record) == ["time", "level", "logger", "message", "request_id", "method",
                                "route", "status", "duration_ms", "user_id"]
        assert line == json.dumps(record, ensure_ascii=False)
        assert record["level"] == "INFO" and record["logger"] == "sentra.request"
    assert [(r["route"], r["status"]) for r in records] == [
        ("/", 200), ("/", 200), ("<unmatched>", 404)]
    assert records[1]["request_id"] == "proxy-id-0001/a+b=c" and records[1]["user_id"] is None
    # The formatter's time for the same moment, to the second.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", records[0]["time"])
