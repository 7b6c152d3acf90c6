"""A centre onboards a producer without a device, works for the shop, then hands it over."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Product, ProductImage, Shop
from marketplace.centres import services
from marketplace.centres.models import HandoverInvite, ShopConsent
from marketplace.mail import OutboxMessage
from marketplace.sellers.models import ShopActivity
from tests.centres.helpers import act_for, switch_user
from tests.conftest import submit
from tests.factories import make_user, photo_bytes

SHOP = {
    "producer_name": "Mama Yuliana Nope", "consent_method": "thumbprint",
    "consent_date": "2026-11-20", "witness": "Kepala Desa Oelbiteno", "consent_note": "Map 3",
    "name": "Tenun Ibu Maria", "story": "Menenun sejak kecil.",
    "region": "Nusa Tenggara Timur / Kupang", "whatsapp": "0812-3456-7890",
    "bank_name": "BRI", "bank_account_holder": "Yuliana Nope", "bank_account_number": "",
}

SARONG = {
    "name": "Sarung Tenun Ikat Amarasi", "category": None, "description": "Ditenun tangan.",
    "materials": "kapas", "low_stock_threshold": "1", "motif": "Buaya", "motif_meaning": "",
    "weaver": "Mama Yuliana", "threads": "", "length_cm": "", "width_cm": "",
    "licence_kind": "none", "variants-0-name": "", "variants-0-price": "750.000",
    "variants-0-stock": "2", "variants-0-packed_weight_g": "600",
}


def _new_shop(client, **changes):
    return submit(client, "/centre/shops/new", {**SHOP, **changes})


def test_staff_open_a_shop_with_the_producers_consent(client, login_as, world, db):
    login_as(world.staff)
    response = _new_shop(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/seller/products/new")
    shop = db.session.scalar(sa.select(Shop).where(Shop.name == "Tenun Ibu Maria"))
    assert shop.owner_id is None and shop.is_assisted and shop.centre_id == world.centre.id
    consent = db.session.scalar(sa.select(ShopConsent).where(ShopConsent.shop_id == shop.id))
    assert (consent.producer_name, consent.method.value, str(consent.given_on)) == (
        "Mama Yuliana Nope", "thumbprint", "2026-11-20")
    assert consent.recorded_by_id == world.staff.id
    # The staff member now works on it: the seller dashboard is the new shop's.
    assert "Tenun Ibu Maria" in client.get("/seller/").get_data(as_text=True)
    page = client.get(f"/sellers/{shop.slug}").get_data(as_text=True)
    assert "Dikelola dengan bantuan" in page and world.centre.name in page


@pytest.mark.parametrize("changes", [{"consent_method": ""}, {"producer_name": ""},
                                     {"consent_date": "2099-01-01"}, {"region": "Jawa / Bogor"}])
def test_no_shop_without_a_valid_consent_and_region(client, login_as, world, db, changes):
    login_as(world.staff)
    before = db.session.scalar(sa.select(sa.func.count(Shop.id)))
    assert _new_shop(client, **changes).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Shop.id))) == before


def test_every_change_by_staff_is_recorded_on_the_shops_behalf(client, login_as, world, db):
    login_as(world.staff)
    act_for(client, world.assisted)
    response = submit(client, f"/seller/products/{world.product.id}/status", {"action": "unpublish"},
                      form_url="/seller/products")
    assert response.status_code == 303
    files = {"photos": (__import__("io").BytesIO(photo_bytes()), "kemasan.jpg")}
    submit(client, f"/seller/products/{world.product.id}/photos", files,
           content_type="multipart/form-data")
    db.session.expire_all()
    entries = db.session.scalars(sa.select(ShopActivity).where(
        ShopActivity.shop_id == world.assisted.id).order_by(ShopActivity.id)).all()
    assert [(e.actor_email, e.action) for e in entries] == [
        ("petugas@sentra.id", "sellers.change_product_status"),
        ("petugas@sentra.id", "sellers.product_photos"),
    ]
    assert "unpublish" in entries[0].detail
    log = client.get(f"/centre/shops/{world.assisted.id}").get_data(as_text=True)
    assert "sellers.change_product_status" in log


def test_a_refused_change_leaves_no_activity(client, login_as, world, db):
    login_as(world.staff)
    act_for(client, world.assisted)
    response = submit(client, f"/seller/products/{world.product.id}/edit", {"name": ""})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ShopActivity.id))) == 0


def test_marking_a_packaging_photo_raises_the_score(client, login_as, world, db):
    login_as(world.staff)
    act_for(client, world.assisted)
    # Two photos: the listing is for sale, and keeps at least one when the other is deleted.
    files = {"photos": [(__import__("io").BytesIO(photo_bytes()), "kemasan.jpg"),
                        (__import__("io").BytesIO(photo_bytes(color=(20, 90, 40))), "sarung.jpg")]}
    submit(client, f"/seller/products/{world.product.id}/photos", files,
           content_type="multipart/form-data")
    db.session.expire_all()
    before = db.session.get(Product, world.product.id).packaging_score
    image = db.session.scalar(sa.select(ProductImage).where(ProductImage.product_id == world.product.id)
                              .order_by(ProductImage.position))
    submit(client, f"/seller/products/{world.product.id}/photos/{image.id}",
           {"action": "save", "alt_text": "Sarung dalam kotak", "shows_packaging": "1"},
           form_url=f"/seller/products/{world.product.id}/photos")
    db.session.expire_all()
    after = db.session.get(Product, world.product.id).packaging_score
    assert before < after
    edit = client.get(f"/seller/products/{world.product.id}/edit").get_data(as_text=True)
    assert f"Skor kemasan: {after} dari 100" in edit and "Tambahkan foto kemasan" not in edit
    submit(client, f"/seller/products/{world.product.id}/photos/{image.id}", {"action": "delete"},
           form_url=f"/seller/products/{world.product.id}/photos")
    db.session.expire_all()
    assert db.session.get(Product, world.product.id).packaging_score == before


def test_the_centre_sees_the_lowest_scores_first(client, login_as, world, db):
    from tests.factories import make_product

    make_product(world.assisted, name="Selendang Tanpa Data", photos=0)
    db.session.execute(sa.update(Product).where(Product.name == "Selendang Tanpa Data")
                       .values(packaging_score=10))
    db.session.commit()
    login_as(world.staff)
    page = client.get("/centre/").get_data(as_text=True)
    coach = page[page.index("Produk yang perlu dibina"):]
    assert coach.index("Selendang Tanpa Data") < coach.index("Sarung Tenun Amarasi")
    assert "Tambahkan foto kemasan" in coach


# --- hand-over -----------------------------------------------------------------------------

def _invite(client, world, contact):
    response = submit(client, f"/centre/shops/{world.assisted.id}/handover", {"contact": contact},
                      form_url=f"/centre/shops/{world.assisted.id}")
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return re.search(r'value="(http[^"]+/centre/claim/[^"]+)"', response.get_data(as_text=True)).group(1)


def test_hand_over_by_email_the_producer_claims_the_shop(client, login_as, world, db, app):
    login_as(world.staff)
    act_for(client, world.assisted)
    link = _invite(client, world, "Yuliana@Contoh.id")
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "yuliana@contoh.id"))
    assert mail is not None and link in mail.body
    path = link.split("localhost", 1)[1]
    producer = make_user(email="yuliana@contoh.id", name="Yuliana")
    switch_user(client, login_as, producer)
    assert "Ambil alih" in client.get(path).get_data(as_text=True)
    response = submit(client, path, {})
    assert response.status_code == 303
    db.session.expire_all()
    shop = db.session.get(Shop, world.assisted.id)
    assert shop.owner_id == producer.id and not shop.is_assisted and shop.centre_id == world.centre.id
    assert "Binaan" in client.get(f"/sellers/{shop.slug}").get_data(as_text=True)
    # Single use.
    assert client.get(path).status_code in (409, 410)

    # The staff no longer act for it.
    switch_user(client, login_as, world.staff)
    assert client.get("/seller/products").status_code == 403
    claimed = db.session.scalar(sa.select(ShopActivity).where(ShopActivity.action == "centre.claim_shop"))
    assert claimed.actor_email == "yuliana@contoh.id"


def test_an_email_invite_works_only_for_that_address(client, login_as, world, app):
    login_as(world.staff)
    link = _invite(client, world, "yuliana@contoh.id")
    path = link.split("localhost", 1)[1]
    switch_user(client, login_as, world.buyer)
    assert client.get(path).status_code == 403
    assert submit(client, path, {}, form_url="/sentra/").status_code == 403


def test_a_phone_invite_is_shown_to_the_staff_to_pass_on(client, login_as, world, db):
    login_as(world.staff)
    link = _invite(client, world, "0812-3456-7890")
    invite = db.session.scalar(sa.select(HandoverInvite))
    assert invite.contact == "+6281234567890"
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1  # the consultation's
    token = link.rsplit("/", 1)[1]
    assert token not in (invite.secret_hash or "")  # only a hash of the secret is stored


def test_a_newer_invite_replaces_the_older(client, login_as, world):
    login_as(world.staff)
    first = _invite(client, world, "0812-3456-7890").split("localhost", 1)[1]
    _invite(client, world, "0812-3456-7891")
    switch_user(client, login_as, world.buyer)
    assert client.get(first).status_code == 410


def test_an_expired_invite_does_not_work(client, login_as, world, db, app):
    login_as(world.staff)
    path = _invite(client, world, "0812-3456-7890").split("localhost", 1)[1]
    from marketplace.timeutil import utcnow

    db.session.execute(sa.update(HandoverInvite).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    switch_user(client, login_as, world.buyer)
    assert client.get(path).status_code == 410
    assert submit(client, path, {}, form_url="/sentra/").status_code == 410
    assert db.session.get(Shop, world.assisted.id).owner_id is None


def test_a_forged_or_tampered_link_does_not_work(client, login_as, world):
    login_as(world.staff)
    path = _invite(client, world, "0812-3456-7890").split("localhost", 1)[1]
    switch_user(client, login_as, world.buyer)
    assert client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 410
    assert client.get("/centre/claim/eyJpIjoxLCJzIjoieCJ9").status_code == 410


def test_an_account_with_a_shop_cannot_claim_another(client, login_as, world):
    login_as(world.staff)
    path = _invite(client, world, "0812-3456-7890").split("localhost", 1)[1]
    switch_user(client, login_as, world.seller)
    assert client.get(path).status_code == 409


def test_a_bad_contact_is_refused_with_a_message(client, login_as, world, db):
    login_as(world.staff)
    response = submit(client, f"/centre/shops/{world.assisted.id}/handover", {"contact": "bukan nomor"},
                      form_url=f"/centre/shops/{world.assisted.id}", follow_redirects=True)
    assert "nomor ponsel Indonesia" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(HandoverInvite.id))) == 0


def test_claiming_twice_in_a_row_gives_the_shop_once(app, world, db):
    with app.test_request_context():
        _, token = services.invite_owner(world.assisted, world.staff, "0812-3456-7890")
        first = make_user(email="a@contoh.id")
        second = make_user(email="b@contoh.id")
        services.claim_shop(token, first)
        with pytest.raises(services.InviteInvalid):
            services.claim_shop(token, second)
    assert db.session.get(Shop, world.assisted.id).owner_id == first.id


# --- orders of an assisted shop --------------------------------------------------------------

def test_staff_ship_an_order_of_an_assisted_shop(app, client, login_as, world, db):
    from marketplace.orders import services as orders
    from tests.orders.helpers import add, checkout, latest_order

    variant = world.product.variants[0]
    add(client, variant)
    assert checkout(client).status_code == 303
    order = latest_order()
    orders.mark_paid(order, actor_id=world.admin.id, actor_label="admin")
    db.session.commit()
    login_as(world.staff)
    act_for(client, world.assisted)
    assert "1" in client.get("/centre/").get_data(as_text=True)
    shipment = order.shipments[0]
    page = client.get("/seller/orders").get_data(as_text=True)
    assert order.number in page
    response = submit(client, f"/seller/orders/{shipment.id}/ship",
                      {"courier": "JNE", "tracking_number": "JNE123456"}, form_url="/seller/orders")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(shipment), shipment.id).status.value == "shipped"
    shipped = db.session.scalar(sa.select(ShopActivity).where(
        ShopActivity.action == "orders.ship_shipment"))
    assert shipped.actor_id == world.staff.id and shipped.shop_id == world.assisted.id
