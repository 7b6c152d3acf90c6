"""Rate limits hold exactly on the default set-up (no REDIS_URL), where several processes serve
the store (`make run`: 2 gunicorn workers): every process counts in one shared storage.

Two ways, both with real separate processes on the test database (SQLite or PostgreSQL):
two app processes asked in turn (deterministic: each process sees every other attempt), and
gunicorn with two workers asked concurrently (the way an attacker would)."""
from __future__ import annotations

import multiprocessing
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from marketplace.config import PROJECT_ROOT
from tests.factories import PASSWORD, make_user

EMAIL = "ina@contoh.id"
WRONG = "bukan-kata-sandi-ini"
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


# Settings of a developer's shell that would make the processes differ from `make run`'s.
NOT_DEFAULT = ("REDIS_URL", "RATELIMIT_STORAGE_URI", "CACHE_TYPE", "SESSION_STORE", "SECRET_KEY",
               "API_RATE_LIMIT", "LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ADDRESS")


def _default_environment(instance_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of `make run`: development settings, no Redis."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_DEFAULT}
    env.update(SENTRA_CONFIG="development", INSTANCE_DIR=str(instance_dir),
               DATABASE_URL=database_url, MEDIA_DIR=str(instance_dir / "media"),
               SEARCH_INDEX_DIR=str(instance_dir / "search-index"), **extra)
    return env


# --- Two app processes, asked in turn ------------------------------------------------------

def _serve_log_ins(connection) -> None:
    """A process of its own (started with the default settings in its environment): answers
    each (email, password) sent on `connection` with the status of a real log-in."""
    from marketplace import create_app

    app = create_app()
    client = app.test_client()
    while (message := connection.recv()) is not None:
        email, password = message
        page = client.get("/account/login").get_data(as_text=True)
        token = _CSRF.search(page).group(1)
        response = client.post("/account/login", data={"csrf_token": token, "email": email,
                                                        "password": password})
        connection.send(response.status_code)
    connection.close()


def test_two_app_processes_share_the_failed_log_in_limit(app, database_url, tmp_path,
                                                         monkeypatch):
    make_user(email=EMAIL)
    # A spawned process starts from this environment, and reads its settings from it.
    for name in NOT_DEFAULT:
        monkeypatch.delenv(name, raising=False)
    for name, value in _default_environment(tmp_path, database_url).items():
        monkeypatch.setenv(name, value)
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for _ in range(2):
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve_log_ins, args=(theirs,), daemon=True)
        process.start()
        pipes.append(ours)
        processes.append(process)
    try:
        statuses = []
        for attempt in range(10):  # alternately to each process
            pipes[attempt % 2].send((EMAIL, WRONG))
            statuses.append(pipes[attempt % 2].recv())
        # the right password is refused too once the account is locked, from either process
        pipes[0].send((EMAIL, PASSWORD))
        statuses.append(pipes[0].recv())
    finally:
        for pipe, process in zip(pipes, processes, strict=True):
            pipe.send(None)
            process.join(30)
    assert statuses == [400] * 5 + [429] * 6


# --- gunicorn with two workers, asked concurrently ----------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_two_workers(app, database_url, tmp_path):
    """`make run`'s gunicorn (2 workers, its request-line limit) on the test database."""
    port = _free_port()
    env = _default_environment(tmp_path, database_url, API_RATE_LIMIT="6 per minute")
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--no-control-socket", "--workers", "2",
         "--limit-request-line", "8190", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-3000:]
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _failed_log_in(base: str) -> int:
    with requests.Session() as browser:
        page = browser.get(f"{base}/account/login", timeout=30).text
        token = _CSRF.search(page).group(1)
        return browser.post(f"{base}/account/login", timeout=30, allow_redirects=False,
                            data={"csrf_token": token, "email": EMAIL, "password": WRONG},
                            headers={"Origin": base}).status_code


def test_two_gunicorn_workers_hold_the_limits_exactly(gunicorn_two_workers):
    base = gunicorn_two_workers
    make_user(email=EMAIL)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(lambda _: _failed_log_in(base), range(12)))
    assert statuses == [400] * 5 + [429] * 7

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(
            lambda _: requests.get(f"{base}/api/v1/categories", timeout=30), range(12)))
    assert sorted(a.status_code for a in answers) == [200] * 6 + [429] * 6
    # Answered early (api/kept.py) or by the whole chain, in either worker: one window's end
    # for all, the refusals' included. (Not the remaining counts: Flask-Limiter reads its count
    # after the increment, so two answers at once may both say the later one.)
    assert len({a.headers["X-RateLimit-Reset"] for a in answers}) == 1

    # A request target past the app's limit is answered by the app (problem+json), not by
    # gunicorn's bare request-line refusal.
    response = requests.get(f"{base}/api/v1/products?q=" + "a" * 5000, timeout=30)
    assert response.status_code == 414
    assert response.headers["Content-Type"] == "application/problem+json"
