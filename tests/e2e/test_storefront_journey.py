"""A buyer's journey through the demo store, as a person sees it in the browser.

The UI copy comes from a translation catalogue, so these tests check structure and data
(prices, languages, photos, packaging) rather than exact wording.
"""
from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations

RUPIAH_ID = re.compile(r"Rp\d{1,3}(\.\d{3})+")  # Rp150.000
RUPIAH_EN = re.compile(r"IDR\d{1,3}(,\d{3})+")  # IDR150,000
# One value of the packaging panel each: 250 g, 1,2 kg (id), 1.2 kg (en); 30 × 20 × 10 cm.
WEIGHT = re.compile(r"^\d{1,3}([.,]\d{3})*([.,]\d+)?\s?k?g$")
SIZE_CM = re.compile(r"^\d+\s?×\s?\d+\s?×\s?\d+\s?cm$")
ENGLISH_HOME_HEADING = "Made at the border, sold under the maker's own name"


def cards(page: Page) -> Locator:
    return page.locator("main article.card")


def wait_for_image_loaded(page: Page, image: Locator) -> None:
    """Lazy images load when scrolled to; then they must have decoded pixels."""
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000
    )


def open_first_category(page: Page) -> str:
    """From the home page, the first link of the "categories" section; returns its name."""
    link = page.locator("section[aria-labelledby=categories-h] a").first
    expect(link).to_be_visible()
    name = link.inner_text().strip()
    link.click()
    expect(page).to_have_url(re.compile(r"/products\?(.*&)?category="))
    return name


def open_first_product(page: Page) -> str:
    """From a catalogue page, the first product card; returns the product's name."""
    card = cards(page).first
    expect(card).to_be_visible()
    name = card.locator(".card-title").inner_text().strip()
    card.locator("a.card-link").click()
    expect(page).to_have_url(re.compile(r"/products/[^/?]+$"))
    return name


def result_count(page: Page) -> int:
    text = page.locator(".result-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group())


# An English-language phone still gets the Indonesian store: the language is the buyer's
# choice (a cookie), not the browser's Accept-Language.
@pytest.mark.browser_context_args(locale="en-US")
def test_buyer_browses_a_category_opens_a_product_and_switches_to_english(page: Page) -> None:
    failed_responses: list[str] = []
    page.on(
        "response",
        lambda r: failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )

    # Home, in Indonesian by default.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).not_to_have_text(ENGLISH_HOME_HEADING)  # translated, not the msgid
    indonesian_heading = heading.inner_text().strip()
    expect(page.locator("main")).to_contain_text(RUPIAH_ID)

    # A category from the "categories" section leads to a catalogue of that category.
    category_name = open_first_category(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(category_name)
    expect(page.locator("#f-category option:checked")).to_contain_text(category_name)
    expect(cards(page).first).to_be_visible()
    for price in cards(page).locator(".card-price").all():
        expect(price).to_have_text(RUPIAH_ID)

    # A product: price in rupiah, a gallery of loaded photos, packaging details.
    product_name = open_first_product(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(product_name)
    product_url = page.url

    price = page.get_by_test_id("price")
    expect(price).to_be_visible()
    expect(price).to_have_text(RUPIAH_ID)
    expect(price).not_to_contain_text("IDR")

    photos = page.locator(".gallery li[id^='photo-'] img")  # the photos, not their thumbnails
    # At least one (the first card may be a one-photo product another test just listed).
    expect(photos.first).to_be_attached()
    for photo in photos.all():
        expect(photo).to_have_attribute("alt", re.compile(r"\S"))
        expect(photo).to_have_attribute("width", re.compile(r"^[1-9]\d*$"))
        expect(photo).to_have_attribute("height", re.compile(r"^[1-9]\d*$"))
        wait_for_image_loaded(page, photo)

    packaging = page.get_by_test_id("packaging")
    packaging.scroll_into_view_if_needed()
    expect(packaging).to_be_visible()
    expect(packaging.locator("dd").filter(has_text=WEIGHT).first).to_be_visible()
    expect(packaging.locator("dd").filter(has_text=SIZE_CM).first).to_be_visible()

    # The language link in the header: English, on the same page, prices in IDR.
    page.locator("header nav.lang a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(product_url)
    expect(price).to_have_text(RUPIAH_EN)
    expect(price).not_to_contain_text("Rp")

    # The choice stays when the buyer moves on.
    page.locator("nav.breadcrumb a").first.click()
    expect(page).not_to_have_url(product_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(indonesian_heading)
    expect(page.locator("main .card-price").first).to_have_text(RUPIAH_EN)
    expect(page.locator("header nav.lang a[hreflang=id]")).to_be_visible()

    assert failed_responses == [], "requests that failed during the journey"


def test_filtering_the_catalogue_by_regency_narrows_it_to_that_regency(page: Page) -> None:
    page.goto("/products")
    expect(cards(page).first).to_be_visible()
    total = result_count(page)

    # Pick the regency of a product the buyer can see, as a person would from the cards.
    # The card reads "<regency> · <shop>" beside a map pin.
    meta = cards(page).first.locator(".card-meta span").inner_text()
    regency = meta.split("·")[0].strip()
    assert regency, f"no regency in the card text {meta!r}"

    filters = page.locator("form.filters")
    filters.locator("#f-regency").select_option(value=regency)
    filters.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"[?&]regency={re.escape(quote_plus(regency))}(&|$)"))
    expect(page.locator("#f-regency")).to_have_value(regency)
    expect(cards(page).first).to_be_visible()
    narrowed = result_count(page)
    assert 0 < narrowed < total, f"{regency}: {narrowed} of {total} products"
    for card in cards(page).all():
        expect(card.locator(".card-meta")).to_contain_text(f"{regency} ·")


# Each page on its own, so that one page's problems do not hide the next page's.
@pytest.mark.parametrize("where", ["home", "catalogue", "product"])
def test_storefront_pages_have_no_serious_accessibility_violations(page: Page, where: str) -> None:
    page.goto("/")
    if where in ("catalogue", "product"):
        open_first_category(page)
        expect(cards(page).first).to_be_visible()
    if where == "product":
        open_first_product(page)
        photos = page.locator(".gallery li[id^='photo-'] img")
        for photo in photos.all():  # axe judges contrast over images once they are there
            wait_for_image_loaded(page, photo)
    assert_no_serious_axe_violations(page)
