"""Paying from a phone (issue 14, item 15): the review page's grand total follows the courier
chosen (live with JavaScript, through "Hitung ulang total" without), the order page's copy
buttons put the account number and the amount on the clipboard (and without JavaScript there
are no buttons, only selectable numbers), and the invoice fits a 390 px screen and says
whether it is paid."""
from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.orders import services

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
pytestmark = pytest.mark.browser_context_args(**PHONE)

PRODUCT = "Madu Kelulut Bengkayang"  # one form only, a large stock in the demo data
ADDRESS = {"recipient": "Yohana Bria", "phone": "0813-3900-4455", "street": "Jl. Timor Raya 12",
           "village": "Oesapa", "district": "Kelapa Lima", "city": "Kota Kupang",
           "postal_code": "85228"}
RUPIAH = re.compile(r"Rp(\d{1,3}(?:\.\d{3})*)")
ORDER_URL = re.compile(r"/orders/(SEN-\d{4}-[2-9A-HJ-NP-Z]{6})$")


def rupiah(text: str) -> int:
    [amount] = RUPIAH.findall(text)
    return int(amount.replace(".", ""))


def fits_the_screen(page: Page) -> tuple[int, int]:
    """The page's width and the screen's. Chromium's phone emulation zooms a page that is too
    wide out until it fits (innerWidth grows with it), so the screen is the viewport's width."""
    scroll_width, inner_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]")
    return scroll_width, min(inner_width, PHONE["viewport"]["width"])


def to_review(page: Page, live_app: Flask) -> None:
    """One jar of honey in the cart, an address in Kupang, on to the review page."""
    with live_app.app_context():
        slug = db.session.scalar(sa.select(Product.slug).where(Product.name == PRODUCT))
    page.goto(f"/products/{slug}")
    page.locator("form.buy").get_by_role("button", name="Masukkan ke keranjang",
                                         exact=True).click()
    # In place with JavaScript, through the cart page without: the header counts it either way.
    expect(page.locator("header [data-cart-count]")).to_have_text("1")
    page.goto("/checkout")
    page.locator("#a-email").fill(f"pembeli-{uuid.uuid4().hex[:8]}@contoh.id")
    page.locator("#a-country").select_option(value="ID")  # already chosen: no reload
    page.locator("#a-region").select_option(value="Nusa Tenggara Timur")
    for name, value in ADDRESS.items():
        page.locator(f"#a-{name}").fill(value)
    page.get_by_role("button", name="Lanjut ke pengiriman dan pembayaran", exact=True).click()
    expect(page).to_have_url(re.compile(r"/checkout/review$"))


def grand_total(page: Page) -> int:
    return rupiah(page.get_by_test_id("grand-total").inner_text())


def products_total(page: Page) -> int:
    summary = page.locator("section[aria-labelledby=total-h] dl")
    return rupiah(summary.locator("dd").first.inner_text())


def choose_another_courier(page: Page) -> int:
    """Check a courier that is not checked yet; returns its cost."""
    other = page.locator("input[type=radio][data-cost]:not(:checked)").first
    expect(other).to_have_count(1)
    cost = int(other.get_attribute("data-cost"))
    other.check()
    return cost


def place(page: Page) -> str:
    page.locator("#pay-bank_transfer").check()
    page.get_by_role("button", name="Buat pesanan", exact=True).click()
    expect(page).to_have_url(ORDER_URL)
    return ORDER_URL.search(page.url).group(1)


def test_the_total_follows_the_courier_and_the_numbers_copy_and_the_invoice_fits(
    page: Page, live_app: Flask
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    to_review(page, live_app)
    checked = page.locator("input[type=radio][data-cost]:checked")
    expect(checked).to_have_count(1)
    first_cost = int(checked.get_attribute("data-cost"))
    assert grand_total(page) == products_total(page) + first_cost
    expect(page.get_by_role("button", name="Hitung ulang total")).to_be_hidden()

    other_cost = choose_another_courier(page)
    expect(page.get_by_test_id("grand-total")).to_have_text(
        "Rp" + f"{products_total(page) + other_cost:,}".replace(",", "."))
    expected = grand_total(page)
    number = place(page)

    # The order page: address, payment method, and the copy buttons.
    delivery = page.locator("section[aria-labelledby=delivery-h]")
    for value in ("Yohana Bria", "Jl. Timor Raya 12", "Kota Kupang", "85228", "Transfer bank"):
        expect(delivery).to_contain_text(value)
    amount = rupiah(page.get_by_test_id("transfer-amount").inner_text())
    assert 101 <= amount - expected <= 999  # the unique code on top of the total shown
    pay = page.locator("section.pay")
    pay.get_by_role("button", name="Salin nominal", exact=True).click()
    expect(pay.get_by_role("status").filter(has_text="Tersalin")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == str(amount)
    pay.get_by_role("button", name="Salin nomor rekening", exact=True).click()
    account = live_app.config["BANK_TRANSFER_ACCOUNT"]
    assert page.evaluate("navigator.clipboard.readText()") == re.sub(r"\D", "", account)
    expect(pay).to_contain_text(re.compile(r"\d{2}\.\d{2} WIB"))  # the deadline, in Jakarta time

    # The invoice fits the phone's width and says it is not paid; once paid, "LUNAS".
    page.goto(f"/orders/{number}/invoice")
    expect(page.get_by_test_id("paid-status")).to_contain_text("Belum dibayar")
    scroll_width, width = fits_the_screen(page)
    assert scroll_width <= width, f"the invoice is {scroll_width}px wide on a {width}px screen"
    with live_app.app_context():
        services.confirm_bank_transfer(services.load_order(number), reference="BRI-E2E",
                                       admin_id=None)
        db.session.commit()
    page.reload()
    expect(page.get_by_test_id("paid-status")).to_contain_text("LUNAS")
    scroll_width, width = fits_the_screen(page)
    assert scroll_width <= width, f"the invoice is {scroll_width}px wide on a {width}px screen"


def test_without_javascript_the_total_updates_on_request_and_the_numbers_are_plain_text(
    new_context, live_app: Flask
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    to_review(page, live_app)
    before = grand_total(page)
    other_cost = choose_another_courier(page)
    expect(page.get_by_test_id("grand-total")).to_have_text(re.compile(r"^Rp"))
    assert grand_total(page) == before  # nothing recalculates by itself without JavaScript
    page.get_by_role("button", name="Hitung ulang total", exact=True).click()
    expect(page).to_have_url(re.compile(r"/checkout/review$"))
    expect(page.locator(f"input[type=radio][data-cost='{other_cost}']:checked")).to_have_count(1)
    assert grand_total(page) == products_total(page) + other_cost
    expected = grand_total(page)
    place(page)

    amount = page.get_by_test_id("transfer-amount")
    assert rupiah(amount.inner_text()) - expected in range(101, 1000)
    expect(page.locator("section.pay button.copy")).to_have_count(0)
    for value in (amount, page.get_by_test_id("account-number")):
        assert value.evaluate("e => getComputedStyle(e).userSelect") != "none"
    expect(page.get_by_test_id("account-number")).to_have_text(
        live_app.config["BANK_TRANSFER_ACCOUNT"])
