"""A marketing centre's journey: a staff member of Sentra Tenun Ikat Kupang opens a shop for a
weaver who has no phone (her consent recorded), lists her sarong, sees what the packaging score
still misses, adds a photo of the packaging, watches the score rise, and finds the sarong on the
centre's public page. The new public pages are checked with axe.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User, UserRole
from marketplace.catalog.models import Centre, CentreStaff
from marketplace.extensions import db
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu
from tests.factories import registered

PASSWORD = "sentra-tenun-kupang-2026"
CENTRE_SLUG = "sentra-tenun-ikat-kupang"  # demo data
SCORE = re.compile(r"(\d+) dari 100")


def token() -> str:
    return uuid.uuid4().hex[:8]


def appoint_staff(app: Flask) -> str:
    """A new staff member of the demo Kupang centre, with PASSWORD; returns the e-mail."""
    email = f"petugas-{token()}@contoh.id"
    with app.app_context():
        centre = db.session.scalar(sa.select(Centre).where(Centre.slug == CENTRE_SLUG))
        user = User(email=email, name=f"Petugas {token()}", password_hash=generate_password_hash(PASSWORD),
                    roles=[UserRole(role=Role.CENTRE_STAFF)])
        registered(user)
        db.session.add(CentreStaff(centre_id=centre.id, user_id=user.id))
        db.session.commit()
    return email


def packed_photo(path: Path) -> Path:
    image = Image.new("RGB", (1000, 750), (150, 40, 30))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 150, 800, 600), fill=(200, 170, 120))  # a box
    image.save(path, "JPEG", quality=85)
    return path


def score_on(page: Page) -> int:
    heading = page.locator(".packaging-score h2")
    expect(heading).to_be_visible()
    return int(SCORE.search(heading.inner_text()).group(1))


def test_staff_onboard_a_weaver_list_a_sarong_and_improve_its_packaging(
    page: Page, live_app: Flask, tmp_path: Path
) -> None:
    run = token()
    shop_name = f"Tenun Mama Yuliana {run}"
    sarong = f"Sarung Tenun Ikat Amarasi {run}"

    page.goto("/account/login")
    page.get_by_label("Email", exact=True).fill(appoint_staff(live_app))
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    open_account_menu(page)
    page.locator("header").get_by_role("link", name="Sentra saya", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sentra Tenun Ikat Kupang")

    # A weaver without a phone: the centre opens her shop, with her consent recorded.
    page.locator("nav.seller-nav").get_by_role("link", name="Buka toko untuk perajin").click()
    page.get_by_label("Nama produsen", exact=True).fill("Yuliana Nope")
    page.get_by_label("Cara produsen menyetujui", exact=True).select_option(value="thumbprint")
    page.get_by_label("Tanggal persetujuan", exact=True).fill("2026-11-20")
    page.get_by_label("Nama toko produsen", exact=True).fill(shop_name)
    page.get_by_label("Kabupaten/Kota", exact=True).select_option(value="Nusa Tenggara Timur / Kupang")
    # She has no phone: the number is left empty.
    expect(page.get_by_label("Nomor WhatsApp produsen (jika ada)", exact=True)).to_have_value("")
    page.get_by_label("Bank", exact=True).select_option(value="Bank NTT")
    page.get_by_label("Nama pemilik rekening", exact=True).fill("Yuliana Nope")
    page.get_by_role("button", name="Buka toko", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/new$"))
    expect(page.locator(".acting-banner")).to_contain_text(shop_name)

    # Her sarong, with some of its packaging data.
    page.locator("#name").fill(sarong)
    option = page.locator('#category optgroup[label="Kain & Tenun"] option').first
    page.locator("#category").select_option(value=option.get_attribute("value"))
    page.locator("#description").fill("Sarung tenun ikat Amarasi, pewarna alam mengkudu.")
    page.locator("#motif").fill("Buaya")
    page.locator("#weaver").fill("Mama Yuliana Nope")
    page.locator("#variants-0-price").fill("750.000")
    page.locator("#variants-0-stock").fill("2")
    page.locator("#variants-0-packed_weight_g").fill("600")
    page.locator("#variants-0-packaging_type").select_option(value="box")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
    product_id = re.search(r"/products/(\d+)/", page.url).group(1)
    page.set_input_files("#photos", [str(packed_photo(tmp_path / "sarung.jpg"))])
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("ol.photos > li")).to_have_count(1)

    # The score says what is missing, the packaging photo first.
    page.goto(f"/seller/products/{product_id}/edit")
    before = score_on(page)
    missing = page.locator(".packaging-score .missing-steps")
    expect(missing).to_contain_text("Tambahkan foto kemasan")
    expect(missing).to_contain_text("Ceritakan makna motifnya")

    # The staff mark the photo as showing the packaging: the score rises.
    page.goto(f"/seller/products/{product_id}/photos")
    page.get_by_label("Foto ini memperlihatkan kemasan").check()
    page.locator("ol.photos > li").get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".flash.success")).to_be_visible()
    page.goto(f"/seller/products/{product_id}/edit")
    assert score_on(page) > before
    expect(page.locator(".packaging-score")).not_to_contain_text("Tambahkan foto kemasan")
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    expect(page.locator(".flash.success")).to_contain_text(sarong)

    # The centre's page shows it; the shop says who runs it.
    page.goto("/sentra/")
    page.get_by_role("link", name="Sentra Tenun Ikat Kupang").click()
    expect(page).to_have_url(re.compile(rf"/sentra/{CENTRE_SLUG}$"))
    expect(page.get_by_role("link", name=sarong)).to_be_visible()
    expect(page.locator("#shops-h + ul")).to_contain_text(shop_name)
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name=shop_name).click()
    expect(page.locator(".centre-help")).to_contain_text("Dikelola dengan bantuan Sentra Tenun Ikat Kupang")
    assert_no_serious_axe_violations(page)
    page.goto("/centre/")
    expect(page.locator(".coach-list")).to_contain_text(sarong)


def test_the_centres_index_is_accessible(page: Page) -> None:
    page.goto("/sentra/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sentra pemasaran")
    expect(page.get_by_role("link", name="PLUT-KUMKM Kalimantan Barat")).to_be_visible()
    assert_no_serious_axe_violations(page)
