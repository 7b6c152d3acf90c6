"""The table: printed per database, and written with the machine to bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench.lighthouse import LighthouseResult
from bench.load import LoadResult

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# Targets from issue 8 ("Fast on a small server").
RATIO_TARGET = 0.5
RATIO_PAGES = {"home", "catalogue", "catalogue filtered p5", "product"}
P99_TARGET_MS = 50.0
HTML_TARGET_BYTES = 40 * 1024
# "At most a handful of queries per page whatever the page size": read here as at most 6,
# and the same count with a catalogue page four times as long.
QUERY_HANDFUL = 6
LIGHTHOUSE_TARGET = 95
# Issue 18's own targets for the search page under a query mix (bench/search_mix.py):
# page -> (ratio to the bare page, p99 ms); shown in the same columns, marked as theirs.
PAGE_TARGETS = {"search (query mix)": (0.2, 100.0)}


@dataclass
class PageRow:
    name: str
    path: str
    skipped: str = ""  # why the page was not measured
    status: int | None = None
    content_type: str = ""
    raw_bytes: int | None = None
    gzip_bytes: int | None = None
    set_cookie: bool = False
    etag: bool = False
    load: LoadResult | None = None
    queries: int | None = None  # rendering the page (caches off)
    queries_cached: int | None = None  # an anonymous request as under load (caches on)
    queries_big: int | None = None
    big_page_size: int | None = None
    statements: list[str] = field(default_factory=list)
    sql_ms: float | None = None  # all statements of one unloaded request
    request_ms: float | None = None  # the whole unloaded request, in process, rendered
    request_ms_cached: float | None = None  # the same from the caches
    cookie: str = ""  # sent with every request of the load (a visitor with a session)
    script: str = ""  # a wrk Lua script drawing the paths (the search mix); `path` is one of them
    slowest_sql: str = ""
    slowest_sql_ms: float | None = None

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type


@dataclass
class DatabaseRun:
    label: str
    version: str
    counts: dict
    bare_rps: list[float] = field(default_factory=list)
    bare_loads: list[LoadResult] = field(default_factory=list)
    rows: list[PageRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def bare(self) -> float:
        return sum(self.bare_rps) / len(self.bare_rps) if self.bare_rps else 0.0

    def ratio(self, row: PageRow) -> float | None:
        if row.load is None or not self.bare:
            return None
        return row.load.requests_per_second / self.bare

    @property
    def bare_cpu_ms(self) -> float | None:
        return _avg(load_.cpu_ms_per_request for load_ in self.bare_loads)

    def cpu_ratio(self, row: PageRow) -> float | None:
        """The throughput ratio the CPU cost per request predicts, were the cores all the
        server's: steadier than req/s while other processes share the machine."""
        page = row.load.cpu_ms_per_request if row.load else None
        if not page or not self.bare_cpu_ms:
            return None
        return self.bare_cpu_ms / page


# --- formatting -------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _kb(value: int | None) -> str:
    return "—" if value is None else f"{value / 1024:.1f} KB"


def _queries(row: PageRow) -> str:
    """Cached / rendered."""
    if row.queries is None:
        return "—"
    text = f"{row.queries}" if row.queries_cached is None else f"{row.queries_cached} / {row.queries}"
    if row.queries_big is not None and row.queries_big != row.queries:
        return f"{text} ({row.queries_big} at {row.big_page_size}/page)"
    return text


def _errors(row: PageRow) -> str:
    if row.load is None:
        return "—"
    if not row.load.errors:
        return "0"
    parts = []
    if row.load.non_2xx_3xx:
        parts.append(f"{row.load.non_2xx_3xx} non-2xx/3xx")
    if row.load.socket_errors:
        parts.append(f"{row.load.socket_errors} socket ({row.load.error_detail})")
    return ", ".join(parts)


HEADERS = (
    "page",
    "req/s",
    "× bare",
    "p50 ms",
    "p99 ms",
    "non-2xx/errors",
    "SQL/req cached / rendered",
    "bytes raw",
    "gzip",
    "CPU ms/req",
    "× bare by CPU",
    "1 req ms cached / rendered (SQL ms)",
)


