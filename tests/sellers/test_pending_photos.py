"""Photos sent ahead of the listing form (issue 20): each one as soon as it is chosen, to an
endpoint only the shop's own people reach, judged by the same pipeline as any upload; the form
then sends their ids. Without JavaScript the files go with the form, and a form sent back for a
correction keeps them."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from marketplace.accounts.models import Role
from marketplace.catalog.models import Product, ProductImage, ProductKind
from marketplace.catalog.photo_pipeline import original_name
from marketplace.extensions import db as _db
from marketplace.sellers import photos
from marketplace.sellers.models import PendingPhoto
from tests.catalog.test_images import jpeg_with_gps_and_rotation
from tests.conftest import csrf_token, submit
from tests.factories import make_category, make_product, make_shop, make_user, photo_bytes
from tests.sellers.test_listings import listing

URL = "/seller/photos/pending"
FORM = "/seller/products/new"


def pending_rows() -> list[PendingPhoto]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(PendingPhoto).order_by(PendingPhoto.id)))


def send(client, content: bytes, name: str = "IMG_0001.jpg", form_url: str = FORM, **extra):
    return submit(client, URL, {"photos": (io.BytesIO(content), name), **extra}, form_url=form_url,
                  content_type="multipart/form-data")


@pytest.fixture
def owner(client, db, login_as):
    user = make_user(name="Yuliana")
    shop = make_shop(name="Tenun Belu", owner=user, regency="Belu")
    login_as(user)
    return shop


@pytest.fixture
def cloth(db):
    return make_category("Tenun Ikat", "Ikat", kind=ProductKind.TEXTILE)


def test_the_owner_sends_a_photo_and_gets_its_id_upright_and_without_metadata(client, owner, app):
    response = send(client, jpeg_with_gps_and_rotation(), "IMG_20261207.jpg")
    assert response.status_code == 201
    answer = response.get_json()
    [row] = pending_rows()
    assert answer["id"] == row.id and row.shop_id == owner.id
    assert answer["name"] == "IMG_20261207.jpg"
    # 800×400 turned a quarter by its EXIF orientation: stored 400×800, the GPS gone.
    assert (answer["width"], answer["height"]) == (row.width, row.height) == (400, 800)
    assert answer["thumbnail"].endswith(f"-{row.widths[0]}.webp")
    with Image.open(Path(app.config["MEDIA_DIR"]) / original_name(row.content_hash)) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize("content,name,message", [
    (b"MZ\x90\x00 not an image", "virus.jpg", "Berkas ini bukan gambar JPEG, PNG, WebP, atau HEIC."),
    (b"", "kosong.jpg", "Pilih satu foto atau lebih terlebih dahulu."),
])
def test_a_bad_file_is_refused_with_a_message_and_nothing_stored(client, owner, content, name, message):
    response = send(client, content, name)
    assert response.status_code == 400
    assert response.get_json()["error"] == message
    assert pending_rows() == []


def test_a_file_too_large_is_refused(client, owner, app):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = send(client, photo_bytes(size=(800, 600), quality=95))
    assert response.status_code == 400 and "MB" in response.get_json()["error"]
    assert pending_rows() == []


def test_the_csrf_token_is_required(client, owner):
    page = client.get(FORM).get_data(as_text=True)
    shop_id = re.search(r'name="shop_id" value="(\d+)"', page).group(1)
    response = client.post(URL, data={"shop_id": shop_id, "photos": (io.BytesIO(photo_bytes()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert pending_rows() == []


def test_anonymous_is_sent_to_log_in(client, db):
    token = csrf_token(client, "/account/login")
    response = client.post(URL, data={"csrf_token": token, "photos": (io.BytesIO(photo_bytes()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert pending_rows() == []


@pytest.mark.parametrize("roles", [(), (Role.ADMIN,)])
def test_users_without_a_shop_are_refused(client, db, login_as, roles):
    login_as(make_user(roles=roles))
    token = csrf_token(client, "/account/password")
    response = client.post(URL, data={"csrf_token": token, "photos": (io.BytesIO(photo_bytes()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert pending_rows() == []


def test_another_seller_cannot_send_for_the_shop_nor_use_its_photos(client, owner, cloth, app):
    from tests.factories import PASSWORD

    send(client, photo_bytes())
    [theirs] = pending_rows()
    other = make_user(name="Penjual lain")
    other_shop = make_shop(name="Madu Sintang", owner=other)
    client = app.test_client()  # another phone
    assert submit(client, "/account/login", {"email": other.email, "password": PASSWORD}).status_code == 303
    # A form that names the owner's shop is refused, nothing stored.
    token = csrf_token(client, FORM)
    response = client.post(URL, data={"csrf_token": token, "shop_id": str(owner.id),
                                      "photos": (io.BytesIO(photo_bytes()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 409
    assert len(pending_rows()) == 1
    # The owner's pending photo, named in the other seller's listing, is not taken.
    response = submit(client, FORM, {**listing(cloth), "pending_photo": str(theirs.id)})
    assert response.status_code == 303
    product = _db.session.scalar(sa.select(Product).where(Product.shop_id == other_shop.id))
    assert product.images == []
    assert [p.id for p in pending_rows()] == [theirs.id]


def test_the_form_sends_the_ids_and_the_listing_gets_the_photos_in_order(client, owner, cloth):
    first = send(client, photo_bytes(size=(900, 600)), "sampul.jpg").get_json()["id"]
    second = send(client, photo_bytes(size=(600, 900)), "kemasan.jpg").get_json()["id"]
    response = submit(client, FORM, {**listing(cloth), "pending_photo": [str(first), str(second)]})
    assert response.status_code == 303
    product = _db.session.scalar(sa.select(Product).where(Product.shop_id == owner.id))
    images = sorted(product.images, key=lambda i: i.position)
    assert [(i.width, i.height) for i in images] == [(640, 427), (600, 900)]
    assert pending_rows() == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 foto ditambahkan." in page
    # The page after saving tells the browser to forget what it kept of the form.
    assert f'data-clear-draft="listing:{owner.owner_id}:{owner.id}:new"' in page


def test_a_form_sent_back_for_a_correction_keeps_its_photo_ids(client, owner, cloth):
    sent = send(client, photo_bytes()).get_json()["id"]
    response = submit(client, FORM, {**listing(cloth, name=""), "pending_photo": str(sent)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'name="pending_photo" value="{sent}"' in page
    assert 'value="Ditenun tangan di Atambua."' in page or "Ditenun tangan di Atambua." in page


def test_without_javascript_the_files_go_with_the_form_and_survive_a_correction(client, owner, cloth):
    files = [(io.BytesIO(jpeg_with_gps_and_rotation()), "sarung.jpg"),
             (io.BytesIO(b"not an image"), "virus.jpg")]
    response = submit(client, FORM, {**listing(cloth, name=""), "photos": files},
                      content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "virus.jpg tidak ditambahkan: Berkas ini bukan gambar JPEG, PNG, WebP, atau HEIC." in page
    [kept] = pending_rows()
    assert f'name="pending_photo" value="{kept.id}"' in page
    # Corrected and sent again (the browser sends the id it was given back).
    response = submit(client, FORM, {**listing(cloth), "pending_photo": str(kept.id)})
    assert response.status_code == 303
    product = _db.session.scalar(sa.select(Product).where(Product.shop_id == owner.id))
    assert [(i.width, i.height) for i in product.images] == [(400, 800)]


def test_the_edit_form_adds_photos_after_those_the_listing_has(client, owner, cloth):
    product = make_product(owner, cloth, photos=1, stocks=[5])
    edit = f"/seller/products/{product.id}/edit"
    sent = send(client, photo_bytes(), form_url=edit).get_json()["id"]
    form = client.get(edit).get_data(as_text=True)
    fields = dict(re.findall(r'name="(variants-0-(?:id|stock_seen|price|stock))"[^>]*value="([^"]*)"', form))
    response = submit(client, edit, {**listing(cloth), **fields, "variants-0-sku": "",
                                     "pending_photo": str(sent)})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    _db.session.expire_all()
    images = sorted(_db.session.get(Product, product.id).images, key=lambda i: i.position)
    assert len(images) == 2 and images[1].position == 1


def test_photos_past_the_limit_of_a_listing_are_left_out(client, owner, cloth):
    product = make_product(owner, cloth, photos=photos.MAX_PHOTOS - 1, stocks=[5])
    rows = [photos.add_pending_photo(owner, None, f"{n}.jpg", photo_bytes(color=(n, 0, 0))) for n in (1, 2)]
    added, left_out = photos.attach_pending_photos(product, rows)
    assert (added, left_out) == (1, 1)
    assert len(_db.session.get(Product, product.id).images) == photos.MAX_PHOTOS
    assert pending_rows() == []


def test_unused_pending_photos_are_purged_after_their_time(app, runner, owner):
    old = photos.add_pending_photo(owner, None, "lama.jpg", photo_bytes())
    fresh = photos.add_pending_photo(owner, None, "baru.jpg", photo_bytes(color=(1, 2, 3)))
    old.created_at -= timedelta(hours=photos.PENDING_PHOTO_HOURS + 1)
    _db.session.commit()
    assert photos.pending_photos_of(owner, [old.id, fresh.id]) == [fresh]  # expired: not used
    result = runner.invoke(args=["sellers", "purge-pending-photos"])
    assert result.exit_code == 0 and "Deleted 1 pending photo(s)." in result.output
    assert [p.id for p in pending_rows()] == [fresh.id]


def test_the_photo_allowance_counts_these_uploads(client, owner, app):
    app.config["PHOTO_UPLOAD_LIMIT"] = "2 per hour"
    assert send(client, photo_bytes()).status_code == 201
    assert send(client, photo_bytes(color=(1, 1, 1))).status_code == 201
    response = send(client, photo_bytes(color=(2, 2, 2)))
    assert response.status_code == 429
    assert "Tunggu" in response.get_json()["error"]
    assert len(pending_rows()) == 2


def test_the_photos_page_takes_photos_sent_ahead_too(client, owner, cloth):
    product = make_product(owner, cloth, photos=1, stocks=[5])
    page_url = f"/seller/products/{product.id}/photos"
    sent = send(client, jpeg_with_gps_and_rotation(), form_url=page_url).get_json()["id"]
    response = submit(client, page_url, {"pending_photo": str(sent)})
    assert response.status_code == 303
    assert "1 foto ditambahkan." in client.get(page_url).get_data(as_text=True)
    _db.session.expire_all()
    images = sorted(_db.session.get(Product, product.id).images, key=lambda i: i.position)
    assert [(i.width, i.height) for i in images][1] == (400, 800)
    assert pending_rows() == []


def test_past_the_allowance_the_form_comes_back_with_what_was_typed(client, owner, cloth, app):
    app.config["PHOTO_UPLOAD_LIMIT"] = "1 per hour"
    files = [(io.BytesIO(photo_bytes(color=(n, 0, 0))), f"{n}.jpg") for n in (1, 2)]
    response = submit(client, FORM, {**listing(cloth), "photos": files},
                      content_type="multipart/form-data")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Akun ini telah mengirim banyak foto dalam waktu singkat. Tunggu 60 menit" in page
    assert 'value="Sarung Tenun Futus Belu"' in page
    assert pending_rows() == []
    assert _db.session.scalar(sa.select(Product).where(Product.shop_id == owner.id)) is None
