"""A buyer searches the demo store with a typo, follows "did you mean", narrows the results to
one regency and opens a product.

The UI copy comes from a translation catalogue, so the test finds things by their structure
(the header's search box, the "did you mean" paragraph, the region facet) and checks data.
"""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations

TYPO, MEANT, REGENCY = "songkett", "songket", "Sambas"


def result_count(page: Page) -> int:
    match = re.search(r"\d+", page.locator(".result-count").inner_text())
    assert match, "no number in the result count"
    return int(match.group())


def test_typo_did_you_mean_regency_facet_product(page: Page) -> None:
    page.goto("/")
    box = page.locator("#site-q")  # the search box in every page's header
    box.fill(TYPO)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/search\?q={TYPO}$"))

    offer = page.locator(".did-you-mean a")
    expect(offer).to_have_text(MEANT)
    assert_no_serious_axe_violations(page)
    offer.click()
    expect(page).to_have_url(re.compile(rf"/search\?q={MEANT}$"))
    expect(page.locator(".did-you-mean")).to_have_count(0)
    expect(page.locator("#search-q")).to_have_value(MEANT)
    everywhere = result_count(page)
    assert everywhere >= 2
    names = page.locator("main article.card .card-title").all_inner_texts()
    assert any(MEANT in name.lower() for name in names), names

    # The province first: it narrows to its regencies.
    regency = page.locator("aside.facets ul ul a", has_text=re.compile(rf"^{REGENCY}\b"))
    expect(regency).to_have_count(0)
    page.locator("aside.facets a", has_text=re.compile(r"^Kalimantan Barat\b")).click()
    expect(regency).to_have_count(1)
    listed = int(re.search(r"\((\d+)\)", regency.inner_text()).group(1))
    regency.click()
    expect(page).to_have_url(re.compile(rf"[?&]regency={REGENCY}(&|$)"))
    expect(page.locator("aside.facets a[aria-current=true]", has_text=REGENCY)).to_have_count(1)
    assert result_count(page) == listed <= everywhere
    assert_no_serious_axe_violations(page)

    card = page.locator("main article.card").first
    name = card.locator(".card-title").inner_text().strip()
    card.locator("a.card-link").click()
    expect(page).to_have_url(re.compile(r"/products/[^/?]+$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text(REGENCY)
    assert MEANT in name.lower()
