"""Paying the way Indonesians pay, with nothing configured: the local Xendit stand-in runs as
its own process, started as `make run` starts it, and the store uses it through the settings a
development store takes when no XENDIT_* is set. A guest pays by QRIS (the page follows the
payment by itself) and another by a BCA virtual account (reloading without JavaScript's help)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.admin import reconciliation
from marketplace.config import XENDIT_SETTINGS
from marketplace.extensions import db
from marketplace.money import format_idr
from marketplace.ledger.models import AccountCode, LedgerAccount, LedgerEntry
from marketplace.orders import payment_fees
from marketplace.orders.models import Order, OrderStatus
from tests.e2e.conftest import assert_no_serious_axe_violations, development_settings
from tests.e2e.test_admin_journey import log_in_in_english
from tests.e2e.test_order_journey import (
    PAID,
    create_admin,
    add_to_cart,
    fill_address,
    find_by_searching,
    rupiah,
)
from tests.payments.test_local_stripe import free_port, start_stand_in, stop_fake

PRODUCT = "Kerupuk Udang Sambas"
PAY_URL = re.compile(r"/orders/SEN-\d{4}-[2-9A-HJ-NP-Z]{6}/pay/xendit$")


@pytest.fixture
def local_xendit(live_server: str, live_app: Flask, monkeypatch) -> Iterator[str]:
    port = free_port()
    process = start_stand_in("marketplace.dev.fake_xendit", port, "--callback-url",
                             f"{live_server}/payments/xendit/callback")
    try:
        with development_settings(live_app, monkeypatch, XENDIT_SETTINGS, "FAKE_XENDIT_PORT",
                                  port) as development:
            yield development.XENDIT_API_BASE
    finally:
        code, output = stop_fake(process)
        assert code == 0, output


def _ledger_holds_the_order(app: Flask, email: str) -> None:
    """The order paid is in the ledger: its goods and shipping held for the seller, Xendit's
    fee booked, every transaction balanced."""
    with app.app_context():
        order = db.session.scalar(sa.select(Order).where(Order.email == email))
        assert order is not None and order.status == OrderStatus.PAID
        held = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_idr), 0))
            .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
            .where(LedgerAccount.code == AccountCode.HELD, LedgerEntry.order_id == order.id))
        assert -held == order.subtotal_idr + order.shipping_idr
        assert reconciliation.unbalanced() == []
        db.session.remove()


def _place_order(page: Page, email: str, method: str) -> None:
    find_by_searching(page, PRODUCT)
    add_to_cart(page, 1)
    fill_address(page, email)
    expect(page.get_by_test_id("xendit-test-mode")).to_contain_text("Mode uji")
    page.locator(f"#pay-{method}").check()
    page.get_by_role("button", name="Buat pesanan", exact=True).click()
    expect(page).to_have_url(PAY_URL)


def test_a_buyer_pays_by_qris_and_the_page_follows(page: Page, local_xendit: str,
                                                  live_app: Flask):
    _place_order(page, "pembeli-qris@contoh.my", "qris")
    expect(page.get_by_test_id("qris").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("pay-deadline")).to_contain_text("WIB")
    assert_no_serious_axe_violations(page)
    pay_page = page.url
    gateway = page.context.new_page()  # the buyer's banking app, as the stand-in plays it
    gateway.goto(page.get_by_test_id("xendit-simulator").get_attribute("href"))
    expect(gateway.get_by_test_id("test-mode")).to_be_visible()
    gateway.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(gateway.get_by_role("status")).to_contain_text("SUCCEEDED")
    # the store's pay page, left open, shows the paid order by itself
    expect(page).not_to_have_url(pay_page, timeout=20_000)
    expect(page.get_by_test_id("order-status")).to_have_text(PAID)
    _ledger_holds_the_order(live_app, "pembeli-qris@contoh.my")


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_buyer_pays_into_a_virtual_account_without_javascript(page: Page, local_xendit: str,
                                                                live_app: Flask):
    _place_order(page, "pembeli-va@contoh.my", "va_bca")
    number = page.get_by_test_id("va-number").inner_text()
    assert number.isdigit() and len(number) >= 10
    expect(page.get_by_test_id("pay-deadline")).to_contain_text("WIB")
    pay_page = page.url
    gateway = page.get_by_test_id("xendit-simulator").get_attribute("href")
    page.goto(gateway)
    expect(page.get_by_test_id("va-number")).to_have_text(number)  # the same account
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    page.goto(pay_page)  # "Periksa lagi": the paid order
    expect(page.get_by_test_id("order-status")).to_have_text(PAID)
    _ledger_holds_the_order(live_app, "pembeli-va@contoh.my")


def test_a_fee_passed_on_follows_the_method_and_the_stand_in_sends_twice(
        page: Page, local_xendit: str, live_app: Flask):
    """The admin passes a QRIS fee on: the review page adds it to the total when QRIS is
    chosen (JavaScript), the order and Xendit's payment carry it; the stand-in's "callback
    sent twice" button pays once."""
    with live_app.app_context():
        payment_fees.set_fee("qris", payment_fees.Fee(fixed_idr=1_000, bps=70))
        db.session.commit()
        db.session.remove()
    try:
        find_by_searching(page, PRODUCT)
        add_to_cart(page, 1)
        fill_address(page, "pembeli-biaya@contoh.my")
        without_fee = rupiah(page.get_by_test_id("grand-total").inner_text())
        expect(page.get_by_test_id("fee-qris")).to_be_visible()
        page.locator("#pay-qris").check()
        fee = 1_000 + without_fee * 70 // 10_000
        expect(page.get_by_test_id("review-payment-fee")).to_have_text(format_idr(fee, "id"))
        with_fee = without_fee + fee
        expect(page.get_by_test_id("grand-total")).to_have_text(format_idr(with_fee, "id"))
        assert_no_serious_axe_violations(page)
        assert len(page.content().encode()) < 40_000
        page.get_by_role("button", name="Buat pesanan", exact=True).click()
        expect(page).to_have_url(PAY_URL)
        assert rupiah(page.get_by_test_id("xendit-amount").inner_text()) == with_fee
        gateway = page.context.new_page()
        gateway.goto(page.get_by_test_id("xendit-simulator").get_attribute("href"))
        gateway.get_by_text("What Xendit may also do").click()
        gateway.get_by_role("button", name="Pay, callback sent twice").click()
        expect(gateway.get_by_test_id("sent").get_by_role("listitem")).to_have_count(2)
        expect(gateway.get_by_test_id("sent")).to_contain_text("the store answered 200")
        expect(page.get_by_test_id("order-status")).to_have_text(PAID, timeout=20_000)
        _ledger_holds_the_order(live_app, "pembeli-biaya@contoh.my")
        with live_app.app_context():
            order = db.session.scalar(sa.select(Order).where(
                Order.email == "pembeli-biaya@contoh.my"))
            assert order.payment_fee_idr == fee and order.total_idr == with_fee
            db.session.remove()
    finally:
        with live_app.app_context():
            payment_fees.set_fee("qris", payment_fees.Fee())
            db.session.commit()
            db.session.remove()


def test_an_admin_sets_a_fee_and_is_told_what_is_wrong(new_context, local_xendit: str,
                                                       live_app: Flask, base_url: str):
    admin = new_context().new_page()
    log_in_in_english(admin, base_url, create_admin(live_app))
    admin.goto("/admin/payment-methods")
    admin.get_by_label("GoPay Fixed (Rp)").fill("abc")
    admin.get_by_role("button", name="Save the fees").click()
    expect(admin.get_by_role("alert")).to_contain_text("GoPay: the fixed fee is whole rupiah")
    assert_no_serious_axe_violations(admin)
    admin.get_by_label("GoPay Fixed (Rp)").fill("")
    admin.get_by_label("QRIS Percentage (basis points)").fill("70")
    admin.get_by_role("button", name="Save the fees").click()
    expect(admin.get_by_label("QRIS Percentage (basis points)")).to_have_value("70")
    assert_no_serious_axe_violations(admin)
    with live_app.app_context():
        assert payment_fees.fee_for("qris") == payment_fees.Fee(0, 70)
        payment_fees.set_fee("qris", payment_fees.Fee())
        db.session.commit()
        db.session.remove()
