"""Rate-limit storages. The in-memory one (tests) survives two threads of one gthread worker
restarting its expiry timer at the same moment. limits' own MemoryStorage, in this
interleaving, starts one Timer twice: "RuntimeError: threads can only be started once" (a 500
under `make bench`) or, worse, a thread bootstrapped twice; not tested here because what it
does then is itself a race."""
from __future__ import annotations

import threading
import time

from marketplace.extensions import limiter
from marketplace.ratelimit import ThreadSafeMemoryStorage
from tests.conftest import setting_in_a_fresh_process


class _TwoThreadsInterleaved:
    """Holds each thread just after it stored a new expiry timer until the other one did too:
    the interleaving in which, unguarded, both start the second thread's timer."""

    def arm(self) -> None:
        finished = threading.Timer(0, lambda: None)
        finished.start()
        finished.join()
        self.timer = finished  # dead: the next count restarts it
        self._both_stored = threading.Barrier(2)

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name == "timer" and "_both_stored" in self.__dict__:
            try:
                self._both_stored.wait(timeout=0.3)
            except threading.BrokenBarrierError:
                pass  # the other thread is waiting for the lock instead


class _OurStorage(_TwoThreadsInterleaved, ThreadSafeMemoryStorage):
    pass


def _count_from_two_threads(storage) -> list[BaseException]:
    storage.arm()
    errors: list[BaseException] = []

    def hit() -> None:
        try:
            storage.incr("api/203.0.113.7", expiry=60)
        except BaseException as error:  # noqa: BLE001 - what would have been a 500
            errors.append(error)

    threads = [threading.Thread(target=hit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    return errors


def test_the_app_counts_with_the_thread_safe_storage(app):
    with app.app_context():
        assert isinstance(limiter.storage, ThreadSafeMemoryStorage)


def test_two_threads_restarting_the_expiry_timer_both_count():
    storage = _OurStorage("sentra-memory://")
    assert _count_from_two_threads(storage) == []
    assert storage.get("api/203.0.113.7") == 2


# --- The SQLite storage every worker of a machine shares (no REDIS_URL) ----------------------

def test_without_redis_the_limits_count_in_a_sqlite_file_of_the_instance_folder(tmp_path):
    uri = setting_in_a_fresh_process("RATELIMIT_STORAGE_URI", INSTANCE_DIR=str(tmp_path))
    assert uri == f"sentra-sqlite://{tmp_path.resolve() / 'ratelimits.sqlite3'}"
    redis = "redis://127.0.0.1:6379/0"
    assert setting_in_a_fresh_process("RATELIMIT_STORAGE_URI", REDIS_URL=redis) == redis


def test_sqlite_counts_from_many_threads_are_exact_and_windows_expire(tmp_path, monkeypatch):
    from marketplace import ratelimit

    uri = f"sentra-sqlite://{tmp_path / 'limits.sqlite3'}"
    storage = ratelimit.SQLiteStorage(uri)
    other = ratelimit.SQLiteStorage(uri)  # another worker's view of the same file
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(storage.incr("k", 60)))
               for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == list(range(1, 41))  # every count seen once: atomic
    assert other.get("k") == 40 and other.incr("k", 60, amount=-1) == 39
    assert other.get_expiry("k") > time.time() + 50
    # The count and its window's end in one statement (the API's early answer): the same
    # end as get_expiry says, and the same count as incr.
    assert storage.incr_with_expiry("k", 60) == (40, other.get_expiry("k"))
    assert storage.incr_with_expiry("k", 60, amount=-1) == (39, other.get_expiry("k"))

    now = time.time()
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 61)  # the window ran out
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1  # a new window starts from the amount
    assert storage.incr_with_expiry("k", 60) == (2, now + 61 + 60)  # and its end with it
    storage.clear("k")
    assert other.get("k") == 0 and storage.check()
    storage.incr("a", 60)
    assert storage.reset() == 1
