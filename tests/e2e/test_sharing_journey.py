"""Sharing in a real Chromium: the plain links are there, "Copy link" appears where the clipboard
works and copies the page's canonical address, the phone's share sheet only where the browser
has one, and the page stays accessible and within its Content-Security-Policy."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_security_headers import PolicyWatch, a_demo_product


def test_a_buyer_shares_a_product(page: Page, live_app: Flask, live_server: str):
    slug, _shop, _id = a_demo_product(live_app)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    watch = PolicyWatch(page)
    watch.visit(f"/products/{slug}?utm_source=whatsapp")
    share = page.locator("section.share")
    expect(share).to_be_visible()

    whatsapp = share.locator("a[data-share-whatsapp]")
    [text] = parse_qs(urlsplit(whatsapp.get_attribute("href")).query)["text"]
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert text.endswith(canonical) and "utm_source" not in canonical
    assert canonical == live_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/products/{slug}"

    copy = share.get_by_role("button", name="Salin tautan")
    expect(copy).to_be_visible()  # the clipboard works on 127.0.0.1 (a secure context)
    copy.click()
    expect(share.locator("[data-share-status]")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == canonical

    has_share_sheet = page.evaluate("typeof navigator.share === 'function'")
    more = share.get_by_role("button", name="Lainnya…")
    if has_share_sheet:
        expect(more).to_be_visible()
    else:
        expect(more).to_be_hidden()
    watch.check("after copying")
    assert_no_serious_axe_violations(page)


def test_without_javascript_the_links_work_and_no_dead_button_shows(browser, live_app: Flask,
                                                                  live_server: str):
    slug, _shop, _id = a_demo_product(live_app)
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    try:
        page.goto(f"/products/{slug}")
        share = page.locator("section.share")
        expect(share.locator("a[data-share-whatsapp]")).to_be_visible()
        expect(share.locator("a[href*='facebook.com/sharer']")).to_be_visible()
        expect(share.locator("button")).to_have_count(2)
        expect(share.locator("button").first).to_be_hidden()
        expect(share.locator("button").last).to_be_hidden()
    finally:
        context.close()
