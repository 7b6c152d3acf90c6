"""gunicorn servers for the benchmark, each in its own process group so that nothing outlives
the run: `stop_all()` (called from a `finally`) ends every group this module started."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICE_FILE = PROJECT_ROOT / "deploy" / "sentra.service"
# What deploy/sentra.service runs, should that file be missing or unreadable.
DEFAULT_FLAGS = [
    "--no-control-socket",
    "--workers",
    "5",
    "--worker-class",
    "sync",
    "--access-logfile",
    "-",
]

_RUNNING: list[Server] = []


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path
    command: list[str]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            _signal_group(self.process, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(self.process, signal.SIGKILL)
                self.process.wait(timeout=5)
        # Workers are in the same group: make sure none is left behind the master.
        _signal_group(self.process, signal.SIGKILL)
        if self in _RUNNING:
            _RUNNING.remove(self)

    def cpu_seconds(self) -> float:
        """User + system CPU used so far by the master and workers (the process group)."""
        return process_cpu_seconds(lambda pgrp, _title: pgrp == self.process.pid)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # start_new_session: the group id is the master's pid
    except (ProcessLookupError, PermissionError):
        pass


def process_cpu_seconds(match: Callable[[int, str], bool]) -> float:
    """User + system CPU used so far by the processes `match(pgrp, title)` selects."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                title = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if match(int(fields[2]), title):  # fields[2]: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime (ticks)
    return total / tick


def postgres_backend_cpu(database: str) -> float:
    """CPU of the PostgreSQL backends serving `database` (their title names it): on
    PostgreSQL the queries run there, not in the gunicorn workers."""
    return process_cpu_seconds(
        lambda _pgrp, title: title.startswith("postgres:") and f" {database} " in title
    )


def production_flags(workers: int) -> list[str]:
    """The gunicorn options of deploy/sentra.service (minus its bind address and app), with
    the worker count of this run and the control socket off."""
    flags = list(DEFAULT_FLAGS)
    try:
        text = SERVICE_FILE.read_text()
        line = text.replace("\\\n", " ").split("ExecStart=", 1)[1].splitlines()[0]
        words = shlex.split(line)[1:]  # drop the gunicorn executable
        flags, skip = [], False
        for word in words:
            if skip:
                skip = False
                continue
            if word in ("--bind", "-b"):
                skip = True
                continue
            if word.startswith("--bind=") or ":" in word and not word.startswith("-"):
                continue  # the bind address, or the app (wsgi:app)
            flags.append(word)
    except (OSError, IndexError, ValueError):
        pass
    if "--no-control-socket" not in flags:
        flags.insert(0, "--no-control-socket")
    if "--workers" in flags:
        flags[flags.index("--workers") + 1] = str(workers)
    else:
        flags += ["--workers", str(workers)]
    return flags


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    name: str,
    app: str,
    env: dict[str, str],
    flags: list[str],
    log: Path,
    ready_path: str = "/",
    timeout: float = 60,
) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *flags, "--bind", f"127.0.0.1:{port}", app]
    handle = open(log, "ab")
    try:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        handle.close()
    server = Server(name, port, process, log, command)
    _RUNNING.append(server)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(
                f"{name}: gunicorn exited with {process.returncode}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.base_url + ready_path, timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(
                f"{name}: no answer on {server.base_url}{ready_path} in {timeout:.0f} s:\n"
                f"{server.log_tail()}"
            )
        time.sleep(0.25)


def stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


# --- The cache and sessions in Redis, as deployed ------------------------------------------

# A database of the local Redis that the benchmark empties at the start of each database's
# run (BENCH_REDIS_URL to name another; BENCH_REDIS_URL=none: caches in each worker's memory).
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def bench_redis_url() -> str | None:
    """The Redis the store runs with, as deployed (deploy/env.example: cache, sessions and
    rate limits in Redis): BENCH_REDIS_URL, else the local Redis if it answers; None without.
    A BENCH_REDIS_URL that does not answer stops the run rather than measure something else."""
    asked = os.environ.get("BENCH_REDIS_URL")
    url = DEFAULT_REDIS_URL if asked is None else asked.strip()
    if url.lower() in {"", "none", "off", "0"}:
        return None
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:
        if asked is not None:
            raise SystemExit(f"BENCH_REDIS_URL={url} does not answer: {error}") from None
        return None
    return url


def empty_redis(url: str) -> None:
    """A cold cache and no sessions or rate-limit counts left from a previous run."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def with_redis(env: dict[str, str], url: str | None) -> dict[str, str]:
    """The store's environment with this Redis, or none: deploy/env.example names a Redis for
    sessions and limits (REDIS_URL) and another for the cache (CACHE_REDIS_URL); one database
    here, whose keys' prefixes keep them apart."""
    env = {name: value for name, value in env.items()
           if name not in ("REDIS_URL", "CACHE_REDIS_URL")}
    return {**env, "REDIS_URL": url, "CACHE_REDIS_URL": url} if url else env


def cache_mode(url: str | None) -> str:
    """Which cache a run used, in words, for the printout and bench/RESULTS.md."""
    cache_type = os.environ.get("CACHE_TYPE")
    if not url:
        return (f"in each worker's memory (CACHE_TYPE={cache_type or 'SimpleCache'}; no Redis: "
                f"BENCH_REDIS_URL unset and none at {DEFAULT_REDIS_URL}, or set to none); "
                "sessions in cookies, rate limits in a SQLite file")
    if cache_type == "RedisCache":
        kind = "Redis alone (CACHE_TYPE=RedisCache)"
    elif cache_type:
        kind = f"CACHE_TYPE={cache_type}"
    else:
        kind = ("Redis with each worker's copy before it (marketplace.tiered_cache."
                "TieredRedisCache, the default with Redis)")
    return (f"{kind} at {url}, emptied at the start of each database's run; sessions and "
            "rate limits in the same Redis database")
