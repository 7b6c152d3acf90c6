"""Uploading photos from a phone: several at once, judged by content, GPS removed."""
import io
from pathlib import Path

import sqlalchemy as sa
from PIL import Image

from marketplace.catalog.images import variant_name
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
    # no GPS (no EXIF at all) in any stored file
    for image in stored:
        for width in image.widths:
            path = Path(app.config["MEDIA_DIR"]) / variant_name(image.content_hash, width)
            with Image.open(path) as stored_file:
                assert not stored_file.getexif()


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
