"""A seller's journey, as a weaver in Belu does it on a phone: register, open a shop, list a
tenun with two photos, publish it, and find it in the public catalogue with its packaging.

The UI is in Indonesian by default: fields are found by their Indonesian labels (see
marketplace/translations/id/LC_MESSAGES/messages.po) or, where a label repeats per option,
by the `id` WTForms gives them (`variants-0-price`).
"""
from __future__ import annotations

import io
import re
import uuid
from urllib.parse import urlsplit
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, expect

from marketplace.mail import outbox_messages
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu

# A phone: every test here runs in a 390×844 touch screen.
pytestmark = pytest.mark.browser_context_args(
    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
)

REGION = "Nusa Tenggara Timur / Belu"
TEXTILES_GROUP = "Kain & Tenun"  # the optgroup of the "kain-tenun" top category (demo data)
GPS_IFD = 0x8825
PASSWORD = "tenun-ikat-belu-2024"
CHARGEABLE_KG = re.compile(r"(^|\D)(?P<kg>\d+) kg")


def token() -> str:
    return uuid.uuid4().hex[:8]


def chargeable_kg(text: str) -> int | None:
    match = CHARGEABLE_KG.search(text)
    return int(match["kg"]) if match else None


def make_photo(path: Path, colour: tuple[int, int, int], *, gps: bool) -> Path:
    """A JPEG as a phone takes it; with `gps`, where it was taken (Atambua, Belu)."""
    image = Image.new("RGB", (1200, 900), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, 1200, 60):  # stripes, so the photo is not a flat colour
        draw.rectangle((x, 0, x + 20, 900), fill=(240, 220, 180))
    exif = Image.Exif()
    exif[0x010F] = "Sentra test phone"  # Make
    if gps:
        exif[GPS_IFD] = {
            1: "S", 2: (9.0, 6.0, 30.0),  # latitude
            3: "E", 4: (124.0, 53.0, 40.0),  # longitude
        }
    image.save(path, "JPEG", quality=90, exif=exif)
    with Image.open(path) as saved:  # the test's own premise: the file does carry GPS data
        assert bool(saved.getexif().get_ifd(GPS_IFD)) is gps
    return path


