"""The store as a buyer first sees it on a phone (issue 16): products on the first screen,
nothing that scrolls sideways, header controls big enough for a thumb, every photo of a
product reachable, and the cart's count in the header."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from marketplace.catalog.models import Product, ProductImage, ProductStatus, Shop
from marketplace.extensions import db
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_centre_journey import PASSWORD as STAFF_PASSWORD
from tests.e2e.test_centre_journey import appoint_staff
from tests.e2e.test_order_journey import PASSWORD, create_admin, give_shop_owner_a_password

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
REGION_URL = "/products?province=Nusa+Tenggara+Timur"
LISTINGS = ["/products", "/search?q=tenun", REGION_URL]
BUYER_PAGES = ["/", "/products", "/search?q=tenun", REGION_URL, "/sentra/",
               "/sentra/sentra-tenun-ikat-kupang", "/cart", "/account/login", "/account/register",
               "/products/sarung-tenun-ikat-amarasi-motif-buaya/shipping?province=Papua+Selatan"]
SELLER_PAGES = ["/seller/", "/seller/orders", "/seller/products", "/seller/products/new",
                "/seller/shop", "/seller/balance", "/seller/complaints", "/seller/consultations"]
ADMIN_PAGES = ["/admin/", "/admin/overview", "/admin/orders", "/admin/shops", "/admin/listings",
               "/admin/bank-transfers", "/admin/payouts", "/admin/complaints", "/admin/curation",
               "/admin/categories", "/admin/currencies", "/admin/commission", "/admin/centres",
               "/admin/reconciliation", "/admin/audit"]
CENTRE_PAGES = ["/centre/", "/centre/shops/new", "/centre/consultations"]


def phone(browser: Browser, base_url: str, viewport: dict = PHONE, **options) -> BrowserContext:
    return browser.new_context(base_url=base_url, viewport=viewport, is_mobile=True,
                               has_touch=True, device_scale_factor=2, locale="id-ID", **options)


@pytest.fixture
def phone_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = phone(browser, base_url)
    yield context.new_page()
    context.close()


def product_with_most_photos(app: Flask) -> tuple[str, int]:
    with app.app_context():
        count = sa.func.count(ProductImage.id)
        row = db.session.execute(
            sa.select(Product.slug, count).join(ProductImage, ProductImage.product_id == Product.id)
            .where(Product.status == ProductStatus.ACTIVE)
            .group_by(Product.slug).order_by(count.desc(), Product.slug).limit(1)).one()
    return row[0], row[1]


def shop_with_an_owner(app: Flask) -> str:
    with app.app_context():
        return db.session.scalars(sa.select(Shop.name).where(Shop.owner_id.is_not(None))
                                  .order_by(Shop.id).limit(1)).one()


def sideways_overflow(page: Page, width: int) -> int:
    """How far the document is wider than the viewport (Chromium's phone emulation widens
    innerWidth to fit the content, so compare with the viewport's own width)."""
    return page.evaluate("document.documentElement.scrollWidth") - width


def widest_element(page: Page, width: int) -> str:
    """The deepest element that sticks out past the right edge, to say what to fix."""
    return page.evaluate("""width => {
      let found = null;
      for (const el of document.querySelectorAll('main *, header *')) {
        if (el.getBoundingClientRect().right > width + 1) found = el;
      }
      return found ? found.outerHTML.slice(0, 120) : '';
    }""", width)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/account/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    expect(page.locator("header details.account-menu")).to_be_visible()


@pytest.mark.parametrize("url", LISTINGS)
def test_the_first_product_card_is_on_the_first_screen(phone_page: Page, url: str) -> None:
    phone_page.goto(url)
    card = phone_page.locator("main article.card").first
    expect(card).to_be_visible()
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], (
        f"the first product card on {url} ends at {box and box['y'] + box['height']:.0f} px, "
        f"below the first screen ({PHONE['height']} px)")
    # The filters wait behind a "Filter" button rather than pushing the products down.
    expect(phone_page.locator("main details.drawer summary")).to_contain_text("Filter")


