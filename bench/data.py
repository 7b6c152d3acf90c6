"""Benchmark databases: a fresh SQLite file or PostgreSQL database, migrated, filled by
`flask demo-data`, then grown to the wanted size by the generated catalogue."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench import catalogue

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class BenchDatabase:
    kind: str  # "sqlite" or "postgresql"
    url: str
    workdir: Path  # INSTANCE_DIR: the SQLite file, media, logs
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    pg_admin_url: str | None = None
    pg_name: str | None = None
    version: str = ""
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # problems the app showed while building

    @property
    def label(self) -> str:
        return "SQLite" if self.kind == "sqlite" else "PostgreSQL"

    def env(self) -> dict[str, str]:
        """The environment the store runs with, in production mode, on this database."""
        env = dict(os.environ)
        for name in (
            "FLASK_APP",
            "FLASK_DEBUG",
            "TEST_DATABASE_URL",
            "MEDIA_STORAGE",
            "S3_BUCKET",
            "S3_ENDPOINT_URL",
            "MAIL_SERVER",
            "STRIPE_SECRET_KEY",
            "STRIPE_WEBHOOK_SECRET",
            "STRIPE_API_BASE",
        ):
            env.pop(name, None)
        env.update(
            {
                "SENTRA_CONFIG": "production",
                "SECRET_KEY": self.secret_key,
                "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1
                "PUBLIC_BASE_URL": "http://127.0.0.1",  # production refuses to start without it
                # wrk is one client address: the API's per-client limit stays checked on
                # every request, but is not what the API listing row measures.
                "API_RATE_LIMIT": "100000000 per minute",
                "DATABASE_URL": self.url,
                "INSTANCE_DIR": str(self.workdir),
                "MEDIA_DIR": str(
                    self.workdir.parent / "media"
                ),  # shared: photos are content-addressed
                "MEDIA_STORAGE": "local",
                # As deploy/sentra.service: every worker's metrics in files, summed at a scrape.
                "PROMETHEUS_MULTIPROC_DIR": str(self.workdir / "metrics"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env


class CommandFailed(RuntimeError):
    def __init__(self, what: str, output: str) -> None:
        self.output = output
        super().__init__(f"{what} failed: {error_line(output)}")


def error_line(output: str) -> str:
    """The exception a failed command ended with, without the traceback or the SQL."""
    lines = [line.strip() for line in output.split("[SQL:")[0].splitlines() if line.strip()]
    found = [
        line
        for line in lines
        if re.match(r"^[\w.]+(Error|Exception|Exit)\b.*", line) or line.startswith("Error:")
    ]
    text = (found or lines or ["(no output)"])[-1]
    return text[:400]


def flask(db: BenchDatabase, *args: str) -> str:
    """Run `flask --app wsgi ...` against the benchmark database; fail loudly."""
    return python(db, "-m", "flask", "--app", "wsgi", *args, what=f"`flask {' '.join(args)}`")


def python(db: BenchDatabase, *args: str, what: str) -> str:
    """Run the venv's Python in the database's environment; its standard output, or
    CommandFailed with everything it wrote. All output also goes to commands.log."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=db.env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with (db.workdir / "commands.log").open("a") as handle:
        handle.write(f"$ {what}\n{result.stdout}\n{result.stderr}\n")
    if result.returncode != 0:
        raise CommandFailed(f"{what} ({db.label})", result.stderr + "\n" + result.stdout)
    return result.stdout


CREATE_ALL = """
from marketplace import create_app
from marketplace.extensions import db
app = create_app()
with app.app_context():
    db.create_all()
"""


def migrate(db: BenchDatabase) -> None:
    """`flask db upgrade`. Should a migration fail on this database, say so loudly and build
    the schema another way so that the pages can still be measured: on PostgreSQL, the same
    migrations as offline SQL (`flask db upgrade --sql`, seed rows included) with integer
    defaults of boolean columns (a SQLite-ism PostgreSQL refuses) written as true/false;
    failing that, or on SQLite, from the models (`db.create_all`, no seed rows)."""
    try:
        flask(db, "db", "upgrade")
        return
    except CommandFailed as exc:
        revision = re.findall(r"Running upgrade (\S+ -> [^\s,]+)", exc.output)
        where = f" (migration {revision[-1]})" if revision else ""
        problem = (
            f"APP PROBLEM: `flask db upgrade` fails on {db.label}{where}: {error_line(exc.output)}."
        )
        print("  " + problem)
    _empty(db)
    if db.kind == "postgresql":
        try:
            script = flask(db, "db", "upgrade", "--sql")
            script = re.sub(r"\bBOOLEAN DEFAULT 1\b", "BOOLEAN DEFAULT true", script)
            script = re.sub(r"\bBOOLEAN DEFAULT 0\b", "BOOLEAN DEFAULT false", script)
            engine = sa.create_engine(db.url)
            try:
                raw = engine.raw_connection()
                try:
                    connection = raw.driver_connection
                    connection.autocommit = True
                    connection.execute(script)
                finally:
                    raw.close()
            finally:
                engine.dispose()
            db.notes.append(
                problem + " The benchmark ran the same migrations as offline SQL "
                "(`flask db upgrade --sql`) with boolean defaults written as true/false."
            )
            print("  ran the migrations as offline SQL with boolean defaults fixed")
            return
        except Exception as exc:  # fall through to the models
            print(f"  offline SQL failed too: {exc}")
            _empty(db)
    python(db, "-c", CREATE_ALL, what="db.create_all()")
    flask(db, "db", "stamp", "head")
    db.notes.append(
        problem + " The benchmark built the schema from the models instead "
        "(db.create_all + `flask db stamp head`): rows the migrations seed are missing."
    )


