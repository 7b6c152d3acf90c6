"""The heart in a real browser: a guest is sent to log in and comes back to the product; the
heart then keeps it, shows it kept on every page (from the per-person JSON, the page itself
being shared), and takes it back; the favourites page is axe-clean."""
from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_account_journey import new_account
from tests.e2e.test_order_journey import PASSWORD


def test_a_guest_hearts_a_product_logs_in_comes_back_and_keeps_it(page: Page, live_app: Flask,
                                                                  base_url: str):
    email = new_account(live_app)
    page.goto("/products")
    card = page.locator("main article.card").first
    name = card.locator(".card-title").inner_text().strip()
    card.locator("a.card-link").click()
    expect(page).to_have_url(re.compile(r"/products/[^/?]+$"))
    product_url = page.url
    heart = page.locator("main .summary form.fav button")
    expect(heart).to_have_attribute("aria-pressed", "false")
    heart.click()

    expect(page).to_have_url(re.compile(r"/account/login\?next="))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(product_url)

    page.locator("main .summary form.fav button").click()
    expect(page.locator(".flashes")).to_contain_text(name)
    expect(page).to_have_url(product_url)
    expect(page.locator("main .summary form.fav button")).to_have_attribute("aria-pressed", "true")

    page.goto("/account/favourites")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert_no_serious_axe_violations(page)

    # The marked heart takes it back.
    page.goto(product_url)
    pressed = page.locator("main .summary form.fav button[aria-pressed=true]")
    expect(pressed).to_be_visible()
    pressed.click()
    expect(page.locator("main .summary form.fav button")).to_have_attribute("aria-pressed", "false")
    page.goto("/account/favourites")
    expect(page.get_by_role("link", name=name)).to_have_count(0)