def test_region_pages_are_titled_by_the_region(phone_page: Page) -> None:
    phone_page.goto("/products?province=Nusa+Tenggara+Timur&regency=Kupang")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Produk dari Kupang")
    expect(phone_page.locator("main details.drawer .active-count")).to_have_text("2")


def test_header_controls_are_big_enough_for_a_thumb(phone_page: Page) -> None:
    phone_page.goto("/products")
    controls = phone_page.locator("header").locator("a, button, summary, input")
    small = []
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        box = control.bounding_box()
        if box["height"] < 44 or box["width"] < 44:
            small.append(f"{control.evaluate('e => e.outerHTML.slice(0, 80)')}: "
                         f"{box['width']:.0f}×{box['height']:.0f}")
    assert small == [], "header controls smaller than 44×44 px"


def test_every_photo_of_a_product_is_reachable_without_javascript(
    browser: Browser, base_url: str, live_app: Flask
) -> None:
    slug, count = product_with_most_photos(live_app)
    assert count >= 3, "the demo data has a product with its packaging photo"
    context = phone(browser, base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/products/{slug}")
    thumbs = page.locator(".gallery .thumbs a")
    expect(thumbs).to_have_count(count)
    for n in range(count, 0, -1):
        thumbs.nth(n - 1).click()
        photo = page.locator(f"#photo-{n} img")
        expect(photo).to_be_in_viewport(ratio=0.9)
    # Next and previous on each photo lead from one to the other.
    page.locator("#photo-1 .slide-nav a[href='#photo-2']").click()
    expect(page.locator("#photo-2 img")).to_be_in_viewport(ratio=0.9)
    context.close()


def test_adding_to_the_cart_keeps_the_buyer_on_the_page(phone_page: Page, live_app: Flask) -> None:
    slug, _ = product_with_most_photos(live_app)
    phone_page.goto(f"/products/{slug}")
    badge = phone_page.locator("header [data-cart-count]")
    expect(badge).to_be_hidden()
    phone_page.locator("form.buy").get_by_role("button", name="Masukkan ke keranjang").click()
    expect(phone_page.locator("#added-status")).to_contain_text("masuk ke keranjang")
    expect(phone_page).to_have_url(re.compile(rf"/products/{slug}$"))
    expect(badge).to_have_text("1")
    # The count is this buyer's own, also on the next (shared, cached) page.
    phone_page.goto("/products")
    expect(phone_page.locator("header [data-cart-count]")).to_have_text("1")
    phone_page.goto("/cart")
    expect(phone_page.locator("main .line-item img")).to_have_count(1)
    expect(phone_page.locator("ol.steps [aria-current=step]")).to_have_text(re.compile("Keranjang"))
    assert_no_serious_axe_violations(phone_page)
    phone_page.goto("/checkout")
    expect(phone_page.locator("#a-region")).to_have_js_property("tagName", "SELECT")
    expect(phone_page.locator("#a-phone")).to_have_attribute("type", "tel")
    expect(phone_page.locator("#a-email")).to_have_attribute("autocomplete", "email")
    assert_no_serious_axe_violations(phone_page)


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["phone", "small-phone"])
def test_the_cart_quantity_stepper_is_big_enough_for_a_thumb(
    browser: Browser, base_url: str, live_app: Flask, viewport: dict
) -> None:
    slug, _ = product_with_most_photos(live_app)
    context = phone(browser, base_url, viewport)
    phone_page = context.new_page()
    phone_page.goto(f"/products/{slug}")
    phone_page.locator("form.buy").get_by_role("button", name="Masukkan ke keranjang").click()
    expect(phone_page.locator("#added-status")).to_contain_text("masuk ke keranjang")
    phone_page.goto("/cart")
    buttons = phone_page.locator(".stepper button")
    expect(buttons.first).to_be_visible()
    sizes = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
    assert len(sizes) == 2
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in sizes), sizes
    context.close()


