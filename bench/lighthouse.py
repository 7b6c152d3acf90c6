"""Page weight with Lighthouse 12 (13 needs Node >= 22.19) on Debian's chromium, with
Lighthouse's default mobile settings (simulated slow 4G and a 4x slower CPU)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Installed by `make lighthouse` from tools/lighthouse/package-lock.json; npx fetches it otherwise.
LOCAL = Path(__file__).resolve().parent.parent / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
AUDITS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "total-byte-weight": ("weight", "bytes"),
}


@dataclass
class LighthouseResult:
    page: str
    url: str
    performance: int | None = None
    accessibility: int | None = None
    metrics: dict[str, str] = field(default_factory=dict)
    failed_audits: list[str] = field(default_factory=list)
    error: str = ""


def missing() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if not LOCAL.exists() and not shutil.which("npx"):
        return "npx is not installed (Node.js/npm): Lighthouse skipped"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium): Lighthouse skipped"
    return ""


def run(page: str, url: str, workdir: Path) -> LighthouseResult:
    out = workdir / f"lighthouse-{page.replace(' ', '-')}.json"
    command = [
        *([str(LOCAL)] if LOCAL.exists() else ["npx", "-y", "lighthouse@12"]),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)  # Lighthouse 12 reads the browser from here
    result = LighthouseResult(page, url)
    # Its own process group, ended in full afterwards: no chromium outlives the run.
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        result.error = "timed out after 300 s"
        return result
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
    if process.returncode != 0 or not out.exists():
        result.error = f"exit {process.returncode}: {output.strip()[-600:]}"
        return result
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        result.error = str(report["runtimeError"].get("message", report["runtimeError"]))
    categories = report.get("categories", {})
    for name in ("performance", "accessibility"):
        score = (categories.get(name) or {}).get("score")
        setattr(result, name, None if score is None else round(score * 100))
    audits = report.get("audits", {})
    for key, (label, unit) in AUDITS.items():
        value = (audits.get(key) or {}).get("numericValue")
        if value is None:
            continue
        if unit == "ms":
            result.metrics[label] = f"{value / 1000:.2f} s"
        elif unit == "bytes":
            result.metrics[label] = f"{value / 1024:.0f} KB"
        else:
            result.metrics[label] = f"{value:.3f}"
    for ref in (categories.get("accessibility") or {}).get("auditRefs", []):
        audit = audits.get(ref["id"]) or {}
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            result.failed_audits.append(ref["id"])
    return result
