"""Uploading photos from a phone: several at once, judged by content, GPS removed."""
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from marketplace.catalog.photo_pipeline import variant_name
from marketplace.catalog.models import ProductImage
from marketplace.extensions import db as _db
from tests.catalog.test_images import jpeg_with_gps_and_rotation, png_header_only
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user, photo_bytes


def upload(client, product, *files):
    data = {"photos": [(io.BytesIO(content), name) for name, content in files]}
    return submit(client, f"/seller/products/{product.id}/photos", data,
                  content_type="multipart/form-data")


def images(product) -> list[ProductImage]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(ProductImage).where(ProductImage.product_id == product.id)
                                    .order_by(ProductImage.position)))


def test_upload_several_photos_and_refuse_the_bad_ones(client, db, login_as, app):
    user = make_user()
    product = make_product(make_shop(owner=user))
    login_as(user)
    response = upload(client, product, ("sarung.jpg", jpeg_with_gps_and_rotation()),
                      ("kemasan.png", photo_bytes(fmt="PNG")), ("virus.jpg", b"MZ\x90\x00 not an image"),
                      ("bom.png", png_header_only(20_000, 20_000)))
    assert response.status_code == 303
    stored = images(product)
    assert len(stored) == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "virus.jpg" in page and "bom.png" in page
    # The bomb (400 megapixels, past twice Pillow's own limit) is named for what it is.
    assert "bom.png tidak ditambahkan: Gambar lebih besar dari 50 megapiksel." in page
    # no GPS (no EXIF at all) in any stored file
    for image in stored:
        for width in image.widths:
            path = Path(app.config["MEDIA_DIR"]) / variant_name(image.content_hash, width)
            with Image.open(path) as stored_file:
                assert not stored_file.getexif()


def test_a_phone_photo_with_multi_picture_data_is_added(client, db, login_as, app):
    from tests.catalog.test_images import mpo_bytes

    user = make_user()
    product = make_product(make_shop(owner=user))
    login_as(user)
    response = upload(client, product, ("IMG_20261128_101500.jpg", mpo_bytes()))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 foto ditambahkan." in page and "tidak ditambahkan" not in page
    [image] = images(product)
    assert (image.width, image.height) == (640, 480)


def test_one_upload_decodes_at_most_its_budget_and_says_what_to_do(client, db, login_as, app):
    app.config["MAX_DECODED_PIXELS_PER_REQUEST"] = 25_000_000
    user = make_user()
    product = make_product(make_shop(owner=user))
    login_as(user)
    big = [(f"scan-{n}.png", photo_bytes(size=(4000, 3000), fmt="PNG", compress_level=n))
           for n in (1, 2, 3)]  # 12 megapixels each, decoded whole
    response = upload(client, product, *big, ("kecil.jpg", photo_bytes()))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 foto ditambahkan." in page
    assert ("scan-3.png tidak ditambahkan: Terlalu banyak foto besar untuk diproses sekaligus: "
            "tambahkan foto ini sekali lagi secara terpisah.") in page
    assert len(images(product)) == 3
    # Added again on its own, it goes through.
    upload(client, product, big[2])
    assert len(images(product)) == 4


def test_photo_uploads_are_limited_per_account(client, db, login_as, app):
    app.config["PHOTO_UPLOAD_LIMIT"] = "3 per hour"
    user = make_user()
    product = make_product(make_shop(owner=user))
    login_as(user)
    first = upload(client, product, ("a.jpg", photo_bytes(color=(1, 2, 3))),
                   ("b.jpg", photo_bytes(color=(4, 5, 6))))
    assert first.status_code == 303 and len(images(product)) == 2
    # Two more would make four: refused whole, with a message on the photo page.
    second = upload(client, product, ("c.jpg", photo_bytes(color=(7, 8, 9))),
                    ("d.jpg", photo_bytes(color=(10, 11, 12))))
    assert second.status_code == 303
    assert second.headers["Location"].endswith(f"/seller/products/{product.id}/photos")
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Akun ini telah mengirim banyak foto dalam waktu singkat. Tunggu 60 menit" in page
    assert len(images(product)) == 2
    # The page itself, and another account, are not limited.
    assert client.get(f"/seller/products/{product.id}/photos").status_code == 200
    other = make_user()
    other_product = make_product(make_shop(owner=other))
    from tests.centres.helpers import switch_user

    switch_user(client, login_as, other)
    assert upload(client, other_product, ("e.jpg", photo_bytes())).status_code == 303
    assert len(images(other_product)) == 1


