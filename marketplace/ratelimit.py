"""Where rate limits count (Flask-Limiter over the `limits` package).

- **Redis** (`REDIS_URL`): one count for every worker of every server.
- **Otherwise a SQLite file** under the instance folder (`sentra-sqlite://`, this module): one
  count for every worker of this machine. `make run` serves 2 gunicorn workers; with limits'
  memory storage each counted on its own, so 10 wrong passwords got through a limit of 5.
  Chosen over the alternatives: the app's own database would add a write to PostgreSQL (or
  queue behind checkouts for SQLite's one writer) on every API request; limits' other storages
  (memcached, MongoDB) are servers to run, which is what Redis is for. SQLite's own locking
  makes it safe across processes and threads: each count is a single UPSERT statement, atomic
  under its write lock; WAL with `synchronous=NORMAL` keeps it to a few tens of microseconds
  (a counter lost in a power cut costs nothing). Each process and thread has its own connection.
- **In memory** (`sentra-memory://`), for the tests only (one process each): limits' memory
  storage with its expiry timer restarted under a lock. limits 5.8 restarts it with `if not
  timer.is_alive(): timer = Timer(...); timer.start()`: two threads of a gthread worker can
  both find the timer dead and start the same Timer, and one request dies with "RuntimeError:
  threads can only be started once" (a 500, seen under `make bench`).
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many
from limits.storage import MemoryStorage, Storage


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["sentra-memory"]  # registered with limits by its metaclass

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        self._timer_lock = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # MemoryStorage's private method
        with self._timer_lock:
            super()._MemoryStorage__schedule_expiry()

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_timer_lock", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self._timer_lock = threading.Lock()
        super().__setstate__(state)


_SCHEMA = """CREATE TABLE IF NOT EXISTS rate_limit_counters (
    key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID"""
# One statement, so one atomic step under SQLite's write lock: a window that has run out
# starts again from `amount`, otherwise `amount` is added (all SET expressions read the row as
# it was).
_INCREMENT = """INSERT INTO rate_limit_counters (key, value, expires_at)
    VALUES (:key, :amount, :now + :expiry)
    ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN expires_at <= :now THEN :amount ELSE value + :amount END,
        expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
    RETURNING value, expires_at"""
# Expired rows are deleted now and then rather than on every count.
_SWEEP_EVERY = 1000


class SQLiteStorage(Storage):
    """limits' storage in a SQLite file shared by every process of the machine:
    `sentra-sqlite:///abs/path/to/file.sqlite3`. Fixed-window counts (RATELIMIT_STRATEGY)."""

    STORAGE_SCHEME = ["sentra-sqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = urlsplit(uri or "").path
        if not path:
            raise ValueError(f"{uri!r}: give a file, e.g. sentra-sqlite:///var/lib/sentra/limits.sqlite3")
        self.path = Path(path)
        self._local = threading.local()
        self._counts = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection in this process (a forked worker opens its own)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
            local.connection, local.pid = connection, os.getpid()
        return local.connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self.incr_with_expiry(key, expiry, amount)[0]

    def incr_with_expiry(self, key: str, expiry: int, amount: int = 1) -> tuple[int, float]:
        """`incr`, and the end of the key's window (what `get_expiry` would say right after)
        from the same statement: the API's early answer (api/kept.py) needs both for its
        X-RateLimit headers, and a second statement was a tenth of that answer's cost."""
        now = time.time()
        connection = self._connection()
        # fetchall(): the statement, and so its write transaction, ends here.
        [(value, expires_at)] = connection.execute(
            _INCREMENT, {"key": key, "amount": amount, "now": now, "expiry": expiry}).fetchall()
        self._counts += 1
        if self._counts % _SWEEP_EVERY == 0:
            connection.execute("DELETE FROM rate_limit_counters WHERE expires_at <= ?", (now,))
        return int(value), float(expires_at)

    def get(self, key: str) -> int:
        row = self._connection().execute(
            "SELECT value FROM rate_limit_counters WHERE key = ? AND expires_at > ?",
            (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._connection().execute(
            "SELECT expires_at FROM rate_limit_counters WHERE key = ? AND expires_at > ?",
            (key, now)).fetchone()
        return float(row[0]) if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchall()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM rate_limit_counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM rate_limit_counters WHERE key = ?", (key,))


def give_back(limiter) -> None:
    """Take back what this request counted against its limits: a log-in that succeeded.

    Counting every attempt first (an atomic increment that also decides) and giving a success
    back keeps the limit exact when attempts arrive at the same moment in several workers;
    Flask-Limiter's `deduct_when` tests first and counts after the response, so concurrent
    attempts could all pass the test."""
    for request_limit in limiter.current_limits:
        limiter.storage.incr(request_limit.key, request_limit.limit.get_expiry(), amount=-1)


def allow(limiter, limits: str, scope: str, key: str) -> bool:
    """Count one action of `key` against `limits` ("10 per 10 minutes; 50 per day") in the
    shared storage, for a route that answers a refusal itself (a form shown again with its
    message, nothing stored) rather than with Flask-Limiter's 429 page. False when any of
    the limits is reached already; nothing is counted then."""
    if not limiter.enabled:
        return True
    items = parse_many(limits)
    if not all(limiter.limiter.test(item, scope, key) for item in items):
        return False
    return all([limiter.limiter.hit(item, scope, key) for item in items])
