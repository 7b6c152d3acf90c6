"""`make bench-seller`: a seller lists a product on a 3G phone, with and without JavaScript.

Issue 20's measure. The store is served on 127.0.0.1 (its own SQLite database in a temp dir,
the demo data for the categories), and Debian's Chromium (Playwright) walks the seller's
journey as a weaver in Belu does it on a phone:

1. register (and confirm the address with the link mailed, read from the outbox);
2. open a shop;
3. create a listing with its packaging (packed weight, size, packaging type and description);
4. add two 12-megapixel phone photos (JPEGs of 4-6 MB with EXIF, GPS and orientation, drawn
   here with Pillow: noise over gradients, which JPEG cannot squeeze, as a real photo);
5. publish.

The network is throttled through the DevTools protocol (`Network.emulateNetworkConditions`) to
a 3G profile: 400 kbit/s up, 1.6 Mbit/s down, 300 ms round trip. Run once with JavaScript and
once in a context with JavaScript off (`java_script_enabled=False`).

What is counted, per run:
- bytes sent: the bodies of every request as the server read them (a WSGI wrapper sums
  `Content-Length`, exact for uploads, which the DevTools events do not carry) plus the
  request headers Chromium reports (`Network.requestWillBeSentExtraInfo`);
- bytes received: `encodedDataLength` of `Network.loadingFinished` (headers and body, as
  transferred);
- network time: the union of the intervals during which at least one request was in flight
  (from `requestWillBeSent` to `loadingFinished`/`loadingFailed`), and the wall time of the
  whole journey (which adds typing, clicking and the page's own work).

Robust to what the listing form does with its photos: the script only selects the files in the
form's file inputs and waits for whatever the page then does (no request in flight for a while,
and `data-uploads-pending="0"` where the page has such an attribute) before it submits; if the
page still shows an upload button and the photos are not listed yet, it presses it (the path
without JavaScript, and today's path).

A benchmark, not a test: no figure makes it fail. Targets (issue 20): under 1 MB sent for the
whole listing with JavaScript, and under 5 minutes of network time. Results go to
bench/SELLER3G_RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

RESULTS = Path(__file__).with_name("SELLER3G_RESULTS.md")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# The 3G profile of issue 20, in the units of Network.emulateNetworkConditions (bytes/s, ms).
UP_BPS = 400_000
DOWN_BPS = 1_600_000
RTT_MS = 300
TARGET_SENT = 1_000_000
TARGET_SECONDS = 5 * 60
PASSWORD = "tenun-ikat-belu-2024"
REGION = "Nusa Tenggara Timur / Belu"
TEXTILES_GROUP = "Kain & Tenun"
QUIET_SECONDS = 1.5
GPS_IFD = 0x8825


# --- Photos ---------------------------------------------------------------------------------

def phone_photo(path: Path, seed: int, size=(4000, 3000), quality: int = 90) -> Path:
    """A 12-megapixel JPEG as a phone writes it: grainy detail JPEG cannot squeeze (4-6 MB),
    camera make and model, orientation 6 (taken upright, stored sideways) and GPS (Atambua)."""
    rng = random.Random(seed)
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    scene = Image.merge("RGB", (gradient, gradient.rotate(90).resize(size),
                                Image.effect_noise(size, 30 + rng.random() * 20)))
    grain = Image.effect_noise(size, 24 + rng.random() * 8).convert("RGB")
    image = Image.blend(scene, grain, 0.35)
    exif = Image.Exif()
    exif[0x010F] = "Sentra bench phone"  # Make
    exif[0x0110] = "3G-12MP"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° to show
    exif[0x0132] = datetime.now().strftime("%Y:%m:%d %H:%M:%S")
    exif[GPS_IFD] = {1: "S", 2: (9.0, 6.0, 30.0), 3: "E", 4: (124.0, 53.0, 40.0)}
    image.save(path, "JPEG", quality=quality, exif=exif)
    return path


# --- The store ------------------------------------------------------------------------------

class CountingApp:
    """WSGI wrapper: the body bytes of every request the store read (uploads included)."""

    def __init__(self, app):
        self.app = app
        self.body_bytes = 0
        self.requests = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        with self.lock:
            self.body_bytes += length
            self.requests += 1
        return self.app(environ, start_response)

    def reset(self) -> None:
        with self.lock:
            self.body_bytes = 0
            self.requests = 0


def start_store(workdir: Path):
    """The store on 127.0.0.1 in a thread; returns (app, counter, base URL, server)."""
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    from marketplace import PROJECT_ROOT, create_app
    from marketplace.config import Config

    class QuietHandler(WSGIRequestHandler):
        def log(self, type, message, *args):  # noqa: A002
            if type == "error":
                super().log(type, message, *args)

    media = workdir / "media"
    media.mkdir()
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'store.db'}",
        MEDIA_DIR=str(media), SEARCH_INDEX_DIR=str(workdir / "search-index"),
        DATA_EXPORT_DIR=str(workdir / "exports"),
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    result = app.test_cli_runner().invoke(args=["demo-data"])
    if result.exit_code != 0:
        raise RuntimeError(f"demo-data failed: {result.output}\n{result.exception!r}")
    # The demo's photos at the test's small widths (quick); the seller's at the store's own.
    app.config["IMAGE_WIDTHS"] = Config.IMAGE_WIDTHS
    counter = CountingApp(app.wsgi_app)
    app.wsgi_app = counter
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, counter, base, server


# --- Counting on the browser's side ---------------------------------------------------------

@dataclass
class NetworkLog:
    started: dict[str, float] = field(default_factory=dict)
    intervals: list[tuple[float, float]] = field(default_factory=list)
    received: int = 0
    header_bytes_sent: int = 0
    post_data_bytes: int = 0  # what the DevTools events carry of request bodies (no files)
    requests: int = 0
    failed: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    waited_for: set[str] = field(default_factory=set)
    last_change: float = field(default_factory=time.monotonic)

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestWillBeSentExtraInfo", self._headers)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event) -> None:
        self.requests += 1
        self.started.setdefault(event["requestId"], event["timestamp"])
        request = event.get("request", {})
        self.urls[event["requestId"]] = request.get("url", "")
        if request.get("method") != "GET" or event.get("type") in ("Document", "XHR", "Fetch"):
            self.waited_for.add(event["requestId"])
        for entry in request.get("postDataEntries") or []:
            self.post_data_bytes += len(entry.get("bytes", "")) * 3 // 4
        self.last_change = time.monotonic()

    def _headers(self, event) -> None:
        headers = event.get("headers") or {}
        self.header_bytes_sent += sum(len(k) + len(str(v)) + 4 for k, v in headers.items()) + 40

    def _end(self, event) -> None:
        start = self.started.pop(event["requestId"], None)
        if start is not None:
            self.intervals.append((start, event["timestamp"]))
        self.last_change = time.monotonic()

    def _finished(self, event) -> None:
        self.received += int(event.get("encodedDataLength") or 0)
        self._end(event)

    def _failed(self, event) -> None:
        if not event.get("canceled"):
            self.failed.append(event.get("errorText", "?"))
        self._end(event)

    @property
    def in_flight(self) -> int:
        # What the page sends or loads by script, and pages: Chromium reports no end for some
        # images (lazy ones, the favicon), which a page's work never waits on anyway.
        return sum(1 for request in self.started if request in self.waited_for)

    def busy_seconds(self) -> float:
        total, end = 0.0, None
        for start, stop in sorted(self.intervals):
            if end is None or start > end:
                total += stop - start
                end = stop
            elif stop > end:
                total += stop - end
                end = stop
        return total

    def wait_quiet(self, timeout: float | None = None) -> None:
        """Until no request has been in flight for QUIET_SECONDS."""
        if timeout is None:
            timeout = float(os.environ.get("BENCH_QUIET_TIMEOUT", 900))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.in_flight == 0 and time.monotonic() - self.last_change >= QUIET_SECONDS:
                return
            time.sleep(0.1)
        raise TimeoutError(f"requests still in flight after {timeout:.0f} s: "
                           f"{[self.urls.get(r) for r in self.started]}")


# --- The journey ----------------------------------------------------------------------------

@dataclass
class Run:
    javascript: bool
    sent_bodies: int = 0
    sent_headers: int = 0
    received: int = 0
    requests: int = 0
    network_seconds: float = 0.0
    wall_seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)
    photos_listed: int = 0
    published: bool = False
    note: str = ""

    @property
    def sent(self) -> int:
        return self.sent_bodies + self.sent_headers


def _settle(page, log: NetworkLog) -> None:
    """Let the page do what it does (uploads on selection...) and finish."""
    page.wait_for_load_state("load")
    log.wait_quiet()
    pending = page.locator("[data-uploads-pending]")
    if pending.count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-uploads-pending]')]"
            ".every(el => el.getAttribute('data-uploads-pending') === '0')",
            timeout=900_000)
        log.wait_quiet()


def _fill_listing(page, product_name: str) -> None:
    page.get_by_label("Nama produk", exact=True).fill(product_name)
    option = page.locator(f'#category optgroup[label="{TEXTILES_GROUP}"] option').first
    page.get_by_label("Kategori", exact=True).select_option(value=option.get_attribute("value"))
    page.get_by_label("Deskripsi", exact=True).fill(
        "Selendang tenun ikat dari Belu, ditenun dengan tangan selama tiga minggu, "
        "pewarna alam mengkudu dan tarum.")
    motif = page.get_by_label("Motif", exact=True)
    if motif.count() and motif.is_visible():  # the textile fields (shown by script for tenun)
        motif.fill("Kaif (kait)")
    page.locator("#variants-0-price").fill("450.000")
    page.locator("#variants-0-stock").fill("5")
    page.locator("#variants-0-net_weight_g").fill("300")
    page.locator("#variants-0-packed_weight_g").fill("500")
    page.locator("#variants-0-packed_length_cm").fill("35")
    page.locator("#variants-0-packed_width_cm").fill("25")
    page.locator("#variants-0-packed_height_cm").fill("5")
    page.locator("#variants-0-packaging_type").select_option(value="box")
    page.locator("#variants-0-packaging_description").fill(
        "Dilipat dengan kertas minyak, dalam kotak kardus daur ulang.")


def _add_photos(page, log: NetworkLog, photos: list[Path]) -> None:
    """Select the photos in the page's photo input and let the page (or the button) send them."""
    inputs = page.locator("input[type=file]")
    inputs.first.set_input_files([str(p) for p in photos])
    _settle(page, log)
    listed = page.locator("ol.photos > li")
    upload = page.get_by_role("button", name="Unggah", exact=True)
    if listed.count() < len(photos) and upload.count() and upload.first.is_visible():
        with page.expect_navigation(timeout=900_000):
            upload.first.click()
        _settle(page, log)


