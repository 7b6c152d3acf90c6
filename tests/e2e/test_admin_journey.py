"""An admin verifies a new shop, features one of its products on the home page, and
unfeatures it again — in a real browser, on the demo store."""
from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.catalog.models import Category, Product, ProductStatus, Shop, Variant
from marketplace.catalog.services import refresh_product_summary
from marketplace.extensions import db
from tests.e2e.conftest import open_account_menu
from tests.e2e.test_order_journey import PASSWORD, create_admin


def new_unverified_shop_with_a_product(app: Flask) -> tuple[str, str]:
    """What a seller's onboarding leaves behind (its own journey is tested elsewhere)."""
    token = uuid.uuid4().hex[:8]
    shop_name, product_name = f"Tenun Malaka {token}", f"Selendang Uji {token}"
    with app.app_context():
        category = db.session.scalars(sa.select(Category).where(Category.parent_id.is_not(None))
                                      .order_by(Category.id)).first()
        shop = Shop(name=shop_name, slug=f"tenun-malaka-{token}", story="Kelompok tenun baru.",
                    province="Nusa Tenggara Timur", regency="Malaka", is_verified=False)
        product = Product(shop=shop, category_id=category.id, kind=category.default_kind,
                          name=product_name, slug=f"selendang-uji-{token}", status=ProductStatus.ACTIVE,
                          description="Selendang tenun ikat.")
        product.variants.append(Variant(sku=f"UJI-{token}", price_idr=275_000, stock=4,
                                        packed_weight_g=400))
        db.session.add_all([shop, product])
        db.session.flush()
        refresh_product_summary(product.id)
        db.session.commit()
    return shop_name, product_name


def log_in_in_english(page: Page, base_url: str, email: str) -> None:
    page.context.add_cookies([{"name": "lang", "value": "en", "url": base_url}])
    page.goto("/account/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    open_account_menu(page)
    expect(page.locator("header").get_by_role("link", name="Admin", exact=True)).to_be_visible()


def featured_names(page: Page) -> list[str]:
    """The products in the home page's "Tenun ikat NTT" section (empty in the demo data)."""
    page.goto("/")
    section = page.locator("section", has=page.locator("#featured-tenun-ntt-h"))
    if section.count() == 0:
        return []
    return [t.strip() for t in section.locator(".card-title").all_inner_texts()]


def test_admin_verifies_a_shop_features_its_product_and_unfeatures_it(
    page: Page, new_context, live_app: Flask, base_url: str
):
    shop_name, product_name = new_unverified_shop_with_a_product(live_app)
    admin = new_context().new_page()
    log_in_in_english(admin, base_url, create_admin(live_app))

    # the new shop waits in the review queue; the admin verifies it
    admin.goto("/admin/shops")
    admin.get_by_role("link", name=shop_name).click()
    admin.get_by_role("button", name="Verify this shop").click()
    expect(admin.locator("main")).to_contain_text("Verified")

    # feature its product in the "Tenun ikat NTT" section
    admin.goto("/admin/curation")
    admin.get_by_role("link", name="Tenun ikat NTT", exact=True).click()
    admin.get_by_label("Product name or slug").fill(product_name)
    admin.get_by_role("button", name="Find").click()
    admin.locator("tr", has_text=product_name).get_by_role("button", name=re.compile("^Add")).click()
    expect(admin.locator("table.curation-entries")).to_contain_text(product_name)

    # a buyer sees it on the home page, with the verified badge
    assert product_name in featured_names(page)
    card = page.locator(".card", has_text=product_name).first
    expect(card.locator(".badge")).to_be_visible()

    # the admin takes it off the home page again
    admin.locator("table.curation-entries tr", has_text=product_name).get_by_role(
        "button", name=re.compile("^Remove")).click()
    expect(admin.locator("main")).not_to_contain_text(product_name)
    assert product_name not in featured_names(page)

    # and both actions are in the audit log
    admin.goto("/admin/audit")
    expect(admin.locator("table.audit")).to_contain_text("shop.verify")
    expect(admin.locator("table.audit")).to_contain_text("curation")
