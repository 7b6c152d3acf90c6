"""The copy each process keeps before Redis (marketplace/tiered_cache.py) stays within its
bounds: entries and bytes, least recently used first out. Redis's side: tests/test_redis.py."""
from __future__ import annotations

from marketplace.tiered_cache import LocalFront


def test_the_least_recently_used_entry_goes_first_when_there_are_too_many():
    front = LocalFront(entries=2, max_bytes=1000)
    front.put("a", b"1", 60)
    front.put("b", b"2", 60)
    assert front.get("a") == b"1"  # "b" is now the least recently used
    front.put("c", b"3", 60)
    assert (front.get("a"), front.get("b"), front.get("c")) == (b"1", None, b"3")


def test_entries_go_until_the_bytes_fit_and_one_too_big_is_never_kept():
    front = LocalFront(entries=100, max_bytes=10)
    front.put("a", b"aaaa", 60)
    front.put("b", b"bbbb", 60)
    front.put("c", b"cccc", 60)
    assert front.get("a") is None and front.get("b") == b"bbbb" and front.size == 8
    front.put("big", b"x" * 11, 60)
    assert front.get("big") is None and front.get("c") == b"cccc"
    front.put("c", b"cc", 60)  # replaced: counted once
    assert front.size == 6


def test_an_entry_lasts_its_time_only():
    front = LocalFront(entries=10, max_bytes=100)
    front.put("gone", b"x", -1)
    front.put("expired", b"x", 1e-9)
    assert front.get("gone") is None and front.get("expired") is None and front.size == 0