def journey(browser, base: str, app, counter: CountingApp, photos: list[Path], *,
            javascript: bool, throttle: bool = True) -> Run:
    from marketplace.mail import outbox_messages

    run = Run(javascript=javascript)
    context = browser.new_context(
        base_url=base, java_script_enabled=javascript, viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True, device_scale_factor=2, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(int(os.environ.get("BENCH_STEP_TIMEOUT_MS", 900_000)))
    page.set_default_navigation_timeout(900_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT_MS,
            "downloadThroughput": DOWN_BPS / 8, "uploadThroughput": UP_BPS / 8,
            "connectionType": "cellular3g",
        })
    log = NetworkLog()
    log.attach(cdp)
    counter.reset()
    token = uuid.uuid4().hex[:8]
    started = time.monotonic()

    def step(name: str) -> None:
        run.steps.append((name, time.monotonic() - started))
        print(f"  {'JS' if javascript else 'no JS'}: {name} at {time.monotonic() - started:.1f} s",
              flush=True)

    # 1. Register, then the link mailed.
    email = f"weaver-{token}@contoh.id"
    name = f"Maria Bere {token}"
    page.goto("/account/register")
    page.get_by_label("Nama Anda", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Buat akun", exact=True).click()
    with app.app_context():
        [message] = outbox_messages(recipient=email)
    page.goto(urlsplit(re.search(r"http\S+/account/verify/\S+", message.body).group(0)).path)
    _settle(page, log)
    step("registered")

    # 2. A shop.
    page.goto("/seller/")
    page.get_by_label("Nama toko", exact=True).fill(f"Tenun Ina Belu {token}")
    page.get_by_label("Cerita Anda", exact=True).fill(
        "Kami menenun tenun ikat dengan pewarna alam di Atambua, seperti nenek kami dulu.")
    page.get_by_label("Kabupaten/Kota", exact=True).select_option(value=REGION)
    page.get_by_label("Nomor WhatsApp", exact=True).fill("0812-3456-7890")
    page.get_by_label("Bank", exact=True).select_option(value="Bank NTT")
    page.get_by_label("Nomor rekening", exact=True).fill("0012345678")
    with page.expect_navigation():
        page.get_by_role("button", name="Buka toko saya", exact=True).click()
    _settle(page, log)
    step("shop open")

    # 3. The listing (photos in the form itself if the form has a photo input).
    page.goto("/seller/products/new")
    _fill_listing(page, f"Selendang Tenun Ikat Belu {token}")
    photos_in_form = page.locator("form input[type=file]").count() > 0
    if photos_in_form:
        _add_photos(page, log, photos)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()
    _settle(page, log)
    step("listing saved")

    # 4. Photos, on the photos page if they were not sent with the form.
    match = re.search(r"/seller/products/(\d+)/", page.url)
    if not match:
        raise RuntimeError(f"no product page after saving the listing: {page.url}")
    product_id = match.group(1)
    if not photos_in_form:
        if not page.url.endswith("/photos"):
            page.goto(f"/seller/products/{product_id}/photos")
        _add_photos(page, log, photos)
    step("photos sent")

    # 5. Publish.
    page.goto(f"/seller/products/{product_id}/edit")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan", exact=True).click()
    _settle(page, log)
    run.published = page.get_by_role("button", name="Tarik dari toko", exact=True).count() > 0
    photos_link = page.get_by_role("link", name=re.compile(r"^Foto \(\d+\)$"))
    if photos_link.count():
        run.photos_listed = int(re.search(r"\d+", photos_link.first.inner_text()).group(0))
    step("published")

    run.wall_seconds = time.monotonic() - started
    run.network_seconds = log.busy_seconds()
    run.received = log.received
    run.sent_headers = log.header_bytes_sent
    run.sent_bodies = counter.body_bytes
    run.requests = log.requests
    if log.failed:
        run.note = f"{len(log.failed)} request(s) failed: {', '.join(sorted(set(log.failed)))}"
    context.close()
    return run


# --- Report ---------------------------------------------------------------------------------

def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(runs: list[Run], photo_bytes: list[int], note: str) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ", ".join(f"{size / 1e6:.1f} MB" for size in photo_bytes)
    lines = [
        "# A seller's listing on 3G (`make bench-seller`)",
        "",
        f"Run {now} on {platform.node()} ({os.cpu_count()} CPUs, shared), Chromium "
        f"`{CHROMIUM}`, Python {platform.python_version()}.",
        f"Network profile (DevTools `Network.emulateNetworkConditions`): {UP_BPS // 1000} kbit/s "
        f"up, {DOWN_BPS / 1e6:.1f} Mbit/s down, {RTT_MS} ms round trip.",
        f"Journey: register (+ confirm by the mailed link), open a shop, a listing with "
        f"packaging, two 12-megapixel phone JPEGs with EXIF/GPS ({sizes}), publish.",
        "",
        "| run | sent | received | requests | network time | wall time | photos listed "
        "| published |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {'with JavaScript' if run.javascript else 'without JavaScript'} | "
            f"{_mb(run.sent)} | {_mb(run.received)} | {run.requests} | "
            f"{run.network_seconds:.0f} s | {run.wall_seconds:.0f} s | {run.photos_listed} | "
            f"{'yes' if run.published else 'NO'} |")
    lines += ["", "Targets (issue 20), with JavaScript:"]
    for run in runs:
        if run.javascript:
            lines.append(f"- under 1 MB sent for the whole listing: {_mb(run.sent)}, "
                         f"{_verdict(run.sent < TARGET_SENT)};")
            lines.append(f"- under 5 minutes of network time: {run.network_seconds:.0f} s, "
                         f"{_verdict(run.network_seconds < TARGET_SECONDS)}.")
    lines += ["", "The same bytes at the profile's rates alone (a check that the throttling held: "
              "sent at 400 kbit/s plus received at 1.6 Mbit/s, round trips left out):"]
    for run in runs:
        floor = run.sent * 8 / UP_BPS + run.received * 8 / DOWN_BPS
        lines.append(f"- {'with' if run.javascript else 'without'} JavaScript: {floor:.0f} s")
    lines += ["", "Time at the end of each step (seconds from the start):", ""]
    for run in runs:
        steps = ", ".join(f"{name} {at:.0f}" for name, at in run.steps)
        lines.append(f"- {'with' if run.javascript else 'without'} JavaScript: {steps}"
                     + (f" ({run.note})" if run.note else ""))
    lines += [
        "",
        "Sent = request bodies as the server read them (exact for uploads) + request headers "
        "as Chromium reports them. Received = `encodedDataLength` of every finished request. "
        "Network time = the time at least one request was in flight; wall time adds typing "
        "and the pages' own work.",
    ]
    if note:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("js", "nojs"), help="one of the two runs")
    parser.add_argument("--note", default="", help="a line added to the results")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    parser.add_argument("--no-throttle", action="store_true",
                        help="a quick check of the journey at full speed (figures meaningless)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        print(f"no Chromium at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)")
        return 1
    with tempfile.TemporaryDirectory(prefix="sentra-seller3g-") as tmp:
        workdir = Path(tmp)
        print("drawing two 12-megapixel phone photos…", flush=True)
        photos = [phone_photo(workdir / f"IMG_2026120{n}_0930{n}.jpg", seed=n) for n in (1, 2)]
        photo_bytes = [p.stat().st_size for p in photos]
        print("starting the store (migrations, demo data)…", flush=True)
        app, counter, base, server = start_store(workdir)
        runs = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for javascript in (True, False):
                    if args.only and args.only != ("js" if javascript else "nojs"):
                        continue
                    runs.append(journey(browser, base, app, counter, photos,
                                        javascript=javascript,
                                        throttle=not args.no_throttle))
                browser.close()
        finally:
            server.shutdown()
    text = report(runs, photo_bytes, args.note)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
