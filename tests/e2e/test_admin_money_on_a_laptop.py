"""An admin at a laptop (1280×800), without JavaScript (issue 14, item 18): a transfer that
arrived without its unique code is confirmed only with a reason, on a confirmation page that
shows the amounts; a refund is made from a page that shows its amount; the audit log then
reads as labelled changes and fits the screen without scrolling sideways."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_order_journey import create_admin, idr, log_in, rupiah
from tests.e2e.test_paying_on_a_phone import place, to_review

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
pytestmark = pytest.mark.browser_context_args(**LAPTOP)


def sideways_scroll(page: Page) -> list[str]:
    """What scrolls sideways: the page itself, or a scrolling region (a wide table)."""
    return page.evaluate("""() => {
        const wide = [];
        const root = document.scrollingElement;
        if (root.scrollWidth > window.innerWidth) wide.push(`page ${root.scrollWidth}px`);
        for (const region of document.querySelectorAll('.table-scroll')) {
            if (region.scrollWidth > region.clientWidth)
                wide.push(`${region.getAttribute('aria-label')} ${region.scrollWidth}px`);
        }
        return wide;
    }""")


def fill_transfer(admin: Page, number: str, reference: str, amount: int) -> None:
    admin.goto("/admin/bank-transfers")
    row = admin.locator("main table tbody tr").filter(has_text=number)
    row.get_by_label("Nomor referensi bank").fill(reference)
    row.get_by_label("Nominal yang diterima").fill(f"Rp {idr(amount)[2:]}")
    row.get_by_role("button", name="Periksa", exact=True).click()


def test_transfer_and_refund_are_confirmed_and_the_audit_log_reads_and_fits(
    page: Page, new_context, live_app: Flask
) -> None:
    """The admin works without JavaScript; axe (which runs in the page) checks the same pages
    in a second admin's browser with JavaScript."""
    to_review(page, live_app)
    number = place(page)
    total = rupiah(page.get_by_test_id("transfer-amount").inner_text())
    short = total - total % 1000  # the buyer left the unique code out
    email = create_admin(live_app)
    checker = new_context().new_page()
    log_in(checker, email)
    admin = new_context(java_script_enabled=False).new_page()
    log_in(admin, email)

    fill_transfer(admin, number, "BRI-LAPTOP-1", short)
    expect(admin.get_by_test_id("mismatch")).to_contain_text(f"kurang {idr(total - short)}")
    expect(admin.get_by_role("button", name=re.compile("^Ya, tandai lunas"))).to_have_count(0)
    admin.get_by_label("Alasan menerima nominal yang berbeda").fill(
        "Pembeli lupa kode unik; selisih ditanggung Sentra")
    admin.get_by_role("button", name="Periksa", exact=True).click()
    confirm = admin.get_by_role("button", name=f"Ya, tandai lunas ({idr(short)} diterima)",
                                exact=True)
    expect(confirm).to_be_visible()
    fill_transfer(checker, number, "BRI-LAPTOP-1", short)  # the same pages, for axe
    expect(checker.get_by_test_id("mismatch")).to_be_visible()
    assert_no_serious_axe_violations(checker)
    confirm.click()
    expect(admin).to_have_url(re.compile(r"/admin/bank-transfers$"))
    expect(admin.locator(".flash.success")).to_contain_text(number)

    def ask_for_the_refund(who: Page) -> None:
        who.goto(f"/admin/orders/{number}")
        whole = who.locator("section[aria-labelledby=refund-all-h]")
        whole.get_by_label("Nomor referensi bank untuk transfer Anda ke pembeli").fill(
            "BRI-BACK-1")
        whole.get_by_role("button", name=f"Kembalikan dana {idr(total)}", exact=True).click()
        expect(who.get_by_test_id("refund-amount")).to_have_text(idr(total))

    ask_for_the_refund(checker)
    assert_no_serious_axe_violations(checker)
    ask_for_the_refund(admin)
    admin.get_by_role("button", name=f"Ya, kembalikan dana {idr(total)}", exact=True).click()
    expect(admin).to_have_url(re.compile(rf"/admin/orders/{number}$"))
    expect(admin.locator(".flash.success")).to_contain_text(idr(total))

    for who in (admin, checker):
        who.goto("/admin/audit?action=order.")
        entry = who.locator("table.audit > tbody > tr").filter(
            has=who.locator("code", has_text="order.confirm_transfer")).filter(has_text=number)
        expect(entry).to_have_count(1)
        received = entry.locator("table.changes tr").filter(
            has=who.locator("th", has_text="Nominal yang diterima"))
        # "— → Rp…" on screen; a screen reader hears "— menjadi Rp…" (the arrow is hidden).
        expect(received.locator("td")).to_have_text(
            re.compile(rf"^— →\s*menjadi {re.escape(idr(short))}$"))
        expect(entry).to_contain_text("Pembeli lupa kode unik")
        expect(who.locator("main")).not_to_contain_text('{"')
        assert sideways_scroll(who) == [], sideways_scroll(who)
    assert_no_serious_axe_violations(checker)
