"""A person's account in a real browser: form messages in their language, and "sign out
everywhere" ending the log-in on their other devices, "remember me" included."""
from __future__ import annotations

import uuid

from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu
from tests.factories import registered
from tests.e2e.test_order_journey import PASSWORD


def new_account(app: Flask) -> str:
    email = f"ina-{uuid.uuid4().hex[:8]}@contoh.id"
    with app.app_context():
        registered(User(email=email, name="Ina Bere",
                            password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    return email


def log_in(page: Page, email: str, remember: bool = False) -> None:
    page.goto("/account/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    if remember:
        page.get_by_label("Ingat saya di perangkat ini").check()
    page.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    open_account_menu(page)
    expect(page.locator("header nav.main-nav").get_by_role("button", name="Keluar")).to_be_visible()


def test_registration_messages_speak_the_page_language(page: Page, base_url: str):
    page.goto("/account/register")
    page.locator("main form").get_by_role("button", name="Buat akun").click()
    expect(page.get_by_text("Kolom ini wajib diisi.").first).to_be_visible()
    expect(page.get_by_text("This field is required.")).to_have_count(0)

    page.goto("/lang/en?next=/account/register")
    page.locator("main form").get_by_role("button", name="Create an account").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()


def test_sign_out_everywhere_ends_the_other_devices(page: Page, new_context, live_app: Flask,
                                                    base_url: str):
    email = new_account(live_app)
    phone = new_context().new_page()
    log_in(phone, email, remember=True)
    remembered = [c for c in phone.context.cookies() if c["name"] == "remember_token"]
    assert remembered
    # A browser holding only a copy of the phone's remember-me cookie is logged in too...
    thief = new_context().new_page()
    thief.context.add_cookies([{"name": "remember_token", "value": remembered[0]["value"],
                                "url": base_url}])
    thief.goto("/account/orders")
    expect(thief.locator("h1")).to_have_text("Pesanan saya")

    log_in(page, email)
    open_account_menu(page)
    page.locator("header").get_by_role("link", name="Kata sandi dan sesi").click()
    expect(page.get_by_role("heading", name="Keluar di semua perangkat")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Keluar di semua perangkat").click()
    expect(page.get_by_text("Anda sudah keluar di semua perangkat.")).to_be_visible()

    # ...until "sign out everywhere": the phone and the copy are logged out.
    for other in (phone, thief):
        other.goto("/account/orders")
        expect(other).to_have_url(f"{base_url}/account/login?next=%2Faccount%2Forders")
