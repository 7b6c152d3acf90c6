"""A newcomer's first card payment, with nothing configured: the local Stripe stand-in runs as
its own process, started as `make run` starts it, and the store uses it through the settings a
development store takes when no STRIPE_* is set. A guest pays by card on the stand-in's page
(which says it is test mode, as the checkout does) and comes back to a paid order."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.config import STRIPE_SETTINGS
from tests.e2e.conftest import assert_no_serious_axe_violations, development_settings
from tests.e2e.test_order_journey import (
    ORDER_URL,
    PAID,
    add_to_cart,
    fill_address,
    find_by_searching,
)
from tests.payments.test_local_stripe import free_port, start_fake, stop_fake

PRODUCT = "Kerupuk Udang Sambas"


@pytest.fixture
def local_stripe(live_server: str, live_app: Flask, monkeypatch) -> Iterator[str]:
    """The stand-in, and the live store configured as a development store with no STRIPE_*
    finds it; yields the stand-in's address."""
    port = free_port()
    process = start_fake(port, f"{live_server}/payments/stripe/webhook")
    try:
        with development_settings(live_app, monkeypatch, STRIPE_SETTINGS, "FAKE_STRIPE_PORT",
                                  port) as development:
            yield development.STRIPE_API_BASE
    finally:
        code, output = stop_fake(process)
        assert code == 0, output


def test_a_first_card_payment_completes_in_test_mode(page: Page, local_stripe: str):
    find_by_searching(page, PRODUCT)
    add_to_cart(page, 1)
    fill_address(page, "pembeli-kartu@contoh.my")

    card = page.locator("#pay-stripe")
    expect(card).to_be_visible()
    expect(page.get_by_test_id("card-test-mode")).to_contain_text("Mode uji")
    assert_no_serious_axe_violations(page)
    card.check()
    page.get_by_role("button", name="Buat pesanan", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(local_stripe) + r"/pay/cs_test_\w+$"))
    expect(page.get_by_test_id("test-mode")).to_contain_text("no card is charged")
    page.get_by_role("button", name="Pay", exact=True).click()

    # back on the store's order page; the verified webhook arrived before the redirect
    expect(page).to_have_url(re.compile(ORDER_URL.pattern.rstrip("$") + r"\?t=\S+$"))
    expect(page.get_by_test_id("order-status")).to_have_text(PAID)
