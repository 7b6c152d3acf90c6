"""The storefront cache with Redis: a small cache in each process's memory in front of the
Redis that every worker and server shares (a Flask-Caching backend; the default CACHE_TYPE
when CACHE_REDIS_URL or REDIS_URL is set, see marketplace/config.py).

Why: with Redis alone every cached page costs a round trip and an unpickling, about what a
page costs to answer otherwise; with a cache per process alone every worker renders every
page once for itself (a search miss is ~13 ms of CPU). Two levels keep both gains: a page
rendered by one worker is fetched once from Redis by each other one, then answered from
memory.

Why it is coherent: the storefront's keys are never written twice with different meanings.
Every key that marketplace/caching.py reads or writes carries the data versions it was made
at (pages, shells, fragments, values, a log-in's header data under the sessions version);
a change bumps a version and so changes the keys, and nothing is deleted to invalidate. A
copy kept in memory can therefore only be as right as the one in Redis. Only the prefixes
named in CACHE_LOCAL_PREFIXES (set by caching.init_app) are kept in front; any other key (a
counter, a lock, Flask-Caching's own `memoize` versions, anything deleted to invalidate) goes
to Redis only, and `delete`, `add`, `inc`, `dec` and `clear` drop this process's copy first.
A miss is never kept (another worker may store the key a moment later), and every copy is
dropped after CACHE_LOCAL_TIMEOUT seconds (60) whatever happens: the safety net should a
key's meaning ever change under it. `clear()` empties Redis and this process's copies only.

Bounds: CACHE_LOCAL_ENTRIES entries and CACHE_LOCAL_BYTES bytes per process, least recently
used first out. What is kept is the pickled bytes as Redis holds them (their size is what
is counted), unpickled at each hit as the per-process SimpleCache does: callers never share
an object. When Redis cannot be reached, copies in memory still answer.

The front is cachetools' TLRUCache (cachelib's SimpleCache bounds entries only and evicts by
expiry, not use).
"""
from __future__ import annotations

import threading
import time
from typing import Any

from cachetools import TLRUCache
from flask import Flask
from flask_caching.backends.rediscache import RedisCache


class LocalFront:
    """Bytes by key, least recently used first out, bounded by count and total size, each for
    a limited time: cachetools' TLRUCache (sized by the bytes, each entry's own time to use),
    behind a lock since a hit reorders it (sync workers have one thread; `flask run` more)."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self._items: TLRUCache[str, tuple[float, bytes]] = TLRUCache(
            maxsize=max_bytes, ttu=_until, getsizeof=_bytes_of, timer=time.monotonic)
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        with self._lock:
            self._items.expire()
            return int(self._items.currsize)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
        return None if item is None else item[1]

    def put(self, key: str, raw: bytes, ttl: float) -> None:
        if len(raw) > self._items.maxsize or ttl <= 0:
            return
        with self._lock:
            self._items[key] = (ttl, raw)
            while len(self._items) > self.entries:
                self._items.popitem()

    def discard(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _until(_key: str, item: tuple[float, bytes], now: float) -> float:
    return now + item[0]


def _bytes_of(item: tuple[float, bytes]) -> int:
    return len(item[1])


class TieredRedisCache(RedisCache):
    """Flask-Caching's RedisCache with `LocalFront` before it for the versioned keys."""

    def __init__(self, *args: Any, local_entries: int = 1000, local_bytes: int = 32 << 20,
                 local_timeout: float = 60, local_prefixes: tuple[str, ...] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.front = LocalFront(local_entries, local_bytes)
        self.local_timeout = local_timeout
        self.local_prefixes = tuple(local_prefixes)

    @classmethod
    def factory(cls, app: Flask, config: dict[str, Any], args: list[Any],
                kwargs: dict[str, Any]) -> TieredRedisCache:
        kwargs.update(local_entries=config.get("CACHE_LOCAL_ENTRIES", 1000),
                      local_bytes=config.get("CACHE_LOCAL_BYTES", 32 << 20),
                      local_timeout=config.get("CACHE_LOCAL_TIMEOUT", 60),
                      local_prefixes=config.get("CACHE_LOCAL_PREFIXES", ()))
        return super().factory(app, config, args, kwargs)

    def _kept_locally(self, key: str) -> bool:
        return isinstance(key, str) and key.startswith(self.local_prefixes)

    def get(self, key: str) -> Any:
        if not self._kept_locally(key):
            return super().get(key)
        raw = self.front.get(key)
        if raw is None:
            raw = self._read_client.get(self._get_prefix() + key)
            if raw is None:
                return None
            self.front.put(key, raw, self.local_timeout)
        return self.serializer.loads(raw)

    def set(self, key: str, value: Any, timeout: Any = None) -> Any:
        if self._kept_locally(key):
            # Before Redis: should Redis be down, this process still keeps what it rendered.
            seconds = self._normalize_timeout(timeout)
            ttl = self.local_timeout if seconds == -1 else min(seconds, self.local_timeout)
            self.front.put(key, self.serializer.dumps(value), ttl)
        return super().set(key, value, timeout)

    # What changes a key in place, or removes it: never answered from this process's copy.
    def add(self, key: str, value: Any, timeout: Any = None) -> Any:
        self.front.discard(key)
        return super().add(key, value, timeout)

    def delete(self, key: str) -> bool:
        self.front.discard(key)
        return super().delete(key)

    def delete_many(self, *keys: str) -> Any:
        for key in keys:
            self.front.discard(key)
        return super().delete_many(*keys)

    def inc(self, key: str, delta: int = 1) -> Any:
        self.front.discard(key)
        return super().inc(key, delta)

    def dec(self, key: str, delta: int = 1) -> Any:
        self.front.discard(key)
        return super().dec(key, delta)

    def clear(self) -> bool:
        self.front.clear()
        return super().clear()
