"""Reviewing sellers: the queue, verify, reject with a reason, suspend and reinstate."""
import pytest

from marketplace.catalog.models import Shop, ShopStatus
from marketplace.extensions import db as _db
from marketplace.orders.models import Shipment, ShipmentStatus
from tests.admin.helpers import (
    audit_entries,
    before_after,
    make_admin,
    paid_by_transfer,
    place,
    two_shop_products,
)
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import ORIGIN, add

SELLER_SHOP = {
    "name": "Tenun Ikat Ina Bo'i", "story": "Kami menenun di Atambua.",
    "region": "Nusa Tenggara Timur / Belu", "cooperative": "Koperasi Tenun Belu",
    "whatsapp": "0812-3456-7890", "bank_name": "Bank NTT", "bank_account_holder": "Yuliana Bani",
    "bank_account_number": "", "is_pkp": "",
}


def new_shop(email="yuliana@contoh.id", **kwargs) -> Shop:
    owner = make_user(email=email, name="Yuliana Bani")
    shop = make_shop(name=kwargs.pop("name", "Tenun Ikat Ina Bo'i"), regency="Belu",
                     verified=False, owner=owner, **kwargs)
    shop.whatsapp, shop.cooperative, shop.is_pkp = "+6281234567890", "Koperasi Tenun Belu", True
    shop.bank_name, shop.bank_account_holder = "Bank NTT", "Yuliana Bani"
    shop.bank_account_number = "0012345678901"
    _db.session.commit()
    return shop


def reload(shop: Shop) -> Shop:
    _db.session.expire_all()
    return _db.session.get(Shop, shop.id)


def decide(client, shop, action, **data):
    return submit(client, f"/admin/shops/{shop.id}/{action}", data,
                  form_url=f"/admin/shops/{shop.id}")


def test_the_queue_shows_unverified_shops_and_their_data(client, db, login_as):
    waiting = new_shop()
    make_product(waiting, name="Sarung Futus")
    make_shop(name="Madu Kapuas", verified=True)
    login_as(make_admin())

    queue = client.get("/admin/shops").get_data(as_text=True)
    assert "Tenun Ikat Ina Bo&#39;i" in queue and "yuliana@contoh.id" in queue
    assert "Madu Kapuas" not in queue
    assert "Madu Kapuas" in client.get("/admin/shops?view=all").get_data(as_text=True)
    assert "Tenun Ikat" in client.get("/admin/shops?q=yuliana").get_data(as_text=True)
    assert "Tenun Ikat" not in client.get("/admin/shops?q=nobody").get_data(as_text=True)

    page = client.get(f"/admin/shops/{waiting.id}").get_data(as_text=True)
    for fact in ("+6281234567890", "Koperasi Tenun Belu", "Belu", "Bank NTT", "•••• 8901",
                 "yuliana@contoh.id"):
        assert fact in page, fact
    assert "0012345678901" not in page  # the account number is shown masked only
    assert "1 in all, 1 in the store now" in page


def test_verifying_takes_the_shop_out_of_the_queue_and_is_audited(client, db, login_as):
    shop = new_shop()
    login_as(make_admin())
    response = decide(client, shop, "verify", note="")
    assert response.status_code == 303
    shop = reload(shop)
    assert shop.is_verified and shop.review_decision == "verified" and shop.reviewed_at
    assert "Tenun Ikat" not in client.get("/admin/shops").get_data(as_text=True)

    [entry] = audit_entries("shop.verify")
    before, after = before_after(entry)
    assert entry.actor_email == "admin@sentra.id" and entry.target_id == str(shop.id)
    assert before["is_verified"] is False and after["is_verified"] is True
    assert after["review_decision"] == "verified" and entry.ip_address

    # a second verification changes nothing and writes nothing
    decide(client, shop, "verify")
    assert len(audit_entries("shop.verify")) == 1


def test_rejecting_needs_a_reason_the_seller_reads_and_an_edit_brings_it_back(
        client, db, login_as, app):
    shop = new_shop()
    login_as(make_admin())

    refused = decide(client, shop, "reject", reason="  ")
    assert refused.status_code == 400 and 'class="error"' in refused.get_data(as_text=True)
    assert reload(shop).review_decision is None and audit_entries() == []

    reason = "Foto KTP pemilik belum jelas; tambahkan nomor WhatsApp yang aktif."
    assert decide(client, shop, "reject", reason=reason).status_code == 303
    shop = reload(shop)
    assert not shop.is_verified and shop.review_decision == "rejected"
    assert shop.review_reason == reason
    assert "Tenun Ikat" not in client.get("/admin/shops").get_data(as_text=True)
    assert "Tenun Ikat" in client.get("/admin/shops?view=rejected").get_data(as_text=True)
    [entry] = audit_entries("shop.reject")
    assert entry.reason == reason and before_after(entry)[1]["review_reason"] == reason

    seller = app.test_client()
    submit(seller, "/account/login", {"email": "yuliana@contoh.id",
                                      "password": "kain-tenun-ikat-2026"})
    dashboard = seller.get("/seller/").get_data(as_text=True)
    assert "Foto KTP pemilik belum jelas" in dashboard and "/seller/shop" in dashboard

    # the seller fixes the shop: it is back in the admin's queue, and the seller is told
    assert submit(seller, "/seller/shop", {**SELLER_SHOP, "whatsapp": "0813-1111-2222"}
                  ).status_code == 303
    assert "Tenun Ikat" in client.get("/admin/shops").get_data(as_text=True)
    seller.set_cookie("lang", "en")
    assert "waiting for Sentra" in seller.get("/seller/").get_data(as_text=True)
    assert decide(client, shop, "verify").status_code == 303
    assert reload(shop).is_verified