def register(page: Page, live_app: Flask) -> str:
    """From the home page, through the header's link, then the link mailed to confirm the
    address (a shop needs a confirmed one); returns the new account's name."""
    name = f"Maria Bere {token()}"
    email = f"weaver-{uuid.uuid4().hex}@contoh.id"
    page.goto("/")
    page.locator("header").get_by_role("link", name="Daftar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/register$"))
    page.get_by_label("Nama Anda", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Buat akun", exact=True).click()
    # Signed in: the header names the person and offers to log out.
    expect(page.locator("header nav.main-nav")).to_contain_text(name)
    expect(page.locator("header").get_by_role("link", name="Daftar", exact=True)).to_have_count(0)
    with live_app.app_context():
        [message] = outbox_messages(recipient=email)
    page.goto(urlsplit(re.search(r"http\S+/account/verify/\S+", message.body).group(0)).path)
    expect(page.get_by_text("sudah dikonfirmasi")).to_be_visible()
    return name


def open_shop(page: Page, shop_name: str, holder: str) -> None:
    # No link leads a new account to the onboarding form; the seller area sends it there.
    page.goto("/seller/")
    expect(page).to_have_url(re.compile(r"/seller/open$"))
    page.get_by_label("Nama toko", exact=True).fill(shop_name)
    page.get_by_label("Cerita Anda", exact=True).fill(
        "Kami menenun tenun ikat dengan pewarna alam di Atambua, seperti nenek kami dulu."
    )
    page.get_by_label("Kabupaten/Kota", exact=True).select_option(value=REGION)
    page.get_by_label("Nomor WhatsApp", exact=True).fill("0812-3456-7890")
    page.get_by_label("Bank", exact=True).select_option(value="Bank NTT")
    holder_field = page.get_by_label("Nama pemilik rekening", exact=True)
    expect(holder_field).to_have_value(holder)  # filled in from the account
    page.get_by_label("Nomor rekening", exact=True).fill("0012345678")
    page.get_by_role("button", name="Buka toko saya", exact=True).click()

    expect(page).to_have_url(re.compile(r"/seller/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(shop_name)
    expect(page.locator(".flash.success")).to_contain_text(shop_name)
    open_account_menu(page)
    expect(page.locator("header nav.main-nav").get_by_role("link", name="Toko saya")).to_be_visible()


def textile_category(page: Page) -> str:
    """The value of the first category under the textiles top category."""
    option = page.locator(f'#category optgroup[label="{TEXTILES_GROUP}"] option').first
    expect(option).to_be_attached()
    value = option.get_attribute("value")
    assert value, "the textiles category option has no value"
    return value


def create_listing(page: Page, product_name: str) -> None:
    """From the seller area's "Tambah produk" link to the photos page of the new draft."""
    page.locator("nav.seller-nav").get_by_role("link", name="Tambah produk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/new$"))

    page.get_by_label("Nama produk", exact=True).fill(product_name)
    page.get_by_label("Kategori", exact=True).select_option(value=textile_category(page))
    page.get_by_label("Deskripsi", exact=True).fill(
        "Selendang tenun ikat dari Belu, ditenun dengan tangan selama tiga minggu."
    )
    page.get_by_label("Motif", exact=True).fill("Kaif (kait)")

    variant = page.locator("fieldset[data-variant]").first
    variant.locator("#variants-0-price").fill("450.000")
    variant.locator("#variants-0-stock").fill("5")
    variant.locator("#variants-0-net_weight_g").fill("300")

    # The courier weight follows what the seller types, before anything is saved.
    chargeable = variant.locator("[data-chargeable]")
    assert chargeable_kg(chargeable.inner_text()) is None, "a courier weight before any weight"
    variant.locator("#variants-0-packed_weight_g").fill("500")
    variant.locator("#variants-0-packed_length_cm").fill("35")
    variant.locator("#variants-0-packed_width_cm").fill("25")
    # A slip of the thumb first: a 50 cm high box weighs 7 kg to a courier (43 750 cm³)…
    variant.locator("#variants-0-packed_height_cm").fill("50")
    expect(chargeable).to_have_text(re.compile(r"(^|\D)7 kg"))
    # …then the right height: 4 375 cm³ is 0.73 kg, packed 0.5 kg, couriers charge at least 1 kg.
    variant.locator("#variants-0-packed_height_cm").fill("5")
    expect(chargeable).to_have_text(re.compile(r"(^|\D)1 kg"))

    variant.locator("#variants-0-packaging_type").select_option(value="box")
    variant.locator("#variants-0-packaging_description").fill(
        "Dilipat dengan kertas minyak, dalam kotak kardus daur ulang."
    )
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(product_name)


def listed_photos(page: Page) -> Locator:
    return page.locator("ol.photos > li")


def upload_photos(page: Page, paths: list[Path]) -> None:
    """On the photos page: several photos in one go, as a phone's picker gives them."""
    page.set_input_files("#photos", [str(p) for p in paths])
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/\d+/photos$"))
    expect(page.locator(".flash.success")).to_contain_text(f"{len(paths)} foto")
    expect(page.locator(".flash.error")).to_have_count(0)
    expect(listed_photos(page)).to_have_count(len(paths))


def wait_for_image_loaded(page: Page, image: Locator) -> None:
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000
    )


def served_urls(image: Locator) -> set[str]:
    """The URL the browser chose for an <img>, and every width of its srcset, absolute."""
    return set(image.evaluate(
        """img => [img.currentSrc, img.src,
                   ...img.srcset.split(',').map(s => new URL(s.trim().split(/\\s+/)[0],
                                                              document.baseURI).href)]"""
    ))


def assert_served_without_metadata(page: Page, url: str) -> None:
    response = page.request.get(url)
    assert response.ok, f"{response.status} for {url}"
    with Image.open(io.BytesIO(response.body())) as served:
        assert served.width > 0 and served.height > 0
        exif = served.getexif()
        assert not exif.get_ifd(GPS_IFD), f"{url} still carries GPS data"
        assert len(exif) == 0, f"{url} still carries EXIF data: {dict(exif)}"
        assert "exif" not in served.info, f"{url} still carries an EXIF block"


def test_weaver_registers_opens_a_shop_lists_a_tenun_with_photos_and_publishes_it(
    page: Page, tmp_path: Path, live_app: Flask
) -> None:
    failed_responses: list[str] = []
    page.on(
        "response",
        lambda r: failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    run = token()
    shop_name = f"Tenun Ina Belu {run}"
    product_name = f"Selendang Tenun Ikat Belu {run}"
    gps_photo = make_photo(tmp_path / "IMG_0001.jpg", (138, 44, 27), gps=True)
    plain_photo = make_photo(tmp_path / "IMG_0002.jpg", (40, 60, 110), gps=False)

    # 1. An account, from the header's "Daftar" link.
    holder = register(page, live_app)

    # 2. A shop in Belu, paid to Bank NTT.
    open_shop(page, shop_name, holder)

    # 3. A tenun listing, saved as a draft; the courier weight is shown as it is typed.
    create_listing(page, product_name)

    # 4. Two photos at once.
    upload_photos(page, [gps_photo, plain_photo])
    for image in listed_photos(page).locator("img").all():
        wait_for_image_loaded(page, image)

    # 5. Back to the listing, and publish it.
    page.get_by_role("link", name="Kembali ke produk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/products/\d+/edit$"))
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    expect(page.locator(".flash.success")).to_contain_text(product_name)
    expect(page.get_by_role("button", name="Tarik dari toko", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Foto (2)")).to_be_visible()

    # 6. A buyer finds it in the catalogue with the search box.
    page.goto("/products")
    search = page.get_by_role("search")
    search.get_by_label("Cari produk").fill(product_name)
    search.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search\?(.*&)?q="))
    card = page.locator("main article.card").filter(
        has=page.locator(".card-title", has_text=product_name)
    )
    expect(card).to_have_count(1)
    expect(card.locator(".card-price")).to_have_text("Rp450.000")
    expect(card.locator(".card-meta")).to_contain_text(f"Belu · {shop_name}")
    wait_for_image_loaded(page, card.locator("img"))
    card.locator("a.card-link").click()

    # 7. The product page: price, both photos, the packaging panel.
    expect(page).to_have_url(re.compile(r"/products/[^/?]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(product_name)
    expect(page.get_by_test_id("price")).to_have_text("Rp450.000")

    gallery = page.locator(".gallery li[id^='photo-'] img")
    expect(gallery).to_have_count(2)
    for image in gallery.all():
        wait_for_image_loaded(page, image)

    packaging = page.get_by_test_id("packaging")
    packaging.scroll_into_view_if_needed()
    expect(packaging).to_be_visible()
    expect(packaging.locator("dd").filter(has_text=re.compile(r"^500 g$"))).to_have_count(1)
    expect(packaging.locator("dd").filter(has_text=re.compile(r"^300 g$"))).to_have_count(1)
    expect(packaging.locator("dd").filter(has_text=re.compile(r"^35 × 25 × 5 cm$"))).to_have_count(1)
    expect(packaging.locator("dd").filter(has_text=re.compile(r"^Kotak$"))).to_have_count(1)
    expect(packaging).to_contain_text("kotak kardus daur ulang")
    expect(packaging.locator("dd").filter(has_text=re.compile(r"^1 kg"))).to_have_count(1)

    # 8. What the store serves of the photos carries no EXIF, so no GPS position: every
    #    width of both photos (which one came from the GPS-tagged file is the store's business).
    urls = set().union(*(served_urls(image) for image in gallery.all()))
    assert len(urls) >= 2, urls
    for url in sorted(urls):
        assert_served_without_metadata(page, url)

    assert failed_responses == [], "requests that failed during the journey"


# Each page on its own, so that one page's problems do not hide the next page's.
@pytest.mark.parametrize("where", ["dashboard", "listing form", "photos"])
def test_seller_pages_have_no_serious_accessibility_violations(
    page: Page, tmp_path: Path, where: str, live_app: Flask
) -> None:
    run = token()
    holder = register(page, live_app)
    open_shop(page, f"Tenun Ina Belu {run}", holder)
    if where == "listing form":
        page.locator("nav.seller-nav").get_by_role("link", name="Tambah produk", exact=True).click()
        expect(page.locator("#product-form")).to_be_visible()
    elif where == "photos":
        create_listing(page, f"Selendang Tenun Ikat Belu {run}")
        upload_photos(page, [
            make_photo(tmp_path / "IMG_0001.jpg", (138, 44, 27), gps=True),
            make_photo(tmp_path / "IMG_0002.jpg", (40, 60, 110), gps=False),
        ])
        for image in listed_photos(page).locator("img").all():
            wait_for_image_loaded(page, image)
    assert_no_serious_axe_violations(page)