@pytest.mark.parametrize("url", ["/", "/products", "/search?q=tenun"])
def test_listing_pages_pass_axe_on_a_phone(phone_page: Page, url: str) -> None:
    phone_page.goto(url)
    expect(phone_page.locator("main article.card").first).to_be_visible()
    assert_no_serious_axe_violations(phone_page)


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["320", "390"])
def test_no_page_scrolls_sideways(
    browser: Browser, base_url: str, live_app: Flask, viewport: dict
) -> None:
    width = viewport["width"]
    wide = []

    def visit(page: Page, urls: list[str]) -> None:
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status < 400, f"{url}: {response and response.status}"
            if (extra := sideways_overflow(page, width)) > 0:
                wide.append(f"{url} (+{extra} px: {widest_element(page, width)})")

    slug, _ = product_with_most_photos(live_app)
    context = phone(browser, base_url, viewport)
    page = context.new_page()
    visit(page, BUYER_PAGES + [f"/products/{slug}"])
    page.goto(f"/products/{slug}")
    page.locator("form.buy").get_by_role("button", name="Masukkan ke keranjang").click()
    expect(page.locator("#added-status")).to_be_visible()
    visit(page, ["/cart", "/checkout", "/checkout?country=MY"])
    context.close()

    seller = phone(browser, base_url, viewport)
    page = seller.new_page()
    log_in(page, give_shop_owner_a_password(live_app, shop_with_an_owner(live_app)))
    visit(page, SELLER_PAGES + ["/account/orders"])
    seller.close()

    admin = phone(browser, base_url, viewport)
    page = admin.new_page()
    log_in(page, create_admin(live_app))
    visit(page, ADMIN_PAGES)
    admin.close()

    staff = phone(browser, base_url, viewport)
    page = staff.new_page()
    log_in(page, appoint_staff(live_app), STAFF_PASSWORD)
    visit(page, CENTRE_PAGES)
    staff.close()

    assert not wide, f"pages wider than {width} px: {', '.join(wide)}"


LAPTOP = {"width": 1280, "height": 800}


def test_the_add_to_cart_bar_stays_at_the_bottom_of_a_phone(
    browser: Browser, base_url: str, live_app: Flask
) -> None:
    slug, _ = product_with_most_photos(live_app)
    context = phone(browser, base_url)
    page = context.new_page()
    page.goto(f"/products/{slug}")
    bar = page.get_by_test_id("sticky-buy")
    page.locator("#desc-h").scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    expect(page.locator("form.buy button[type=submit]")).not_to_be_in_viewport()
    expect(bar).to_be_in_viewport(ratio=1)
    expect(bar).to_contain_text("Rp")
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1 and box["width"] >= PHONE["width"] - 1
    button = bar.get_by_role("button", name="Masukkan ke keranjang")
    assert button.bounding_box()["height"] >= 44
    # By keyboard: it is a button in the page's order, and it adds without leaving the page.
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("header [data-cart-count]")).to_have_text("1")
    expect(page).to_have_url(re.compile(rf"/products/{slug}$"))
    # At the end of the page it rests below the content, covering none of it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator("main > :not(.sticky-buy)").last.bounding_box()
    assert last["y"] + last["height"] <= bar.bounding_box()["y"] + 1
    assert_no_serious_axe_violations(page)
    context.close()

    laptop = browser.new_context(base_url=base_url, viewport=LAPTOP, locale="id-ID")
    page = laptop.new_page()
    page.goto(f"/products/{slug}")
    expect(page.get_by_test_id("sticky-buy")).to_be_hidden()
    laptop.close()


