"""Listing moderation: search every listing, take one down with a reason, restore it."""
from marketplace.catalog.models import Product, ProductStatus
from marketplace.extensions import db as _db
from tests.admin.helpers import audit_entries, before_after, make_admin
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import ORIGIN

REASON = "Foto diambil dari toko lain (hak cipta). Unggah foto produk Anda sendiri."


def reload(product: Product) -> Product:
    _db.session.expire_all()
    return _db.session.get(Product, product.id)


def seller_with_listing():
    seller = make_user(email="ina@contoh.id")
    shop = make_shop(name="Tenun Ina Boi", regency="Belu", owner=seller)
    return make_product(shop, name="Selimut Motif Buna", prices=(900_000,))


def test_admins_search_every_listing_by_product_or_shop(client, db, login_as, count_queries):
    listing = seller_with_listing()
    make_product(listing.shop, name="Sarung Draft", status=ProductStatus.DRAFT)
    make_product(make_shop(name="Madu Kapuas"), name="Madu Hutan")
    login_as(make_admin())

    everything = client.get("/admin/listings").get_data(as_text=True)
    assert all(name in everything for name in ("Selimut Motif Buna", "Sarung Draft", "Madu Hutan"))
    by_shop = client.get("/admin/listings?q=ina+boi").get_data(as_text=True)
    assert "Sarung Draft" in by_shop and "Madu Hutan" not in by_shop
    by_name = client.get("/admin/listings?q=MADU").get_data(as_text=True)
    assert "Madu Hutan" in by_name and "Selimut" not in by_name
    one_shop = client.get(f"/admin/listings?shop={listing.shop_id}").get_data(as_text=True)
    assert "Madu Hutan" not in one_shop and "Sarung Draft" in one_shop
    assert client.get("/admin/listings?q=%25_%5C&page=abc&show=nonsense").status_code == 200

    # the page costs the same few statements for 3 listings as for 60
    with count_queries() as few:
        client.get("/admin/listings")
    for i in range(57):
        make_product(listing.shop, name=f"Kain {i}", category=listing.category)
    with count_queries() as many:
        page = client.get("/admin/listings").get_data(as_text=True)
    assert many.count == few.count
    assert 'rel="next"' in page and client.get("/admin/listings?page=2").status_code == 200


def test_taking_down_hides_the_listing_and_tells_the_seller(client, db, login_as, app):
    listing = seller_with_listing()
    visitor = app.test_client()
    assert visitor.get(f"/products/{listing.slug}").status_code == 200
    login_as(make_admin())

    form = f"/admin/listings/{listing.id}"
    missing = submit(client, f"{form}/take-down", {"reason": ""}, form_url=form)
    assert missing.status_code == 400 and reload(listing).blocked_reason is None

    assert submit(client, f"{form}/take-down", {"reason": REASON}, form_url=form
                  ).status_code == 303
    assert reload(listing).blocked_reason == REASON
    assert reload(listing).status == ProductStatus.ACTIVE  # kept, for the restore
    assert visitor.get(f"/products/{listing.slug}").status_code == 404
    assert "Selimut Motif Buna" not in visitor.get("/products").get_data(as_text=True)
    visitor.post("/cart/add", data={"variant_id": listing.variants[0].id}, headers=ORIGIN)
    assert "Selimut Motif Buna" not in visitor.get("/cart").get_data(as_text=True)
    assert "Selimut Motif Buna" in client.get("/admin/listings?show=taken_down"
                                              ).get_data(as_text=True)

    [entry] = audit_entries("product.take_down")
    before, after = before_after(entry)
    assert before["blocked_reason"] is None and after["blocked_reason"] == REASON
    assert entry.target_type == "product" and entry.target_id == str(listing.id)

    # the seller reads why, and cannot publish it again
    seller = app.test_client()
    submit(seller, "/account/login", {"email": "ina@contoh.id", "password": "kain-tenun-ikat-2026"})
    assert REASON in seller.get("/seller/products").get_data(as_text=True)
    submit(seller, f"/seller/products/{listing.id}/status", {"action": "unpublish"},
           form_url="/seller/products")
    submit(seller, f"/seller/products/{listing.id}/status", {"action": "publish"},
           form_url="/seller/products")
    assert reload(listing).status == ProductStatus.DRAFT
    assert visitor.get(f"/products/{listing.slug}").status_code == 404

    # a second take-down is refused and not logged
    submit(client, f"{form}/take-down", {"reason": "lagi"}, form_url=form)
    assert len(audit_entries("product.take_down")) == 1


def test_restoring_puts_the_listing_back_as_the_seller_left_it(client, db, login_as, app):
    listing = seller_with_listing()
    login_as(make_admin())
    form = f"/admin/listings/{listing.id}"
    submit(client, f"{form}/take-down", {"reason": REASON}, form_url=form)
    assert "Restore" in client.get(form).get_data(as_text=True)

    assert submit(client, f"{form}/restore", {"note": "Foto sudah diganti."}, form_url=form
                  ).status_code == 303
    assert reload(listing).blocked_reason is None
    assert app.test_client().get(f"/products/{listing.slug}").status_code == 200
    [entry] = audit_entries("product.restore")
    before, after = before_after(entry)
    assert before["blocked_reason"] == REASON and after["blocked_reason"] is None
    assert entry.reason == "Foto sudah diganti."
    assert [e.action for e in audit_entries()] == ["product.take_down", "product.restore"]

    submit(client, f"{form}/restore", {}, form_url=form)  # nothing to restore: no entry
    assert len(audit_entries()) == 2


def test_missing_listings_are_not_found(client, db, login_as):
    login_as(make_admin())
    assert client.get("/admin/listings/999").status_code == 404
    assert submit(client, "/admin/listings/999/take-down", {"reason": REASON},
                  form_url="/admin/listings").status_code == 404