def table_rows(run: DatabaseRun) -> list[tuple[str, ...]]:
    rows = [
        (
            "bare Flask 20 KB page",
            f"{run.bare:,.0f}",
            "1.00",
            _ms(_avg(load_.p50_ms for load_ in run.bare_loads)),
            _ms(_avg(load_.p99_ms for load_ in run.bare_loads)),
            str(sum(load_.errors for load_ in run.bare_loads)),
            "—",
            _kb(20 * 1024),
            "—",
            _ms(run.bare_cpu_ms),
            "1.00",
            "—",
        )
    ]
    for row in run.rows:
        if row.skipped:
            rows.append((row.name, "n/a", *[""] * (len(HEADERS) - 2)))
            continue
        ratio = run.ratio(row)
        rows.append(
            (
                row.name,
                f"{row.load.requests_per_second:,.0f}" if row.load else "—",
                f"{ratio:.3f}" if ratio is not None else "—",
                _ms(row.load.p50_ms if row.load else None),
                _ms(row.load.p99_ms if row.load else None),
                _errors(row),
                _queries(row),
                _kb(row.raw_bytes),
                _kb(row.gzip_bytes),
                _ms(row.load.cpu_ms_per_request if row.load else None),
                f"{run.cpu_ratio(row):.3f}" if run.cpu_ratio(row) is not None else "—",
                (f"{_ms(row.request_ms_cached)} / " if row.request_ms_cached is not None else "")
                + f"{_ms(row.request_ms)} ({_ms(row.sql_ms)})" if row.request_ms is not None else "—",
            )
        )
    return rows