def test_the_sticky_bar_works_without_javascript(browser: Browser, base_url: str,
                                                 live_app: Flask) -> None:
    slug, _ = product_with_most_photos(live_app)
    context = phone(browser, base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/products/{slug}")
    page.get_by_test_id("sticky-buy").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/cart$"))
    expect(page.locator("main .line-item")).to_have_count(1)
    context.close()


def test_the_shipping_estimate_for_a_chosen_and_a_remembered_province(
    phone_page: Page, live_app: Flask
) -> None:
    slug, _ = product_with_most_photos(live_app)
    phone_page.goto(f"/products/{slug}")
    result = phone_page.locator("[data-ship-result]")
    expect(result).to_be_hidden()
    phone_page.get_by_label("Ongkir ke").select_option("Bali")
    expect(result).to_contain_text(re.compile(r"Ongkir mulai Rp[\d.]+ ke Bali"))
    expect(phone_page).to_have_url(re.compile(rf"/products/{slug}$"))
    # Remembered on the next visit of any product page, which is the same shared page.
    phone_page.goto("/products")
    phone_page.locator("main .card-link").first.click()
    expect(phone_page.locator("[data-ship-result]")).to_contain_text("ke Bali")
    expect(phone_page.get_by_label("Ongkir ke")).to_have_value("Bali")
    assert_no_serious_axe_violations(phone_page)
    # The estimate's own page (where the form leads without JavaScript) passes axe too.
    phone_page.goto(f"/products/{slug}/shipping?province=Papua+Selatan")
    expect(phone_page.get_by_test_id("shipping-estimate")).to_contain_text("ke Papua Selatan")
    assert_no_serious_axe_violations(phone_page)


def test_the_shipping_estimate_without_javascript(browser: Browser, base_url: str,
                                                  live_app: Flask) -> None:
    slug, _ = product_with_most_photos(live_app)
    context = phone(browser, base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/products/{slug}")
    page.get_by_label("Ongkir ke").select_option("Papua Selatan")
    page.get_by_role("button", name="Cek ongkir").click()
    expect(page.get_by_test_id("shipping-estimate")).to_contain_text(
        re.compile(r"Ongkir mulai Rp[\d.]+ ke Papua Selatan"))
    page.get_by_role("link", name="Kembali ke produk").click()
    expect(page).to_have_url(re.compile(rf"/products/{slug}$"))
    context.close()


def regency_options(page: Page, select: str) -> list[str]:
    return page.locator(f"{select} option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)")


def test_a_province_narrows_the_regencies_as_it_is_chosen(phone_page: Page) -> None:
    phone_page.goto("/products")
    phone_page.locator("details.drawer summary").click()
    assert {"Kupang", "Sambas"} <= set(regency_options(phone_page, "#f-regency"))
    phone_page.locator("#f-province").select_option("Kalimantan Barat")
    options = regency_options(phone_page, "#f-regency")
    assert "Sambas" in options and "Kupang" not in options
    phone_page.locator("#f-regency").select_option("Sambas")
    phone_page.locator("#f-province").select_option("")  # all provinces again, Sambas kept
    assert "Kupang" in regency_options(phone_page, "#f-regency")
    expect(phone_page.locator("#f-regency")).to_have_value("Sambas")
    assert_no_serious_axe_violations(phone_page)

    # The checkout's province suggests its own kabupaten/kota (any other may be typed).
    phone_page.goto("/products")
    phone_page.locator("main .card-link").first.click()
    phone_page.locator("form.buy").get_by_role("button", name="Masukkan ke keranjang").click()
    expect(phone_page.locator("#added-status")).to_be_visible()
    phone_page.goto("/checkout")
    expect(phone_page.locator("#a-city")).to_have_attribute("list", "a-city-list")
    assert regency_options(phone_page, "#a-city-list") == []
    phone_page.locator("#a-region").select_option("Nusa Tenggara Timur")
    assert "Belu" in regency_options(phone_page, "#a-city-list")
    phone_page.locator("#a-region").select_option("Kalimantan Utara")
    assert regency_options(phone_page, "#a-city-list") == ["Nunukan", "Malinau", "Kota Tarakan"]
    assert_no_serious_axe_violations(phone_page)


def test_without_javascript_the_server_narrows_the_regencies(browser: Browser, base_url: str) -> None:
    context = phone(browser, base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/products?province=Kalimantan+Utara")
    regency = page.content().split('id="f-regency"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)"', regency) == ["Nunukan", "Malinau", "Kota Tarakan"]
    context.close()
