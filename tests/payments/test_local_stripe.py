"""Card payment works in development with nothing configured: `make run` starts the local
Stripe stand-in, and the development store finds it by itself (never in production)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from marketplace import create_app
from marketplace.config import STRIPE_SETTINGS, load_config
from marketplace.dev import fake_stripe
from marketplace.payments import gateway

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_stripe_settings(monkeypatch):
    for name in (*STRIPE_SETTINGS, "FAKE_STRIPE_PORT"):
        monkeypatch.delenv(name, raising=False)
    # What production needs besides; nothing else here does.
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")


def test_development_with_no_stripe_settings_uses_the_local_stand_in(no_stripe_settings,
                                                                     monkeypatch):
    config = load_config("development")
    assert config.STRIPE_SECRET_KEY == fake_stripe.TEST_API_KEY
    assert config.STRIPE_WEBHOOK_SECRET == fake_stripe.TEST_WEBHOOK_SECRET
    assert config.STRIPE_API_BASE == "http://127.0.0.1:12111"
    monkeypatch.setenv("FAKE_STRIPE_PORT", "12166")  # make run PORT=5055
    assert load_config("development").STRIPE_API_BASE == "http://127.0.0.1:12166"


def test_a_development_app_offers_card_payment_in_test_mode(no_stripe_settings, tmp_path):
    app = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://",
                     MEDIA_DIR=str(tmp_path / "media"), SEARCH_INDEX_DIR=str(tmp_path / "si"))
    with app.app_context():
        assert gateway.is_enabled() and gateway.is_test_mode()


@pytest.mark.parametrize("name,value", [("STRIPE_SECRET_KEY", "sk_live_mine"),
                                        ("STRIPE_API_BASE", "https://api.stripe.com")])
def test_any_stripe_setting_of_ones_own_replaces_the_stand_in(no_stripe_settings, monkeypatch,
                                                              name, value):
    monkeypatch.setenv(name, value)
    config = load_config("development")
    assert getattr(config, name) == value
    assert fake_stripe.TEST_API_KEY not in {config.STRIPE_SECRET_KEY,
                                            config.STRIPE_WEBHOOK_SECRET}


@pytest.mark.parametrize("name", ["production", "testing"])
def test_production_and_tests_never_fall_back_to_it(no_stripe_settings, name):
    config = load_config(name)
    assert (config.STRIPE_SECRET_KEY, config.STRIPE_WEBHOOK_SECRET, config.STRIPE_API_BASE) == (
        None, None, None)


def test_live_keys_are_not_test_mode(app):
    app.config["STRIPE_SECRET_KEY"] = "sk_live_abc"
    assert not gateway.is_test_mode()
    app.config["STRIPE_SECRET_KEY"] = "sk_test_abc"
    assert gateway.is_test_mode()


# --- the stand-in as `make run` starts it: a process of its own -------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_fake(port: int, webhook_url: str) -> subprocess.Popen:
    """`python -m marketplace.dev.fake_stripe`, with the arguments the Makefile's `run`
    gives it; returns once it answers."""
    return start_stand_in("marketplace.dev.fake_stripe", port, "--webhook-url", webhook_url)


def start_stand_in(module: str, port: int, *args: str) -> subprocess.Popen:
    """`python -m <module> --port <port> <args>` as `make run` starts a stand-in; returns once
    it answers."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("SENTRA_CONFIG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *args], cwd=PROJECT_ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_for_port(process, port)
    return process


def wait_for_port(process: subprocess.Popen, port: int) -> None:
    """Return once the stand-in `process` answers on `port` (30 s at most)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the fake exited: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("the fake did not start within 30 s")


def stop_fake(process: subprocess.Popen) -> tuple[int, str]:
    """SIGTERM, as the Makefile's trap sends it: (exit code, what it printed)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return process.returncode, output


def test_the_stand_in_runs_as_a_process_and_stops_on_sigterm():
    port = free_port()
    process = start_fake(port, "http://127.0.0.1:5000/payments/stripe/webhook")
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/checkout/sessions/cs_x",
                                         headers={"Authorization": "Bearer sk_wrong"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=5)
        assert answer.value.code == 401
        assert "Invalid API Key" in json.loads(answer.value.read())["error"]["message"]
    finally:
        code, output = stop_fake(process)
    assert code == 0, output
    assert "test mode" in output and "http://127.0.0.1:5000/payments/stripe/webhook" in output


def test_a_port_in_use_is_said_plainly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "marketplace.dev.fake_stripe", "--port", str(port)],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=30,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
