"""A parcel's thread in a real browser: a guest opens it from the link in their mail and asks;
the shop's owner reads it (as text: no HTML runs) and answers; the guest sees the answer. The
page is axe-clean and works without any script of its own."""
from __future__ import annotations

import uuid

from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.order_links import access_token
from tests.admin.helpers import place
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_order_journey import PASSWORD
from tests.factories import make_product, make_shop, registered


def a_paid_parcel(app: Flask) -> tuple[str, str]:
    """A new shop with an owner who has a password, and a guest's paid order from it:
    (the owner's e-mail, the guest's link to the order)."""
    with app.app_context():
        email = f"penenun-{uuid.uuid4().hex[:8]}@contoh.id"
        owner = registered(User(email=email, name="Ina Bere",
                                password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
        product = make_product(make_shop(name=f"Tenun Bere {uuid.uuid4().hex[:4]}", owner=owner),
                               name="Selendang Bere", prices=(250_000,), stocks=[50])
        _guest, order = place(app, [product])
        services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
        db.session.commit()
        link = f"/orders/{order.number}?t={access_token(order)}"
    return email, link


def test_a_guest_asks_the_seller_answers(page: Page, new_context, live_app: Flask,
                                         base_url: str):
    seller_email, link = a_paid_parcel(live_app)
    page.goto(link)
    page.get_by_role("link", name="Pesan dengan penjual").click()
    page.get_by_label("Pesan Anda").fill("Bisa dikirim sebelum Jumat? <b>Terima kasih</b>")
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("[data-testid=thread]")).to_contain_text("<b>Terima kasih</b>")
    assert_no_serious_axe_violations(page)

    seller = new_context().new_page()
    seller.goto("/account/login")
    seller.get_by_label("Email", exact=True).fill(seller_email)
    seller.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    seller.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    seller.goto("/seller/messages")
    seller.locator("main").get_by_role("link").filter(has_text="SEN-").first.click()
    thread = seller.locator("[data-testid=thread]")
    expect(thread).to_contain_text("Bisa dikirim sebelum Jumat?")
    expect(thread.locator("b")).to_have_count(0)  # shown as text, never as HTML
    seller.get_by_label("Pesan Anda").fill("Bisa, Kak. Besok pagi dikirim.")
    seller.get_by_role("button", name="Kirim", exact=True).click()
    expect(seller.locator("[data-testid=thread] li")).to_have_count(2)

    page.reload()
    expect(page.locator("[data-testid=thread]")).to_contain_text("Besok pagi dikirim.")
