"""`make screenshots`: the store's main pages at a phone's and a laptop's size, as PNGs in
docs/screenshots/, so that anyone can see the store before running it.

Starts the store in this process on a throw-away SQLite database filled with the demo data
(`flask demo-data`), serves it on a free port of 127.0.0.1 and drives Debian's Chromium
(/usr/bin/chromium, or CHROMIUM_PATH) with Playwright. Nothing is downloaded. The PNGs are
reduced to 256 colours (Pillow) to keep the repository small.
"""
from __future__ import annotations

import argparse
import logging
import os
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from PIL import Image
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from marketplace import create_app

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": (390, 844), "laptop": (1280, 800)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


def serve(workdir: Path) -> tuple[str, object]:
    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'sentra.db'}",
        MEDIA_DIR=str(workdir / "media"),
        SEARCH_INDEX_DIR=str(workdir / "search-index"),
        SECRET_KEY="screenshots-only",
        CACHE_TYPE="SimpleCache",
        RATELIMIT_STORAGE_URI="memory://",
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    result = app.test_cli_runner().invoke(args=["demo-data"])
    if result.exit_code != 0:
        raise SystemExit(f"flask demo-data failed: {result.output}")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def shoot(page, name: str, size: str, full_page: bool = False) -> None:
    path = OUT / f"{name}-{size}.png"
    page.screenshot(path=str(path), full_page=full_page)
    with Image.open(path) as image:
        image.convert("RGB").quantize(256).save(path, optimize=True)
    print(path.relative_to(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full-page", action="store_true", help="whole pages, not one screen")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        base, server = serve(Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                    args=CHROMIUM_ARGS)
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, locale="id-ID",
                        device_scale_factor=1, is_mobile=size == "phone", has_touch=size == "phone")
                    page = context.new_page()
                    pages = [("home", "/"), ("catalogue", "/products"),
                             ("search", "/search?q=tenun"),
                             ("region", "/products?province=Nusa+Tenggara+Timur")]
                    for name, url in pages:
                        page.goto(base + url, wait_until="networkidle")
                        shoot(page, name, size, args.full_page)
                    page.goto(base + "/products", wait_until="networkidle")
                    page.locator("main article.card a.card-link").first.click()
                    page.wait_for_load_state("networkidle")
                    shoot(page, "product", size, args.full_page)
                    # The shipping estimate for a province, and on a phone the sticky bar.
                    page.locator("#ship-to").select_option("Kalimantan Barat")
                    page.locator("[data-ship-result] [data-testid=shipping-estimate]").wait_for()
                    page.locator(".ship-estimate").evaluate(
                        "el => el.scrollIntoView({block: 'center'})")
                    shoot(page, "product-shipping", size, args.full_page)
                    page.locator("form.buy button[type=submit]").click()
                    page.locator("#added-status").wait_for(state="visible")
                    page.goto(base + "/cart", wait_until="networkidle")
                    shoot(page, "cart", size, args.full_page)
                    page.goto(base + "/checkout", wait_until="networkidle")
                    shoot(page, "checkout", size, args.full_page)
                    context.close()
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
