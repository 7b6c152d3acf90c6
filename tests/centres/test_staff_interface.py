"""What centre staff read and may leave out (issue 14, item 17): the assisted-shop form speaks
about the producer, a producer without a phone has no WhatsApp number, staff learn how one
becomes staff, and staff are not offered to ask their own centre for help."""
from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.catalog.models import Shop
from marketplace.mail import OutboxMessage
from tests.admin.helpers import paid_by_transfer
from tests.centres.helpers import act_for
from tests.centres.test_assisted_shops import SHOP
from tests.conftest import submit
from tests.factories import make_product


def labels(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip()
            for text in re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", page, re.S)]


def test_the_assisted_shop_form_speaks_about_the_producer(client, login_as, world):
    login_as(world.staff)
    page = client.get("/centre/shops/new").get_data(as_text=True)
    seen = labels(page)
    for label in ("Nama produsen", "Toko produsen", "Nama toko produsen", "Cerita produsen",
                  "Koperasi produsen (jika ada)", "Nomor WhatsApp produsen (jika ada)",
                  "Rekening produsen untuk menerima pembayaran",
                  "Usaha produsen terdaftar sebagai Pengusaha Kena Pajak (PKP)"):
        assert label in seen, (label, seen)
    # Nothing addresses the staff member as if the shop were theirs.
    for own in ("Toko Anda", "Cerita Anda", "Usaha saya", "Nomor WhatsApp"):
        assert own not in seen
    assert "menghubungi Anda" not in page and "Pilih kabupaten/kota Anda" not in page
    assert "Kosongkan jika produsen tidak punya telepon" in page


def test_a_producer_without_a_phone_gets_a_shop_without_a_whatsapp_number(
        app, client, login_as, world, db):
    login_as(world.staff)
    response = submit(client, "/centre/shops/new", {**SHOP, "whatsapp": ""})
    assert response.status_code == 303, response.get_data(as_text=True)
    shop = db.session.scalar(sa.select(Shop).where(Shop.name == SHOP["name"]))
    assert shop.whatsapp is None
    # Editing the shop for the producer keeps it optional, and a number given is still checked.
    edit = client.get("/seller/shop").get_data(as_text=True)
    assert "Nomor WhatsApp produsen (jika ada)" in labels(edit)
    details = {**SHOP, "story": "Menenun sarung Amarasi sejak kecil.", "whatsapp": ""}
    for name in ("producer_name", "consent_method", "consent_date", "witness", "consent_note"):
        details.pop(name)
    assert submit(client, "/seller/shop", details).status_code == 303
    db.session.expire_all()
    assert db.session.get(Shop, shop.id).story == "Menenun sarung Amarasi sejak kecil."
    assert db.session.get(Shop, shop.id).whatsapp is None
    refused = submit(client, "/seller/shop", {**details, "whatsapp": "12345"})
    assert refused.status_code == 400 and "Masukkan nomor HP Indonesia" in refused.get_data(
        as_text=True)
    submit(client, "/seller/shop", {**details, "whatsapp": "0813-1111-2222"})
    db.session.expire_all()
    assert db.session.get(Shop, shop.id).whatsapp == "+6281311112222"


def test_a_shop_without_a_number_is_shown_and_mailed_like_any_other(app, client, login_as, world,
                                                                    db):
    world.assisted.whatsapp = None
    db.session.commit()
    product = world.product
    assert client.get(f"/sellers/{world.assisted.slug}").status_code == 200
    assert client.get(f"/products/{product.slug}").status_code == 200
    # Its seller mail goes to the centre's staff, as for any assisted shop.
    order = paid_by_transfer(app, [product])
    db.session.expire_all()
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.subject.contains(order.number))).all()
    assert "petugas@sentra.id" in {m.recipient for m in mail}
    # The admin sees that there is none.
    login_as(world.admin)
    page = client.get(f"/admin/shops/{world.assisted.id}").get_data(as_text=True)
    assert re.search(r"<dt>WhatsApp</dt><dd>Tidak ada</dd>", page)


def test_an_owner_still_gives_a_whatsapp_number(client, login_as, world):
    login_as(world.seller)
    page = client.get("/seller/shop").get_data(as_text=True)
    assert "Nomor WhatsApp" in labels(page) and "Toko Anda" in labels(page)
    details = {key: value for key, value in SHOP.items() if key not in (
        "producer_name", "consent_method", "consent_date", "witness", "consent_note")}
    response = submit(client, "/seller/shop", {**details, "whatsapp": ""})
    assert response.status_code == 400


def test_someone_who_is_not_staff_is_told_how_staff_are_appointed(client, login_as, world):
    login_as(world.buyer)
    response = client.get("/centre/")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Cara menjadi petugas sentra" in page
    assert "admin Sentra" in page and "koordinator sentra Anda" in page
    assert "akun Sentra" in page  # the account comes first, with its e-mail address
    # The public page of a centre says it too.
    centre_page = client.get(f"/sentra/{world.centre.slug}").get_data(as_text=True)
    assert "koordinator sentra" in centre_page


def test_staff_are_not_offered_to_ask_their_own_centre_for_help(client, login_as, world):
    login_as(world.staff)
    act_for(client, world.assisted)
    edit = client.get(f"/seller/products/{world.product.id}/edit").get_data(as_text=True)
    assert "Minta bantuan sentra" not in edit
    assert "Tanya sentra" not in client.get("/seller/").get_data(as_text=True)
    # Asked directly, the page sends them to their centre's own requests.
    response = client.get(f"/seller/consultations/new?product={world.product.id}")
    assert response.status_code == 303 and response.headers["Location"].endswith("/centre/consultations")
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Toko ini dikelola oleh sentra Anda" in followed
    response = client.get("/seller/consultations")
    assert response.status_code == 303 and response.headers["Location"].endswith("/centre/consultations")


def test_an_owner_coached_by_a_centre_still_asks_it(client, login_as, world, db):
    product = make_product(world.seller_shop)
    login_as(world.seller)
    edit = client.get(f"/seller/products/{product.id}/edit").get_data(as_text=True)
    assert "Minta bantuan sentra pemasaran untuk produk ini" in edit
    assert "Tanya sentra" in client.get("/seller/").get_data(as_text=True)
    assert client.get("/seller/consultations/new").status_code == 200
