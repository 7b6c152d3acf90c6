"""Load with Debian's wrk: a C load generator that leaves the CPU to the server under test.

Local only: every URL is checked to be on 127.0.0.1 before wrk is pointed at it, and each run
is bounded by its duration (plus wrk's own request timeout).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

THREADS = 2
CONNECTIONS = 16
# wrk's default is 2 s, after which a slow response counts as a "timeout" and drops out of
# the latency figures: a longer one keeps slow pages in the percentiles.
TIMEOUT = "30s"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class LoadResult:
    requests_per_second: float = 0.0
    p50_ms: float | None = None
    p75_ms: float | None = None
    p90_ms: float | None = None
    p99_ms: float | None = None
    requests: int = 0
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    error_detail: str = ""
    server_cpu_s: float | None = None  # CPU the server's processes used during the run
    raw: str = ""

    @property
    def cpu_ms_per_request(self) -> float | None:
        if self.server_cpu_s is None or not self.requests:
            return None
        return self.server_cpu_s * 1000 / self.requests

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's package (we run as root)")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "wrk"]):
        print("  $ " + " ".join(command), flush=True)
        result = subprocess.run(
            command,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        )
        if result.returncode != 0:
            sys.exit(f"`{' '.join(command)}` failed ({result.returncode}); install wrk and retry.")
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is still missing after apt-get install.")
    return found


def wrk_version(wrk: str) -> str:
    result = subprocess.run(
        [wrk, "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    match = re.search(r"wrk\s+(\S+)", result.stdout)
    return match.group(1) if match else "?"


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def parse(output: str) -> LoadResult:
    result = LoadResult(raw=output)
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.requests_per_second = float(m.group(1))
    for pct, attr in (("50", "p50_ms"), ("75", "p75_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        if m := re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M):
            setattr(result, attr, _ms(m.group(1), m.group(2)))
    if m := re.search(r"(\d+) requests in", output):
        result.requests = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.non_2xx_3xx = int(m.group(1))
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        connect, read, write, timeout = map(int, m.groups())
        result.socket_errors = connect + read + write + timeout
        result.error_detail = f"connect {connect}, read {read}, write {write}, timeout {timeout}"
    if not result.requests:  # wrk prints zeros when nothing completed
        result.p50_ms = result.p75_ms = result.p90_ms = result.p99_ms = None
    return result


def command(wrk: str, url: str, seconds: float, cookie: str = "", script: str = "") -> list[str]:
    """`script`: a wrk Lua script that picks each request's path (bench/search_mix.py)."""
    return [
        wrk,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds:g}s",
        "--latency",
        "--timeout",
        TIMEOUT,
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        *(["-s", script] if script else []),
        url,
    ]


def drain(url: str, times: int = 3, cookie: str = "") -> None:
    """wrk drops its connections when it stops, but the server still works through the
    requests it had accepted: a few plain GETs, each queued behind them, let that backlog
    clear before the measured run starts."""
    for _ in range(times):
        try:
            headers = {"Cookie": cookie} if cookie else {}
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                        timeout=120) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass


def run(
    wrk: str,
    url: str,
    seconds: float,
    warmup: float,
    cpu: Callable[[], float] | None = None,
    cookie: str = "",
    script: str = "",
) -> LoadResult:
    """A warm-up run (discarded), then the measured run; `cpu` reads the server's CPU time."""
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"refusing to load anything but 127.0.0.1: {url}")
    if warmup > 0:
        subprocess.run(
            command(wrk, url, warmup, cookie, script),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=warmup + 60,
        )
    drain(url, cookie=cookie)
    cpu_before = cpu() if cpu else None
    done = subprocess.run(
        command(wrk, url, seconds, cookie, script),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=seconds + 60,
    )
    cpu_after = cpu() if cpu else None
    result = parse(done.stdout)
    if cpu_before is not None and cpu_after is not None:
        result.server_cpu_s = cpu_after - cpu_before
    if done.returncode != 0 or not result.requests:
        result.error_detail = (result.error_detail + f" wrk exit {done.returncode}").strip()
    return result
