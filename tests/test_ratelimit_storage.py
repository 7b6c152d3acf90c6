"""The rate-limit storage of a single server survives two threads of one gthread worker
restarting its expiry timer at the same moment. limits' own MemoryStorage, in this
interleaving, starts one Timer twice: "RuntimeError: threads can only be started once" (a 500
under `make bench`) or, worse, a thread bootstrapped twice; not tested here because what it
does then is itself a race."""
from __future__ import annotations

import threading

from marketplace.extensions import limiter
from marketplace.ratelimit import ThreadSafeMemoryStorage


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
