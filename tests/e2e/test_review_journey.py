"""A buyer reviews what they received, in Indonesian: confirm receipt on the order page → the
"Ulas …" link → stars, words and a photo → the review on the product page, with its summary.

The order is prepared in the live server's database through the order services, as in the
money journey (placed by a buyer with an account, paid by transfer, shipped, delivered).
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.orders.models import OrderLine
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_money_journey import prepare
from tests.e2e.test_order_journey import log_in
from tests.factories import photo_bytes


def _product_of(app: Flask, number: str) -> tuple[str, str]:
    with app.app_context():
        line = db.session.scalars(sa.select(OrderLine).join(OrderLine.order)
                                  .where(OrderLine.order.has(number=number))).first()
        product = db.session.get(Product, line.product_id)
        name, slug = product.name, product.slug
        db.session.remove()
    return name, slug


def test_a_buyer_reviews_a_received_product_with_a_photo(page: Page, live_app: Flask, tmp_path):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    prepared = prepare(live_app)
    name, slug = _product_of(live_app, prepared.number)

    log_in(page, prepared.buyer_email)
    page.goto(f"/orders/{prepared.number}")
    expect(page.get_by_role("link", name=f"Ulas {name}")).to_have_count(0)  # not received yet
    page.get_by_role("button", name="Paket ini sudah saya terima dengan baik").click()
    page.get_by_role("link", name=f"Ulas {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ulas {name}")
    assert_no_serious_axe_violations(page)

    # Nothing chosen: a clear message, nothing published.
    page.get_by_role("button", name="Terbitkan ulasan").click()
    expect(page.get_by_test_id("review-error")).to_contain_text("Pilih 1 sampai 5 bintang")

    page.get_by_label("4 bintang", exact=True).check()
    page.get_by_label("Ulasan Anda").fill("Tenunnya rapi dan warnanya hidup. Sampai di Kupang "
                                          "dalam tiga hari.")
    photo = tmp_path / "kain.jpg"
    photo.write_bytes(photo_bytes())
    page.get_by_label("Foto (paling banyak 3: JPEG, PNG atau WebP)").set_input_files(str(photo))
    page.get_by_role("button", name="Terbitkan ulasan").click()

    expect(page).to_have_url(re.compile(rf"/products/{re.escape(slug)}#reviews$"))
    expect(page.locator(".flash.success").first).to_contain_text("Ulasan Anda sudah tampil")
    review = page.locator(".review-list .review").filter(has_text="Tenunnya rapi")
    expect(review).to_have_count(1)
    expect(review.locator(".review-author")).to_have_text("Maria")
    expect(review.locator(".review-photos img")).to_have_count(1)
    expect(page.get_by_test_id("review-summary")).to_contain_text("ulasan")
    assert_no_serious_axe_violations(page)
    assert [f for f in failed if "/parcels/" not in f] == []  # the refused empty form is a 422
