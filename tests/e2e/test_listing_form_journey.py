"""The listing form on a phone: only the fields of the chosen category's kind, switched as the
category changes with JavaScript, and reached with one extra tap without it (issue 14, item 16).
"""
from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_seller_journey import open_shop, register, token

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
pytestmark = pytest.mark.browser_context_args(**PHONE)

TENUN = "Tenun Ikat"  # demo categories (marketplace/dev/demo/content)
HONEY = "Madu"
CRAFT = "Noken"


def tenun_fields(page: Page):
    return page.locator('fieldset[data-kind="textile"]')


def food_fields(page: Page):
    return page.locator('fieldset[data-kind="food"]')


def choose(page: Page, label: str) -> None:
    page.get_by_label("Kategori", exact=True).select_option(label=label)


def new_seller(page: Page, live_app: Flask) -> None:
    holder = register(page, live_app)
    open_shop(page, f"Madu Hutan Sintang {token()}", holder)
    page.goto("/seller/products/new")


def test_with_javascript_the_fields_follow_the_category(page: Page, live_app: Flask) -> None:
    new_seller(page, live_app)
    expect(tenun_fields(page)).to_be_hidden()
    expect(food_fields(page)).to_be_hidden()
    show = page.get_by_role("button", name="Tampilkan isian untuk kategori ini")
    expect(show).to_be_hidden()  # not needed: the fields switch at once

    choose(page, HONEY)
    expect(food_fields(page)).to_be_visible()
    expect(tenun_fields(page)).to_be_hidden()
    expect(page.get_by_label("Komposisi", exact=True)).to_be_visible()
    choose(page, TENUN)
    expect(tenun_fields(page)).to_be_visible()
    expect(food_fields(page)).to_be_hidden()
    expect(page.get_by_label("Motif", exact=True)).to_be_visible()
    choose(page, CRAFT)
    expect(tenun_fields(page)).to_be_hidden()
    expect(food_fields(page)).to_be_hidden()
    assert_no_serious_axe_violations(page)


def test_without_javascript_a_seller_chooses_the_category_then_sees_its_fields(
        browser: Browser, base_url: str, live_app: Flask) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        new_seller(page, live_app)
        expect(tenun_fields(page)).to_be_hidden()
        expect(food_fields(page)).to_be_hidden()
        page.get_by_label("Nama produk", exact=True).fill("Madu Hutan Kelulut")
        choose(page, HONEY)
        expect(food_fields(page)).to_be_hidden()  # nothing runs on change without JavaScript
        page.get_by_role("button", name="Tampilkan isian untuk kategori ini").click()

        expect(page).to_have_url(re.compile(r"/seller/products/new$"))
        expect(food_fields(page)).to_be_visible()
        expect(tenun_fields(page)).to_be_hidden()
        expect(page.get_by_label("Nama produk", exact=True)).to_have_value("Madu Hutan Kelulut")
        expect(page.locator(".alert")).to_have_count(0)  # nothing checked or saved yet
        page.get_by_label("Komposisi", exact=True).fill("Madu hutan kelulut murni")
        page.get_by_label("Izin edar pangan", exact=True).select_option(value="pirt")
        page.get_by_label("Nomor izin edar", exact=True).fill("P-IRT No. 2066104010123-27")
        page.locator("#variants-0-price").fill("95.000")
        page.locator("#variants-0-stock").fill("10")
        page.get_by_role("button", name="Simpan", exact=True).click()

        expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
        page.get_by_role("link", name="Kembali ke produk", exact=True).click()
        expect(food_fields(page)).to_be_visible()
        expect(page.get_by_label("Nomor izin edar", exact=True)).to_have_value("2066104010123-27")
        # A draft without a photo: the way to publish it is to add one.
        expect(page.get_by_role("button", name="Terbitkan", exact=True)).to_have_count(0)
        expect(page.get_by_role("link", name="Tambahkan foto untuk menerbitkan")).to_be_visible()
    finally:
        context.close()
