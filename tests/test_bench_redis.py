"""`make bench` runs the store as deployed when a Redis answers (bench/servers.py), and says
which cache a run used."""
from __future__ import annotations

import socket

import pytest

from bench import servers


def test_bench_redis_url_none_keeps_the_caches_in_each_worker(monkeypatch):
    monkeypatch.setenv("BENCH_REDIS_URL", "none")
    assert servers.bench_redis_url() is None
    # A Redis of the surrounding shell is not used behind the run's back either.
    env = servers.with_redis({"REDIS_URL": "redis://elsewhere/0", "PATH": "/bin"}, None)
    assert env == {"PATH": "/bin"}
    assert servers.cache_mode(None).startswith("in each worker's memory")


def test_a_bench_redis_that_does_not_answer_stops_the_run(monkeypatch):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("BENCH_REDIS_URL", f"redis://127.0.0.1:{port}/13")
    with pytest.raises(SystemExit, match="does not answer"):
        servers.bench_redis_url()


def test_with_a_redis_the_store_gets_it_for_cache_sessions_and_limits(monkeypatch):
    url = "redis://127.0.0.1:6379/13"
    env = servers.with_redis({"PATH": "/bin"}, url)
    assert env == {"PATH": "/bin", "REDIS_URL": url, "CACHE_REDIS_URL": url}
    monkeypatch.delenv("CACHE_TYPE", raising=False)
    assert servers.cache_mode(url).startswith("Redis with each worker's copy before it")
    monkeypatch.setenv("CACHE_TYPE", "RedisCache")
    assert servers.cache_mode(url).startswith("Redis alone")
