"""Browser tests: the store served for real on 127.0.0.1, driven by Debian's Chromium.

Every test in this folder is marked `browser`. Without a Chromium (/usr/bin/chromium, or the
path in CHROMIUM_PATH) they are skipped with the reason given, unless REQUIRE_BROWSER=1, in
which case a missing browser is an error: CI must never skip them silently.

Each test worker (pytest-xdist or not) serves its own copy of the store, on its own database
filled with the demo data, from a thread of this process. A failing test leaves a full-page
screenshot in test-results/e2e/<test name>.png.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import WSGIRequestHandler, make_server

from marketplace.config import load_config
from marketplace.extensions import db
from tests.conftest import make_test_app, migrate_to_head, provisioned_database

E2E_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without these, Debian's Chromium fails as root (sandbox), or reaches out to Google's
# servers for updates, sync and "safe browsing" while a test runs.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

expect.set_options(timeout=10_000)

_log = logging.getLogger("sentra.e2e")
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
# The app behind each live server, by its URL: see the `live_app` fixture.
_LIVE_APPS: dict[str, Flask] = {}


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def _browser_missing_reason() -> str | None:
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"no Chromium at {path} (install Debian's `chromium` or set CHROMIUM_PATH)"
    return None


_REQUIRE_HINT = "REQUIRE_BROWSER=1 makes this an error"


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def _is_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in Path(item.path).parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A hook in a folder's conftest still sees every collected item: keep to this folder.
    missing = _browser_missing_reason()
    for item in items:
        if not _is_e2e(item):
            continue
        item.add_marker(pytest.mark.browser)
        # The in-process development server leaves a photo's file open when the browser drops
        # the connection mid-download (navigating on); that is the test server, not the app.
        item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
        item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))
        if missing and not _browser_required():
            item.add_marker(pytest.mark.skip(reason=f"{missing}; {_REQUIRE_HINT}"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if _is_e2e(item):
        item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The browser to launch; a missing one fails here when REQUIRE_BROWSER=1."""
    missing = _browser_missing_reason()
    if missing:
        if _browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing}", pytrace=False)
        pytest.skip(f"{missing}; {_REQUIRE_HINT}")
    return chromium_path()


@pytest.fixture(scope="session", autouse=True)
def _browser_present(chromium_executable: str) -> None:
    """Check for the browser before anything slow (the live server) is set up."""


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config, chromium_executable: str) -> dict:
    return {
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
        "headless": not pytestconfig.getoption("--headed"),
    }


class _LoggingRequestHandler(WSGIRequestHandler):
    """Request lines go to a logger (shown with a failing test), not straight to stderr."""

    def log(self, type: str, message: str, *args) -> None:  # noqa: A002 (werkzeug's name)
        level = logging.ERROR if type == "error" else logging.INFO
        _log.log(level, "%s - %s", self.address_string(), message % args if args else message)


def _load_demo_data(app) -> None:
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, (
        f"`flask demo-data` failed (exit code {result.exit_code}): {result.exception!r}\n"
        f"{result.output}"
    )


@pytest.fixture(scope="session")
def live_server(_browser_present, tmp_path_factory) -> Iterator[str]:
    """The store with its demo data, served on 127.0.0.1 at a free port; yields its URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # Photos in a folder of their own: the other tests' media folder is theirs to empty.
    media_dir = tmp_path_factory.mktemp("e2e_media")
    with provisioned_database(f"e2e_{worker}", tmp_path_factory.mktemp("e2e_db")) as url:
        app = make_test_app(url, media_dir)

        @app.after_request
        def _buffer_files(response):
            # Files are read into memory here: werkzeug's development server never closes a
            # file response whose connection the browser dropped (it navigated on).
            if response.direct_passthrough:
                response.direct_passthrough = False
                response.make_sequence()
            return response
        migrate_to_head(app)
        _load_demo_data(app)

        # Port 0: the system picks a free port, no race with other workers.
        server = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_LoggingRequestHandler
        )
        base_url = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_BASE_URL"] = base_url  # links in mail lead to this server
        thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
        thread.start()
        _LIVE_APPS[base_url] = app
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=10) as response:
                assert response.status == 200, f"live server unhealthy: {response.status}"
            yield base_url
        finally:
            _LIVE_APPS.pop(base_url, None)
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_app(live_server: str) -> Flask:
    """The app the live server serves, for preparing what no page can (an admin account, a
    password for a demo seller) in its database: `with live_app.app_context(): ...`."""
    return _LIVE_APPS[live_server]


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-base-url's fixture, pointed at the live server: `page.goto("/")` works."""
    return live_server


def _screenshot_path(config: pytest.Config, item: pytest.Item) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name).strip("_")
    return config.rootpath / "test-results" / "e2e" / f"{name}.png"


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request: pytest.FixtureRequest, page: Page) -> Iterator[None]:
    path = _screenshot_path(request.config, request.node)
    path.unlink(missing_ok=True)  # a screenshot from an earlier run would mislead
    page.set_default_timeout(15_000)
    yield
    call = request.node.stash.get(_REPORTS, {}).get("call")
    if call is not None and call.failed and not page.is_closed():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(path), full_page=True, timeout=10_000)
        except Exception as exc:  # the test's own failure matters more than the screenshot
            _log.warning("could not save a screenshot of %s: %s", request.node.nodeid, exc)


SERIOUS_IMPACTS = ("serious", "critical")


def assert_no_serious_axe_violations(page: Page, context: str | dict | None = None) -> None:
    """Run axe-core on the page as it is now; fail listing every serious or critical issue."""
    __tracebackhide__ = True
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS_IMPACTS]
    if not serious:
        return
    lines = [f"{len(serious)} serious/critical accessibility violation(s) on {page.url}:"]
    for violation in serious:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            html = re.sub(r"\s+", " ", node.get("html", ""))[:200]
            lines.append(f"    {target}: {html}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + re.sub(r"\s+", " ", summary)[:300])
    raise AssertionError("\n".join(lines))


def open_account_menu(page: Page) -> None:
    """The signed-in header keeps the account's links in a menu (a <details>): open it."""
    menu = page.locator("header details.account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(menu.locator(".menu-panel")).to_be_visible()


@contextmanager
def development_settings(live_app: Flask, monkeypatch, names: tuple[str, ...],
                         port_setting: str, port: int):
    """The live store configured as a development store with none of `names` set, so that it
    finds the local stand-in on `port` by itself (as under `make run`); yields that config."""
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(port_setting, str(port))
    monkeypatch.setenv("SECRET_KEY", "e2e-" + "x" * 40)
    development = load_config("development")
    saved = {name: live_app.config.get(name) for name in names}
    live_app.config.update({name: getattr(development, name) for name in names})
    try:
        yield development
    finally:
        live_app.config.update(saved)
