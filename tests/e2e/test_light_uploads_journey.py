"""A seller on a slow phone connection (issue 20): photos chosen in the listing form are made
light in the browser (resized to what the store keeps, turned upright, metadata dropped) and
sent at once, each with a progress bar and a "try again" when the connection drops; what was
typed survives a reload; without JavaScript the photos go with the form."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, Route, expect

from marketplace.catalog.models import Product, Shop
from marketplace.extensions import db
from marketplace.sellers.models import PendingPhoto
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_listing_form_journey import HONEY, PHONE, choose, food_fields, new_seller

# The seller app's service worker controls seller pages once installed, and Playwright's routes
# never see requests that go through a worker: these tests hold and drop uploads by route.
pytestmark = pytest.mark.browser_context_args(**PHONE, service_workers="block")

UPLOAD = "**/seller/photos/pending"
RESTORE_OFFER = "Anda pernah mengisi formulir ini tanpa menyimpannya. Pulihkan isian Anda?"


def phone_photo(path: Path, size=(3000, 2000)) -> Path:
    """A JPEG as a phone held upright writes it: the pixels lie on their side (landscape) and
    EXIF orientation 6 says to turn them a quarter clockwise; GPS says where (Atambua)."""
    image = Image.new("RGB", size, (150, 60, 40))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 80):
        draw.rectangle((x, 0, x + 30, size[1]), fill=(240, 220, 180))
    draw.rectangle((0, 0, 200, 200), fill=(0, 0, 255))  # a mark in the file's top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Sentra test phone"
    exif[0x8825] = {1: "S", 2: (9.0, 6.0, 0.0), 3: "E", 4: (124.0, 53.0, 0.0)}
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def sent_file(body: bytes) -> bytes:
    """The file part of a multipart body."""
    head, _, rest = body.partition(b'name="photos"')
    content = rest.split(b"\r\n\r\n", 1)[1]
    return content.rsplit(b"\r\n--", 1)[0]


def latest_pending(live_app: Flask) -> PendingPhoto:
    with live_app.app_context():
        photo = db.session.scalar(sa.select(PendingPhoto).order_by(PendingPhoto.id.desc()))
        db.session.expunge(photo)
        return photo


def test_a_rotated_phone_photo_goes_up_upright_light_and_without_gps(
        page: Page, live_app: Flask, tmp_path: Path) -> None:
    new_seller(page, live_app)
    original = phone_photo(tmp_path / "IMG_20261207_091500.jpg")
    bodies: list[bytes] = []
    held: list[Route] = []

    def hold(route: Route) -> None:
        bodies.append(route.request.post_data_buffer)
        held.append(route)  # answered below, once the progress bar has been seen

    page.route(UPLOAD, hold)
    page.set_input_files("#photos", str(original))
    item = page.locator("li[data-pending-photo]")
    expect(item.locator("progress")).to_be_visible()
    expect(item).to_contain_text("Mengirim…")
    uploader = page.locator("[data-photo-uploader]")
    expect(uploader).to_have_attribute("data-uploads-pending", "1")
    assert_no_serious_axe_violations(page)
    for _ in range(300):  # the bar shows while the photo is resized; the request comes after
        if held:
            break
        page.wait_for_timeout(100)
    held[0].continue_()
    expect(page.locator("input[name=pending_photo]")).to_have_count(1)
    expect(uploader).to_have_attribute("data-uploads-pending", "0")
    expect(item.locator("img")).to_be_visible()
    expect(item.locator("progress")).to_have_count(0)

    # What the phone sent: the photo turned upright, at most the largest size the store serves
    # (640 px wide in the tests' settings), re-encoded with no metadata at all.
    photo = sent_file(bodies[0])
    assert len(photo) < original.stat().st_size / 4
    with Image.open(io.BytesIO(photo)) as sent:
        assert sent.format == "JPEG"
        assert sent.size == (640, 960)
        assert not sent.getexif()
        assert "exif" not in sent.info and "xmp" not in sent.info, sent.info.keys()
        corner = sent.convert("RGB").getpixel((sent.width - 5, 5))
        assert corner[2] > 200 and corner[0] < 60  # the file's top-left mark is now top-right
    assert b"Sentra test phone" not in photo and b"Exif" not in photo
    stored = latest_pending(live_app)
    assert (stored.width, stored.height) == (640, 960)
    expect(page.locator("input[name=pending_photo]")).to_have_value(str(stored.id))


def test_a_dropped_upload_offers_to_try_again(page: Page, live_app: Flask, tmp_path: Path) -> None:
    new_seller(page, live_app)
    attempts: list[str] = []

    def drop_the_first(route: Route) -> None:
        attempts.append(route.request.url)
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(UPLOAD, drop_the_first)
    page.set_input_files("#photos", str(phone_photo(tmp_path / "kemasan.jpg", size=(1600, 1200))))
    item = page.locator("li[data-pending-photo]")
    expect(item).to_contain_text("Belum terkirim: koneksi terputus. Coba lagi.")
    retry = item.get_by_role("button", name="Coba lagi", exact=True)
    expect(retry).to_be_visible()
    assert_no_serious_axe_violations(page)
    retry.click()
    expect(page.locator("input[name=pending_photo]")).to_have_count(1)
    expect(retry).to_have_count(0)
    assert len(attempts) == 2


def test_what_was_typed_survives_a_reload_and_is_forgotten_once_saved(
        page: Page, live_app: Flask, tmp_path: Path) -> None:
    new_seller(page, live_app)
    page.set_input_files("#photos", str(phone_photo(tmp_path / "madu.jpg", size=(1600, 1200))))
    expect(page.locator("input[name=pending_photo]")).to_have_count(1)
    page.get_by_label("Nama produk", exact=True).fill("Madu Hutan Kapuas Hulu")
    choose(page, HONEY)
    page.get_by_label("Komposisi", exact=True).fill("Madu hutan murni")
    page.locator("#variants-0-price").fill("85.000")
    page.locator("#variants-0-stock").fill("12")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('draft:listing:')"
                           " && localStorage[k].includes('85.000'))")

    page.reload()  # the signal dropped, the page was closed: back on the form
    expect(page.get_by_label("Nama produk", exact=True)).to_have_value("")
    offer = page.locator(".draft-offer")
    expect(offer).to_contain_text(RESTORE_OFFER)
    assert_no_serious_axe_violations(page)
    offer.get_by_role("button", name="Pulihkan", exact=True).click()
    expect(offer).to_have_count(0)
    expect(page.get_by_label("Nama produk", exact=True)).to_have_value("Madu Hutan Kapuas Hulu")
    expect(food_fields(page)).to_be_visible()
    expect(page.get_by_label("Komposisi", exact=True)).to_have_value("Madu hutan murni")
    expect(page.locator("#variants-0-price")).to_have_value("85.000")
    expect(page.locator("input[name=pending_photo]")).to_have_count(1)  # the photo sent before

    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
    expect(page.locator(".flash.success").first).to_contain_text("Disimpan sebagai draf")
    product_id = int(re.search(r"/products/(\d+)/photos", page.url).group(1))
    with live_app.app_context():
        assert len(db.session.get(Product, product_id).images) == 1
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('draft:'))") == []
    page.goto("/seller/products/new")
    expect(page.get_by_label("Nama produk", exact=True)).to_be_visible()
    expect(page.locator(".draft-offer")).to_have_count(0)


def test_discarding_the_kept_typing(page: Page, live_app: Flask) -> None:
    new_seller(page, live_app)
    page.get_by_label("Nama produk", exact=True).fill("Kopi Sanggau")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('draft:listing:'))")
    page.reload()
    page.get_by_role("button", name="Buang", exact=True).click()
    expect(page.get_by_label("Nama produk", exact=True)).to_have_value("")
    page.reload()
    expect(page.locator(".draft-offer")).to_have_count(0)


def test_without_javascript_the_photos_go_with_the_form(
        browser: Browser, base_url: str, live_app: Flask, tmp_path: Path) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        new_seller(page, live_app)
        page.get_by_label("Nama produk", exact=True).fill("Madu Hutan Tanpa Skrip")
        page.get_by_label("Kategori", exact=True).select_option(label=HONEY)
        page.set_input_files("#photos", str(phone_photo(tmp_path / "asli.jpg", size=(1200, 800))))
        # Sent back for a correction (no price): the photo is kept, as an id.
        page.get_by_role("button", name="Simpan", exact=True).click()
        expect(page.locator(".alert")).to_be_visible()
        expect(page.locator("input[name=pending_photo]")).to_have_count(1)
        expect(page.get_by_label("Nama produk", exact=True)).to_have_value("Madu Hutan Tanpa Skrip")
        page.locator("#variants-0-price").fill("95.000")
        page.get_by_role("button", name="Simpan", exact=True).click()
        expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
        product_id = int(re.search(r"/products/(\d+)/photos", page.url).group(1))
        with live_app.app_context():
            [image] = db.session.get(Product, product_id).images
            # The server turned the original upright (orientation 6) and kept it at 640 wide.
            assert (image.width, image.height) == (640, 960)
    finally:
        context.close()


def test_the_photos_page_sends_light_photos_too(page: Page, live_app: Flask, tmp_path: Path) -> None:
    new_seller(page, live_app)
    page.get_by_label("Nama produk", exact=True).fill("Kopi Liberika Sanggau")
    choose(page, HONEY)
    page.locator("#variants-0-price").fill("60.000")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
    bodies: list[bytes] = []
    page.route(UPLOAD, lambda route: (bodies.append(route.request.post_data_buffer), route.continue_()))
    page.set_input_files("#photos", str(phone_photo(tmp_path / "kopi.jpg")))
    expect(page.locator("[data-photo-uploader]")).to_have_attribute("data-uploads-pending", "0")
    expect(page.locator("input[name=pending_photo]")).to_have_count(1)
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("ol.photos > li")).to_have_count(1)
    with Image.open(io.BytesIO(sent_file(bodies[0]))) as sent:
        assert sent.size == (640, 960) and not sent.getexif()