def test_reorder_describe_and_delete(client, db, login_as):
    user = make_user()
    product = make_product(make_shop(owner=user), photos=3)
    login_as(user)
    first, second, third = images(product)
    url = f"/seller/products/{product.id}/photos/{third.id}"
    submit(client, url, {"action": "up"}, form_url=f"/seller/products/{product.id}/photos")
    assert [i.id for i in images(product)] == [first.id, third.id, second.id]
    submit(client, url, {"action": "save", "alt_text": "Sarung dalam kotak lontar", "shows_packaging": "1"},
           form_url=f"/seller/products/{product.id}/photos")
    moved = next(i for i in images(product) if i.id == third.id)
    assert moved.alt_text == "Sarung dalam kotak lontar" and moved.shows_packaging
    submit(client, f"/seller/products/{product.id}/photos/{first.id}", {"action": "delete"},
           form_url=f"/seller/products/{product.id}/photos")
    assert [(i.id, i.position) for i in images(product)] == [(third.id, 0), (second.id, 1)]


def test_another_sellers_photo_cannot_be_touched(client, db, login_as):
    victim = make_product(make_shop(owner=make_user()), photos=1)
    [image] = images(victim)
    user = make_user()
    mine = make_product(make_shop(owner=user))
    login_as(user)
    for url in (f"/seller/products/{victim.id}/photos/{image.id}",
                f"/seller/products/{mine.id}/photos/{image.id}"):
        response = submit(client, url, {"action": "delete"}, form_url=f"/seller/products/{mine.id}/photos")
        assert response.status_code == 404
    assert len(images(victim)) == 1


# --- What a visitor sees at once (issue 14, item 21) ---------------------------------------------

def _cached(visitor, url: str) -> str:
    """The page as an anonymous visitor gets it: asked twice, so the second comes from the
    shared page cache (the first fills it)."""
    visitor.get(url)
    response = visitor.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _photo_hashes(page: str) -> list[str]:
    """The photos a page shows, in order (each by the content hash of its files)."""
    import re

    seen: list[str] = []
    for content_hash in re.findall(r'<img src="/media/[0-9a-f]{2}/([0-9a-f]{64})-', page):
        if content_hash not in seen:
            seen.append(content_hash)
    return seen


def _owner(db, login_as, client):
    user = make_user()
    shop = make_shop(owner=user, name="Tenun Ina Bo'i")
    login_as(user)
    return shop


def _centre_staff(db, login_as, client):
    from tests.centres.helpers import act_for, make_assisted_shop, make_centre, make_staff

    centre = make_centre()
    staff = make_staff(centre)
    shop = make_assisted_shop(centre, name="Tenun Ina Bo'i")
    login_as(staff)
    act_for(client, shop)
    return shop


@pytest.mark.parametrize("who", [_owner, _centre_staff], ids=["owner", "centre staff"])
def test_adding_moving_describing_and_deleting_a_photo_show_at_once_on_cached_pages(
        app, client, db, login_as, who):
    shop = who(db, login_as, client)
    product = make_product(shop, name="Selendang Amarasi", photos=1)
    [first] = images(product)
    visitor = app.test_client()
    product_page, shop_page = f"/products/{product.slug}", f"/sellers/{shop.slug}"
    assert _photo_hashes(_cached(visitor, product_page)) == [first.content_hash]
    assert _photo_hashes(_cached(visitor, shop_page)) == [first.content_hash]  # the card's cover
    photos_page = f"/seller/products/{product.id}/photos"

    response = upload(client, product, ("kemasan.jpg", photo_bytes(color=(20, 120, 40))))
    assert response.status_code == 303
    [_, added] = images(product)
    assert _photo_hashes(_cached(visitor, product_page)) == [first.content_hash, added.content_hash]

    submit(client, f"{photos_page}/{added.id}", {"action": "up"}, form_url=photos_page)
    assert _photo_hashes(_cached(visitor, product_page)) == [added.content_hash, first.content_hash]
    assert _photo_hashes(_cached(visitor, shop_page)) == [added.content_hash]  # the new cover
    assert _photo_hashes(_cached(visitor, "/products")) == [added.content_hash]

    # The alt text alone (the packaging score, which has its own bump, does not move).
    submit(client, f"{photos_page}/{added.id}",
           {"action": "save", "alt_text": "Selendang dalam kotak lontar"}, form_url=photos_page)
    assert 'alt="Selendang dalam kotak lontar"' in _cached(visitor, product_page)

    submit(client, f"{photos_page}/{added.id}", {"action": "delete"}, form_url=photos_page)
    assert _photo_hashes(_cached(visitor, product_page)) == [first.content_hash]
    assert _photo_hashes(_cached(visitor, shop_page)) == [first.content_hash]


def test_marking_the_packaging_photo_shows_at_once(app, client, db, login_as):
    """The packaging photo moves the packaging score, which the product page shows."""
    shop = _owner(db, login_as, client)
    product = make_product(shop, name="Madu Hutan Kapuas", photos=1)
    [photo] = images(product)
    visitor = app.test_client()
    product_page = f"/products/{product.slug}"
    photos_page = f"/seller/products/{product.id}/photos"
    assert "Kemasan lengkap" not in _cached(visitor, product_page)
    submit(client, f"{photos_page}/{photo.id}",
           {"action": "save", "alt_text": photo.alt_text, "shows_packaging": "1"},
           form_url=photos_page)
    assert "Kemasan lengkap" in _cached(visitor, product_page)
