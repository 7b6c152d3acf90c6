"""Fixtures: a migrated database per test worker (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), a fresh app per test, emptied tables after each test."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade as alembic_upgrade
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.extensions import limiter

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@contextmanager
def provisioned_database(name: str, tmp_dir: Path) -> Iterator[str]:
    """A new, empty database for this worker: a SQLite file, or a PostgreSQL database
    created next to the one TEST_DATABASE_URL names (and dropped afterwards)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_dir / f'{name}.db'}"
        return
    url = make_url(base)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    db_name = f"{url.database}_{name}"[:63]
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
    try:
        yield url.set(database=db_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as in production: `g`, the database
    session and Flask-Babel's locale never leak from the test (or an earlier request)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


_apps_made = []


def setting_in_a_fresh_process(name: str, **environment: str) -> str:
    """A setting (of DevelopmentConfig, or SENTRA_CONFIG's class) as a new process reads it from
    this environment; REDIS_URL and friends of the developer's shell left out."""
    import subprocess
    import sys

    clean = {key: value for key, value in os.environ.items()
             if key not in ("REDIS_URL", "CACHE_REDIS_URL", "RATELIMIT_STORAGE_URI", "CACHE_TYPE")}
    script = ("from marketplace.config import CONFIGS; import os;"
              "print(getattr(CONFIGS[os.environ.get('SENTRA_CONFIG', 'development')], "
              f"{name!r}))")
    return subprocess.run([sys.executable, "-c", script], env={**clean, **environment},
                          capture_output=True, text=True, check=True,
                          cwd=PROJECT_ROOT).stdout.strip()


SEARCH_BACKENDS = ("whoosh", "postgresql")


def skip_unless_backend_runs(backend: str, database_url: str) -> None:
    """The PostgreSQL search backend runs on PostgreSQL only (the app refuses it on SQLite)."""
    if backend == "postgresql" and not database_url.startswith("postgresql"):
        pytest.skip("SEARCH_BACKEND=postgresql needs PostgreSQL (TEST_DATABASE_URL)")


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request, app, database_url) -> str:
    """Runs a test on each search backend (PostgreSQL's only on a PostgreSQL database)."""
    skip_unless_backend_runs(request.param, database_url)
    app.config["SEARCH_BACKEND"] = request.param
    return request.param


def make_test_app(database_url: str, media_dir: Path, **overrides):
    overrides.setdefault("SEARCH_INDEX_DIR", str(media_dir.parent / "search-index"))  # per process
    overrides.setdefault("DATA_EXPORT_DIR", str(media_dir.parent / "exports"))
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=database_url, MEDIA_DIR=str(media_dir), **overrides
    )
    app.test_client_class = FreshContextClient
    _apps_made.append(app)
    with app.app_context():
        limiter.reset()  # rate-limit counters in memory are per process, not per app
    return app


def migrate_to_head(app) -> None:
    with app.app_context():
        alembic_upgrade(directory=str(PROJECT_ROOT / "migrations"))
        if not _seeded_rows:
            remember_seeded_rows()
            _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _close_connections_of_extra_apps():
    """Apps a test makes for itself (other settings) close their pooled connections after it:
    PostgreSQL connections left to the garbage collector raise ResourceWarning."""
    yield
    while _apps_made:
        app = _apps_made.pop()
        with app.app_context():
            for engine in _db.engines.values():
                engine.dispose()


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, media_dir) -> Iterator[str]:
    with provisioned_database(f"t_{_worker_suffix()}", tmp_path_factory.mktemp("db")) as url:
        migrate_to_head(make_test_app(url, media_dir))
        yield url


# Reference data that the migrations seed: put back as it was after every test.
SEEDED_TABLES = ("shipping_rates", "featured_sections", "exchange_rates")
_seeded_rows: dict[str, list[dict]] = {}


def remember_seeded_rows() -> None:
    for name in SEEDED_TABLES:
        table = _db.metadata.tables[name]
        _seeded_rows[name] = [dict(row._mapping) for row in _db.session.execute(table.select())]


def empty_all_tables() -> None:
    """Every table back to what the migrations leave: empty, but for the seeded reference data."""
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        from marketplace.catalog.search.pg_schema import TABLES as SEARCH_TABLES

        names = ", ".join([*(f'"{t.name}"' for t in tables), *SEARCH_TABLES])
        _db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # Categories refer to their parents: check foreign keys at commit, not per row.
        _db.session.execute(sa.text("PRAGMA defer_foreign_keys=ON"))
        for table in tables:
            _db.session.execute(table.delete())
    for name, rows in _seeded_rows.items():
        if rows:
            _db.session.execute(_db.metadata.tables[name].insert(), rows)
            if _db.engine.dialect.name == "postgresql" and "id" in rows[0]:
                _db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
    _db.session.commit()


@pytest.fixture
def app(database_url, media_dir):
    app = make_test_app(database_url, media_dir)
    with app.app_context():
        yield app
        _db.session.remove()
        empty_all_tables()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: ...` counts the SQL statements run inside."""

    @contextmanager
    def counting():
        counter = QueryCounter()
        sa.event.listen(_db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", counter)

    return counting


_SHOP_FIELD = re.compile(r'name="shop_id" value="(\d+)"')
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _hidden_fields(client, url: str) -> dict[str, str]:
    """The hidden fields a browser sends with the page's form: the CSRF token and, on seller
    pages, the shop the form is for."""
    html = client.get(url).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {url}"
    fields = {"csrf_token": match.group(1) or match.group(2)}
    shop = _SHOP_FIELD.search(html)
    if shop:
        fields["shop_id"] = shop.group(1)
    return fields


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on `url`, as a browser would submit it."""
    return _hidden_fields(client, url)["csrf_token"]


def submit(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """POST a form with the hidden fields taken from the page that shows it."""
    return client.post(url, data={**_hidden_fields(client, form_url or url), **data}, **kwargs)


@pytest.fixture
def login_as(client):
    from tests.factories import PASSWORD

    def login(user, password: str = PASSWORD):
        response = submit(client, "/account/login", {"email": user.email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return client

    return login


class SMTPInbox:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(app):
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = SMTPInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield inbox
    finally:
        controller.stop()