def test_suspension_empties_the_store_but_leaves_paid_orders_with_the_seller(
        client, db, login_as, app):
    tenun, madu = two_shop_products()
    shop = tenun.shop
    order = paid_by_transfer(app, [tenun, madu])
    shopper, _ = place(app, [tenun])  # another buyer's unpaid order, and a cart
    add(shopper, tenun.variants[0])
    assert "Selendang Buna" in shopper.get("/cart").get_data(as_text=True)
    assert client.get(f"/products/{tenun.slug}").status_code == 200

    login_as(make_admin())
    refused = decide(client, shop, "suspend", reason="")
    assert refused.status_code == 400 and reload(shop).status == ShopStatus.ACTIVE
    reason = "Laporan pembeli: barang tidak sesuai foto. Sedang kami periksa."
    assert decide(client, shop, "suspend", reason=reason).status_code == 303
    assert reload(shop).status == ShopStatus.SUSPENDED

    # out of the catalogue, the shop page, the search and the cart, at once
    visitor = app.test_client()
    assert visitor.get(f"/products/{tenun.slug}").status_code == 404
    assert visitor.get(f"/sellers/{shop.slug}").status_code == 404
    listing = visitor.get("/products").get_data(as_text=True)
    assert "Selendang Buna" not in listing and "Madu Hutan" in listing
    assert "Selendang Buna" not in visitor.get("/products?q=selendang").get_data(as_text=True)
    assert "Selendang Buna" not in shopper.get("/cart").get_data(as_text=True)
    added = visitor.post("/cart/add", data={"variant_id": tenun.variants[0].id, "quantity": 1},
                         headers=ORIGIN)
    assert "Selendang Buna" not in visitor.get("/cart").get_data(as_text=True)
    assert added.status_code == 303  # with "no longer for sale", and nothing added

    # the seller still sees and ships the paid order
    seller = app.test_client()
    submit(seller, "/account/login", {"email": "ina@contoh.id", "password": "kain-tenun-ikat-2026"})
    dashboard = seller.get("/seller/").get_data(as_text=True)
    assert "Laporan pembeli" in dashboard
    orders_page = seller.get("/seller/orders").get_data(as_text=True)
    assert order.number in orders_page and "Selendang Buna" in orders_page
    shipment = next(s for s in order.shipments if s.shop_id == shop.id)
    assert seller.get(f"/seller/orders/{shipment.id}/packing-slip").status_code == 200
    submit(seller, f"/seller/orders/{shipment.id}/ship",
           {"courier": "JNE", "tracking_number": "JNE777"}, form_url="/seller/orders")
    _db.session.expire_all()
    assert _db.session.get(Shipment, shipment.id).status == ShipmentStatus.SHIPPED

    [entry] = audit_entries("shop.suspend")
    before, after = before_after(entry)
    assert (before["status"], after["status"]) == ("active", "suspended") and entry.reason == reason

    # reinstated: the listings are back as they were
    assert decide(client, shop, "reinstate", note="Sudah diperiksa: foto diperbarui."
                  ).status_code == 303
    assert reload(shop).status == ShopStatus.ACTIVE
    assert visitor.get(f"/products/{tenun.slug}").status_code == 200
    [entry] = audit_entries("shop.reinstate")
    assert before_after(entry)[1]["status"] == "active"
    assert [e.action for e in audit_entries()] == ["shop.suspend", "shop.reinstate"]


@pytest.mark.parametrize("action", ["verify", "reject", "suspend", "reinstate"])
def test_decisions_on_a_missing_shop_are_not_found(client, db, login_as, action):
    login_as(make_admin())
    assert submit(client, f"/admin/shops/999/{action}", {"reason": "x"},
                  form_url="/admin/shops").status_code == 404


def test_a_suspended_shop_cannot_be_verified_or_rejected_until_reinstated(client, db, login_as):
    shop = new_shop()
    login_as(make_admin())
    decide(client, shop, "suspend", reason="Dokumen palsu")
    page = client.get(f"/admin/shops/{shop.id}").get_data(as_text=True)
    assert f"/admin/shops/{shop.id}/verify" not in page
    decide(client, shop, "verify")
    decide(client, shop, "reject", reason="x")
    shop = reload(shop)
    assert not shop.is_verified and shop.review_decision == "suspended"
    assert [e.action for e in audit_entries()] == ["shop.suspend"]
    assert "Tenun Ikat" in client.get("/admin/shops?view=suspended").get_data(as_text=True)
    assert "Tenun Ikat" not in client.get("/admin/shops").get_data(as_text=True)
    decide(client, shop, "reinstate")
    assert "Tenun Ikat" in client.get("/admin/shops").get_data(as_text=True)  # reviewed again
