"""Money's journey (issue 10), in Indonesian: a buyer confirms receipt of a delivered parcel →
the seller's balance shows the amount less commission → an admin makes a payout batch and
marks the payout paid with the bank's reference → the seller sees the payout with it.

The order itself is prepared in the live server's database through the order services (the
order journey clicks through checkout already): placed by a buyer with an account, paid by
bank transfer, shipped and delivered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductStatus, Shop
from marketplace.extensions import db
from marketplace.ledger import statements
from marketplace.orders import cart, checkout, services
from marketplace.orders.addresses import validate_address
from marketplace.orders.models import PaymentMethod, Shipment
from marketplace.timeutil import utcnow
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu
from tests.factories import registered
from tests.e2e.test_order_journey import (
    PASSWORD,
    activate,
    create_admin,
    give_shop_owner_a_password,
    idr,
    log_in,
    token,
)
from tests.orders.helpers import KUPANG
from tests.orders.test_concurrency import DictCart

BANK_REFERENCE = "BRI-PAYOUT-" + token().upper()


@dataclass(frozen=True)
class Prepared:
    buyer_email: str
    shop_name: str
    number: str
    net_idr: int  # what the seller gets: goods + shipping − commission
    commission_idr: int
    available_before: int
    paid_out_before: int


def prepare(app: Flask) -> Prepared:
    with app.app_context():
        shop = db.session.scalars(
            sa.select(Shop).where(Shop.province == "Nusa Tenggara Timur", Shop.owner_id.is_not(None))
            .order_by(Shop.id)).first()
        product = db.session.scalars(sa.select(Product).where(
            Product.shop_id == shop.id, Product.status == ProductStatus.ACTIVE,
            Product.in_stock.is_(True)).order_by(Product.id)).first()
        variant = next(v for v in product.variants if v.stock > 0 and v.is_active)
        shop.bank_name, shop.bank_account_holder = "BRI", shop.name
        shop.bank_account_number = "001201000777888"
        shop.bank_details_changed_at = utcnow() - timedelta(days=60)
        buyer_email = f"pembeli-{token()}@contoh.id"
        buyer = User(email=buyer_email, name="Maria", password_hash=generate_password_hash(PASSWORD))
        registered(buyer)
        db.session.commit()
        before = statements.summary(shop.id)
        shop_id, shop_name, buyer_id = shop.id, shop.name, buyer.id
        address, _ = validate_address(KUPANG)
        view = cart.view_cart(DictCart(variant.id, variant.price_idr))
        chosen = {q.group.shop.id: q.options[0].service for q in checkout.quote(view, address)}
        order = checkout.place_order(cart=view, address=address, services=chosen,
                                     email=buyer_email, user_id=buyer_id,
                                     payment_method=PaymentMethod.BANK_TRANSFER)
        number = order.number
        services.confirm_bank_transfer(services.load_order(number), reference="BRI-IN",
                                       admin_id=None)
        db.session.commit()
        shipment = db.session.scalars(sa.select(Shipment).where(Shipment.shop_id == shop_id)
                                      .order_by(Shipment.id.desc())).first()
        services.ship(shipment, courier="JNE", tracking_number="JNE-E2E", actor_id=None)
        services.mark_delivered(db.session.get(Shipment, shipment.id), actor_id=None)
        shipment = db.session.get(Shipment, shipment.id)
        net = shipment.subtotal_idr + shipment.shipping_idr - shipment.commission_idr
        prepared = Prepared(buyer_email, shop_name, number, net, shipment.commission_idr,
                            before.available_idr, before.paid_out_idr)
        db.session.remove()
    return prepared


def test_receipt_releases_the_money_and_the_seller_sees_the_payout(
    page: Page, new_context, live_app: Flask
) -> None:
    failed: list[str] = []
    watch = lambda p: p.on("response", lambda r: failed.append(f"{r.status} {r.url}")  # noqa: E731
                            if r.status >= 400 else None)
    watch(page)
    prepared = prepare(live_app)
    assert prepared.commission_idr > 0

    # 1. The buyer confirms receipt on the order page.
    log_in(page, prepared.buyer_email)
    page.goto(f"/orders/{prepared.number}")
    page.get_by_role("button", name="Paket ini sudah saya terima dengan baik").click()
    expect(page.locator(".flash.success")).to_contain_text("Penjual dibayar untuk paket ini")
    expect(page.get_by_role("button", name="Paket ini sudah saya terima dengan baik")).to_have_count(0)

    # 2. The seller's balance shows the amount less commission, explained by its order.
    seller = new_context().new_page()
    watch(seller)
    log_in(seller, give_shop_owner_a_password(live_app, prepared.shop_name))
    open_account_menu(seller)
    seller.locator("header nav.main-nav").get_by_role("link", name="Toko saya", exact=True).click()
    seller.locator("nav.seller-nav").get_by_role("link", name="Saldo", exact=True).click()
    expect(seller).to_have_url(re.compile(r"/seller/balance$"))
    expect(seller.get_by_test_id("available")).to_have_text(
        idr(prepared.available_before + prepared.net_idr))
    release_row = seller.locator("main tbody tr").filter(has_text=prepared.number).filter(
        has_text="Diteruskan setelah barang diterima")
    expect(release_row).to_have_count(1)
    expect(release_row).to_contain_text(idr(prepared.commission_idr))
    assert_no_serious_axe_violations(seller)

    # 3. An admin makes a payout batch and marks the shop's payout paid with the bank's reference.
    admin = new_context().new_page()
    watch(admin)
    log_in(admin, create_admin(live_app))
    admin.goto("/admin/payouts")
    activate(admin.get_by_role("button", name="Buat batch pencairan dari saldo yang siap"))
    expect(admin).to_have_url(re.compile(r"/admin/payouts/batches/\d+$"))
    row = admin.locator("main tbody tr").filter(has_text=prepared.shop_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(idr(prepared.available_before + prepared.net_idr))
    assert_no_serious_axe_violations(admin)
    row.locator("input[name=reference]").fill(BANK_REFERENCE)
    activate(row.get_by_role("button", name="Tandai lunas", exact=True))
    expect(admin.locator(".flash.success")).to_be_visible()
    expect(admin.locator("main tbody tr").filter(has_text=prepared.shop_name)).to_contain_text(
        BANK_REFERENCE)

    # 4. The seller sees the payout with its bank reference.
    seller.reload()
    expect(seller.get_by_test_id("available")).to_have_text(idr(0))
    expect(seller.get_by_test_id("paid-out")).to_have_text(
        idr(prepared.paid_out_before + prepared.available_before + prepared.net_idr))
    paid_row = seller.locator("main tbody tr").filter(has_text="Dicairkan ke rekening bank Anda")
    expect(paid_row.first).to_contain_text(BANK_REFERENCE)
    assert failed == []
