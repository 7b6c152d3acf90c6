"""The seller area on a phone whose signal drops: installable (manifest, icons), the last
dashboard seen readable offline with a plain notice, an offline page for the rest, and nothing
of a seller's left for the next person once they log out (or someone else logs in).

Service workers need a secure context: http://127.0.0.1 is one.
"""
from __future__ import annotations

import io
import re
import uuid

import pytest
from flask import Flask
from PIL import Image
from playwright.sync_api import BrowserContext, Error, Page, expect

from marketplace.extensions import db
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu
from tests.factories import PASSWORD, make_shop, make_user

pytestmark = pytest.mark.browser_context_args(
    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
)

OFFLINE_HEADING = "Anda sedang offline"
CONTROLLED = "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"


def new_seller(live_app: Flask) -> tuple[str, str]:
    """A seller with a confirmed address and an open shop; returns (email, shop name)."""
    token = uuid.uuid4().hex[:8]
    email = f"offline-{token}@contoh.id"
    shop_name = f"Tenun Sambas {token}"
    with live_app.app_context():
        owner = make_user(email=email, name=f"Dayang {token}")
        make_shop(name=shop_name, regency="Sambas", province="Kalimantan Barat", owner=owner)
        db.session.remove()
    return email, shop_name


def log_in(page: Page, email: str) -> None:
    page.goto("/account/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    expect(page.locator("header details.account-menu")).to_be_visible()


def log_out(page: Page) -> None:
    open_account_menu(page)
    page.locator("header .menu-panel").get_by_role("button", name="Keluar", exact=True).click()
    expect(page.locator("header details.account-menu")).to_have_count(0)


def dashboard_seen(page: Page, shop_name: str) -> None:
    """Open the dashboard once the worker controls the page, so that the worker sees (and
    keeps) it, and wait until it is kept."""
    page.goto("/seller/")
    expect(page.get_by_role("heading", level=1)).to_have_text(shop_name)
    page.wait_for_function(CONTROLLED)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(shop_name)
    page.wait_for_function(
        "() => caches.open('sentra-seller-pages').then(c => c.match('/seller/')).then(r => !!r)")


def offline_answer(page: Page, url: str) -> str:
    """The text the page shows for `url` offline, or "" when the browser has nothing to show
    (its own network error)."""
    try:
        page.goto(url)
    except Error as error:
        assert "ERR_INTERNET_DISCONNECTED" in str(error) or "ERR_FAILED" in str(error), error
        return ""
    return page.locator("body").inner_text()


def test_the_last_dashboard_reads_offline_and_other_seller_pages_show_the_offline_page(
    page: Page, context: BrowserContext, live_app: Flask
) -> None:
    email, shop_name = new_seller(live_app)
    log_in(page, email)
    dashboard_seen(page, shop_name)
    notice = page.locator("[data-offline-notice]")
    expect(notice).to_be_hidden()  # online: no notice
    # Another seller page, opened online under the worker: it is not kept (only the dashboard).
    page.goto("/seller/orders")
    expect(page.locator("nav.seller-nav")).to_be_visible()

    context.set_offline(True)
    try:
        # A seller page not kept on this phone: the offline page, in Indonesian.
        page.goto("/seller/orders")
        expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
        expect(page.locator("main")).to_contain_text("muat ulang")
        assert_no_serious_axe_violations(page)

        # The dashboard as last seen, saying it is offline and when it was saved.
        page.get_by_role("link", name=re.compile("Buka dasbor")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(shop_name)
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Anda sedang offline")
        saved_at = notice.locator("time[datetime]")
        expect(saved_at).to_have_text(re.compile(r"\d{4}"))
        assert_no_serious_axe_violations(page)

        # POSTs and pages outside the seller area are never answered from a copy.
        assert offline_answer(page, "/cart") == ""
    finally:
        context.set_offline(False)


def test_in_english_the_offline_page_is_english(page: Page, context: BrowserContext,
                                                live_app: Flask) -> None:
    email, shop_name = new_seller(live_app)
    log_in(page, email)
    page.goto("/lang/en?next=/seller/")
    dashboard_seen(page, shop_name)
    context.set_offline(True)
    try:
        page.goto("/seller/balance")
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        page.goto("/seller/")
        expect(page.locator("[data-offline-notice]")).to_contain_text("You are offline")
    finally:
        context.set_offline(False)


def test_after_log_out_the_dashboard_is_not_served_offline(
    page: Page, context: BrowserContext, live_app: Flask
) -> None:
    email, shop_name = new_seller(live_app)
    log_in(page, email)
    dashboard_seen(page, shop_name)
    log_out(page)
    assert page.evaluate("() => caches.keys()") == []  # nothing kept
    context.set_offline(True)
    try:
        assert shop_name not in offline_answer(page, "/seller/")
    finally:
        context.set_offline(False)


def test_a_second_seller_on_the_same_browser_never_sees_the_first_ones_dashboard(
    page: Page, context: BrowserContext, live_app: Flask
) -> None:
    first_email, first_shop = new_seller(live_app)
    second_email, second_shop = new_seller(live_app)
    log_in(page, first_email)
    dashboard_seen(page, first_shop)
    # The first seller's session ends without a log-out (it expired; the phone is lent).
    session_cookie = live_app.config["SESSION_COOKIE_NAME"]
    kept = [c for c in context.cookies() if c["name"] != session_cookie]
    context.clear_cookies()
    context.add_cookies(kept)

    log_in(page, second_email)
    context.set_offline(True)
    try:
        answer = offline_answer(page, "/seller/")
        assert first_shop not in answer
    finally:
        context.set_offline(False)
    # Online again, the second seller's own dashboard is the one kept from now on.
    dashboard_seen(page, second_shop)
    context.set_offline(True)
    try:
        answer = offline_answer(page, "/seller/")
        assert second_shop in answer and first_shop not in answer
    finally:
        context.set_offline(False)


def test_the_seller_app_manifest_is_valid_and_its_icons_are_there(
    page: Page, context: BrowserContext, live_app: Flask
) -> None:
    email, shop_name = new_seller(live_app)
    log_in(page, email)
    page.goto("/seller/")
    href = page.locator("head link[rel=manifest]").get_attribute("href")
    assert href and href.startswith("/seller/manifest.webmanifest")

    # Chromium's own reading of it: no errors.
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("application/manifest+json")
    data = response.json()
    assert data["name"] == "Sentra Penjual" and data["short_name"]
    assert data["start_url"] == "/seller/" and data["scope"] == "/seller/"
    assert data["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"])
    sizes = set()
    for icon in data["icons"]:
        image = page.request.get(icon["src"])
        assert image.ok, icon["src"]
        with Image.open(io.BytesIO(image.body())) as png:
            assert png.format == "PNG"
            assert f"{png.width}x{png.height}" == icon["sizes"]
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    page.wait_for_function(CONTROLLED)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito-like profile, which Chromium never installs from.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    assert_no_serious_axe_violations(page)


def test_a_seller_page_that_loaded_while_the_worker_was_installing_is_kept_too(
    page: Page, context: BrowserContext, live_app: Flask
) -> None:
    """A page whose navigation left before the worker was active, and which became a document
    only after the worker claimed the open pages, is missed by that claim (only pages already
    running are claimed): it must still come under the worker, or the dashboard opened that
    way is not kept for offline use until some later visit."""
    email, shop_name = new_seller(live_app)
    log_in(page, email)
    held = []
    page.route("**/seller/", lambda route: held.append(route))
    # The dashboard's navigation leaves now, before any worker exists, and waits...
    page.evaluate("() => { location.assign('/seller/'); }")
    # ...while another seller page installs the worker, which claims the pages running then.
    other = context.new_page()
    other.goto("/seller/orders")
    other.wait_for_function(CONTROLLED)
    page.wait_for_timeout(100)
    assert held, "the dashboard's navigation was not held"
    held[0].continue_()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(shop_name)
    page.unroute("**/seller/")
    page.wait_for_function(CONTROLLED, timeout=5_000)
    other.close()
