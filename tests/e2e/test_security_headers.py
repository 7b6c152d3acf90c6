"""The main pages keep their Content-Security-Policy in a real Chromium: no `securitypolicyviolation`
event and no console error on the storefront, the search (its suggestions fetched as one
types), cart and checkout, the account pages, a seller's listing form (its script runs as the
seller types) and the admin's charts."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.catalog.models import Product, ProductStatus, Shop
from marketplace.extensions import db
from tests.e2e.test_admin_journey import log_in_in_english
from tests.e2e.test_order_journey import create_admin, give_shop_owner_a_password, log_in

# Every violation the page reports, kept where the test can read it after each step.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI + " " +
                              (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


class PolicyWatch:
    """Console errors, uncaught errors and CSP violations of one page, as they come."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", lambda message: message.type == "error" and self.errors.append(
            f"console: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], url
        self.check(url)

    def check(self, where: str) -> None:
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{where}: {violations}"
        assert self.errors == [], f"{where}: {self.errors}"


def a_demo_product(app: Flask) -> tuple[str, str, int]:
    """(product slug, its shop's name, product id) of an active demo listing of a shop that
    its owner runs."""
    with app.app_context():
        product = db.session.scalars(sa.select(Product).join(Shop).where(
            Product.status == ProductStatus.ACTIVE, Shop.owner_id.is_not(None))
            .order_by(Product.id)).first()
        return product.slug, db.session.get(Shop, product.shop_id).name, product.id


def test_the_storefront_and_buying_pages_report_no_violation(page: Page, live_app: Flask):
    slug, _shop, _id = a_demo_product(live_app)
    watch = PolicyWatch(page)
    for url in ["/", "/products", "/products?sort=price_asc&page=2", f"/products/{slug}",
                "/sentra/", "/account/login", "/account/register", "/account/reset"]:
        watch.visit(url)
    watch.visit(f"/products/{slug}")
    page.locator("main a[href^='/sellers/']").first.click()
    watch.check("shop page")

    watch.visit("/search?q=tenun")
    box = page.locator("main form[role=search] input[name=q]")
    box.fill("madu hut")  # suggest.js asks /search/suggest as one types
    # (not wait_for_function: Playwright evaluates its string, which this very policy forbids)
    expect(page.locator("datalist option")).not_to_have_count(0)
    watch.check("search suggestions")

    watch.visit(f"/products/{slug}")
    page.locator("form.buy button[type=submit]").click()  # stays on the page (site.js)
    expect(page.locator("#added-status")).to_be_visible()
    watch.check("add to cart")
    watch.visit("/cart")
    watch.visit("/checkout")


def test_seller_and_admin_pages_report_no_violation(page: Page, live_app: Flask, base_url: str,
                                                    new_context):
    _slug, shop_name, product_id = a_demo_product(live_app)
    email = give_shop_owner_a_password(live_app, shop_name)
    watch = PolicyWatch(page)
    log_in(page, email)
    watch.check("log-in")
    for url in ["/seller/", "/seller/products", "/seller/balance", "/seller/orders"]:
        watch.visit(url)
    watch.visit(f"/seller/products/{product_id}/edit")
    page.locator("[name$='-packed_weight_g']").first.fill("25000")  # packaging.js computes
    expect(page.locator("[data-chargeable]").first).to_contain_text("25 kg")
    watch.check("listing form")

    admin_page = new_context().new_page()
    admin = PolicyWatch(admin_page)
    log_in_in_english(admin_page, base_url, create_admin(live_app))
    for url in ["/admin/overview", "/admin/shops", "/admin/orders", "/admin/audit"]:
        admin.visit(url)