def _empty(db: BenchDatabase) -> None:
    """Back to an empty database after a failed migration."""
    if db.kind == "postgresql":
        engine = sa.create_engine(db.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        Path(sa.make_url(db.url).database).unlink(missing_ok=True)


def create_sqlite(root: Path) -> BenchDatabase:
    workdir = root / "sqlite"
    workdir.mkdir(parents=True)
    db = BenchDatabase("sqlite", f"sqlite:///{workdir / 'sentra.db'}", workdir)
    import sqlite3

    db.version = f"SQLite {sqlite3.sqlite_version}"
    return db


def create_postgresql(root: Path, admin_url: str) -> BenchDatabase:
    """A fresh database `sentra_bench_<pid>` on the server of `admin_url`."""
    name = f"sentra_bench_{os.getpid()}"
    admin = sa.make_url(admin_url)
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            version = conn.scalar(sa.text("SHOW server_version"))
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    workdir = root / "postgresql"
    workdir.mkdir(parents=True)
    url = admin.set(database=name).render_as_string(hide_password=False)
    db = BenchDatabase("postgresql", url, workdir, pg_admin_url=admin_url, pg_name=name)
    db.version = f"PostgreSQL {version}"
    return db


def drop(db: BenchDatabase) -> None:
    """Remove a PostgreSQL benchmark database (SQLite files go with the temp dir)."""
    if db.kind != "postgresql" or not db.pg_name:
        return
    engine = sa.create_engine(db.pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)'))
    finally:
        engine.dispose()
    print(f"  dropped PostgreSQL database {db.pg_name}")
    db.pg_name = None


def fill(db: BenchDatabase, products: int) -> None:
    """Migrate, load the demo data, grow the catalogue, build any search index."""
    started = time.perf_counter()

    print(f"  migrating ({db.url.split('@')[-1]})")
    migrate(db)
    print("  loading demo data (flask demo-data)")
    out = flask(db, "demo-data")
    summary = [line for line in out.splitlines() if line.startswith("Demo data")]
    print("    " + (summary[-1] if summary else out.strip().splitlines()[-1]))
    print(f"  generating the catalogue up to {products:,} products")
    step = time.perf_counter()
    db.counts = catalogue.generate(db.url, products, say=print)
    print(f"    done in {time.perf_counter() - step:.0f} s")
    if db.kind == "postgresql":
        # What autovacuum would do within a minute of a bulk load on a real server.
        engine = sa.create_engine(db.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("ANALYZE"))
        engine.dispose()
    reindex_search(db)
    print(
        f"  {db.label}: {db.counts['total_products']:,} products ready in "
        f"{time.perf_counter() - started:.0f} s"
    )


def reindex_search(db: BenchDatabase) -> None:
    """Bulk-inserted products bypass whatever keeps a search index up to date: if the app has
    a `flask search <rebuild|reindex|index>` command, run it; otherwise say so."""
    helptext = flask(db, "--help")
    if not re.search(r"^\s+search\s", helptext, re.M):
        db.counts["search_index"] = "no `flask search` command"
        return
    sub = flask(db, "search", "--help")
    for name in ("rebuild", "reindex", "index", "build"):
        if re.search(rf"^\s+{name}\s", sub, re.M):
            print(f"  building the search index (flask search {name})")
            started = time.perf_counter()
            flask(db, "search", name)
            db.counts["search_index"] = (
                f"flask search {name} ({time.perf_counter() - started:.0f} s)"
            )
            print(f"    done in {time.perf_counter() - started:.0f} s")
            return
    db.counts["search_index"] = "`flask search` has no rebuild command"
    print("  note: `flask search` exists but has no rebuild/reindex command; index not rebuilt")
