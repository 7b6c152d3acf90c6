"""Rate-limit storage for one server: limits' in-memory storage, made safe for threads.

limits 5.8's MemoryStorage restarts its expiry timer with `if not timer.is_alive(): timer =
Timer(...); timer.start()`. Two threads of a gunicorn gthread worker can both find the timer
dead; the second assignment wins and both start the same Timer, so one request dies with
"RuntimeError: threads can only be started once" (a 500, seen under `make bench`). The restart
is done under a lock here. With REDIS_URL the Redis storage is used instead.
"""
from __future__ import annotations

import threading

from limits.storage import MemoryStorage


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


STORAGE_URI = "sentra-memory://"