def _avg(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def text_table(run: DatabaseRun) -> str:
    rows = [HEADERS, *table_rows(run)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = []
    for n, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(headers, rows) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


# --- targets ----------------------------------------------------------------------------------


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def target_rows(run: DatabaseRun) -> list[tuple[str, ...]]:
    rows = []
    for row in run.rows:
        if row.skipped:
            continue
        ratio = run.ratio(row)
        ratio_target, p99_target = PAGE_TARGETS.get(row.name, (RATIO_TARGET, P99_TARGET_MS))
        own = row.name in PAGE_TARGETS
        ratio_ok = (None if (row.name not in RATIO_PAGES and not own) or ratio is None
                    else ratio >= ratio_target)
        p99_ok = (
            None if row.load is None or row.load.p99_ms is None else row.load.p99_ms < p99_target
        )
        errors_ok = None if row.load is None else (row.load.errors == 0 and row.status == 200)
        html_ok = (
            None if not row.is_html or row.raw_bytes is None else row.raw_bytes < HTML_TARGET_BYTES
        )
        sql_ok = (
            None
            if row.queries is None
            else (row.queries <= QUERY_HANDFUL and row.queries_big in (None, row.queries))
        )
        rows.append(
            (
                row.name,
                _mark(ratio_ok) + (f" (≥ {ratio_target}×)" if own else ""),
                _mark(p99_ok) + (f" (< {p99_target:.0f} ms)" if own else ""),
                _mark(errors_ok),
                _mark(html_ok),
                _mark(sql_ok),
                "n/a" if row.cookie else "yes" if row.set_cookie else "no",
                "yes" if row.etag else "no",
            )
        )
    return rows


TARGET_HEADERS = (
    "page",
    f"≥ {RATIO_TARGET}× bare",
    f"p99 < {P99_TARGET_MS:.0f} ms",
    "no errors",
    "HTML < 40 KB",
    f"SQL ≤ {QUERY_HANDFUL}, fixed",
    "anonymous Set-Cookie",
    "ETag",
)


# --- the machine --------------------------------------------------------------------------------


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        text = Path("/proc/cpuinfo").read_text()
        if m := re.search(r"^model name\s*:\s*(.+)$", text, re.M):
            cpu = m.group(1).strip()
    except OSError:
        pass
    memory = "?"
    try:
        if m := re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M):
            memory = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], stdout=subprocess.PIPE, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    return {
        "nproc": nproc,
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "gunicorn": _version("gunicorn"),
        "flask": _version("flask"),
        "sqlalchemy": _version("sqlalchemy"),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _reaches(score: int | None) -> bool:
    return score is not None and score >= LIGHTHOUSE_TARGET


def lighthouse_rows(results: list[LighthouseResult]) -> list[tuple[str, ...]]:
    rows = []
    for r in results:
        if r.error and r.performance is None:
            rows.append((r.page, "—", "—", f"error: {r.error[:200]}"))
            continue
        perf = "—" if r.performance is None else str(r.performance)
        a11y = "—" if r.accessibility is None else str(r.accessibility)
        met = [
            f"performance {_mark(_reaches(r.performance))}",
            f"accessibility {_mark(_reaches(r.accessibility))}",
        ]
        detail = ", ".join(f"{k} {v}" for k, v in r.metrics.items())
        if r.failed_audits:
            detail += "; accessibility audits failed: " + ", ".join(r.failed_audits)
        rows.append((r.page, perf, a11y, "; ".join(met) + (f" ({detail})" if detail else "")))
    return rows


def write_results(
    *,
    runs: list[DatabaseRun],
    info: dict[str, str],
    settings: dict[str, str],
    lighthouse: list[LighthouseResult],
    lighthouse_note: str,
    duration_s: float,
    started: datetime,
) -> Path:
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/); each run overwrites this file. Numbers are only "
        "comparable within one run: the bare Flask page is measured in the same run, on the "
        "same machine, and every page is given as a ratio of it.",
        "",
        f"- Date: {started.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')}; "
        f"the run took {duration_s / 60:.1f} min",
        f"- Machine: {info['nproc']} CPUs (`nproc`), {info['cpu']}, {info['memory']} RAM; "
        f"{info['os']}",
        f"- Load average at start / end: {settings.pop('load_start')} / {settings.pop('load_end')} "
        "(other processes on the machine make absolute numbers noisy)",
        f"- Python {info['python']}, gunicorn {info['gunicorn']}, Flask {info['flask']}, "
        f"SQLAlchemy {info['sqlalchemy']}, wrk {settings.pop('wrk_version')}",
    ]
    out += [f"- {k}: {v}" for k, v in settings.items()]
    out += [
        "",
        "Columns: requests per second over the measured run, its ratio to the bare Flask page "
        "(mean of a run before and one after the store's pages), wrk's p50 and p99 latency, "
        "responses that were not 2xx/3xx plus socket errors, SQL statements for one anonymous "
        "request (Flask test client, warm caches, same database; with a second count when a "
        "catalogue page four times as long needs more), and the response size raw and gzipped "
        "(Python gzip, level 6). The last two columns are the CPU time (user + system, from /proc) "
        "per request of the gunicorn processes, plus on PostgreSQL the database's backends, during "
        "the measured run, and the throughput ratio to the bare page it implies: they change "
        "little when other processes share the CPU, unlike req/s. The last column is one "
        "request alone, in process (test client, warm), with the time its SQL took.",
    ]
    for run in runs:
        out += ["", f"## {run.label} ({run.version})", ""]
        if run.counts:
            c = run.counts
            out.append(
                f"{c.get('total_products', 0):,} products "
                f"({c.get('products', 0):,} generated in {c.get('shops', 0):,} shops, "
                f"{c.get('variants', 0):,} variants, {c.get('images', 0):,} photo rows); "
                f"search index: {c.get('search_index', 'n/a')}."
            )
            out.append("")
        if run.error:
            out += [f"**Run failed:** {run.error}", ""]
        if run.rows or run.bare_rps:
            out.append(markdown_table(HEADERS, table_rows(run)))
            out += ["", "Paths: " + ", ".join(f"{r.name} `{r.path}`" for r in run.rows), ""]
            out.append("Targets (issue 8):")
            out.append("")
            out.append(markdown_table(TARGET_HEADERS, target_rows(run)))
        if run.notes:
            out += [""] + [f"- {note}" for note in run.notes]
    out += ["", "## Lighthouse 12 (mobile defaults, SQLite server)", ""]
    if lighthouse:
        out.append(
            markdown_table(
                ("page", "performance", "accessibility", f"targets (≥ {LIGHTHOUSE_TARGET})"),
                lighthouse_rows(lighthouse),
            )
        )
    else:
        out.append(
            lighthouse_note
            or "Not run (`make bench LIGHTHOUSE=1` or `python -m bench --lighthouse`)."
        )
    out.append("")
    RESULTS.write_text("\n".join(out))
    return RESULTS
