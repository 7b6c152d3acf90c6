"""A seller lists, edits, duplicates, publishes and archives products, and manages stock."""
import pytest
import sqlalchemy as sa

from marketplace.catalog import inventory
from marketplace.catalog.models import (
    Product,
    ProductKind,
    ProductStatus,
    StockMovement,
    StockReason,
    Variant,
)
from marketplace.extensions import db as _db
from tests.conftest import submit
from tests.factories import make_category, make_product, make_shop, make_user


@pytest.fixture
def seller(client, db, login_as):
    user = make_user(name="Yuliana")
    shop = make_shop(name="Tenun Belu", owner=user, regency="Belu")
    login_as(user)
    return shop


def listing(category_, **overrides):
    data = {
        "name": "Sarung Tenun Futus Belu", "category": str(category_.id),
        "description": "Ditenun tangan di Atambua.", "materials": "kapas pintal tangan",
        "low_stock_threshold": "2", "motif": "Futus", "motif_meaning": "Persatuan keluarga",
        "weaver": "Mama Yuliana", "threads": "kapas", "dyes": "natural", "weaving": "hand",
        "length_cm": "180", "width_cm": "70", "weaving_days": "30", "licence_kind": "none",
        "variants-0-name": "", "variants-0-sku": "BELU-001", "variants-0-price": "1.250.000",
        "variants-0-stock": "4", "variants-0-net_weight_g": "700", "variants-0-packed_weight_g": "900",
        "variants-0-packed_length_cm": "40", "variants-0-packed_width_cm": "30",
        "variants-0-packed_height_cm": "20", "variants-0-packaging_type": "box",
        "variants-0-packaging_description": "Kotak anyaman lontar",
    }
    data.update(overrides)
    return data


def products() -> list[Product]:
    return list(_db.session.scalars(sa.select(Product).order_by(Product.id)))


def test_create_a_listing_as_draft_then_publish_it(client, seller):
    cloth = make_category("Tenun Ikat", "Ikat", kind=ProductKind.TEXTILE)
    response = submit(client, "/seller/products/new", listing(cloth))
    assert response.status_code == 303, response.get_data(as_text=True)
    [product] = products()
    assert product.status == ProductStatus.DRAFT and product.shop_id == seller.id
    assert product.textile.motif == "Futus" and product.kind == ProductKind.TEXTILE
    [variant] = product.variants
    assert variant.price_idr == 1_250_000 and variant.stock == 4
    assert client.get(f"/products/{product.slug}").status_code == 404  # drafts are not shown

    add_photo(client, product)
    submit(client, f"/seller/products/{product.id}/status", {"action": "publish"},
           form_url="/seller/products")
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert "Rp1.250.000" in page and "Kotak anyaman lontar" in page
    assert "40 × 30 × 20 cm" in page and "4 kg" in page  # 24,000 cm³ / 6000 = 4 kg


def add_photo(client, product) -> None:
    import io

    from tests.factories import photo_bytes

    response = submit(client, f"/seller/products/{product.id}/photos",
                      {"photos": [(io.BytesIO(photo_bytes()), "sarung.jpg")]},
                      content_type="multipart/form-data")
    assert response.status_code == 303


def test_publishing_needs_a_photo_and_the_form_says_so(client, seller):
    cloth = make_category("Tenun Ikat", "Ikat", kind=ProductKind.TEXTILE)
    assert submit(client, "/seller/products/new", listing(cloth)).status_code == 303
    [product] = products()  # a draft may have no photo
    edit = f"/seller/products/{product.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="publish"' not in form
    assert "Tambahkan foto untuk menerbitkan" in form
    assert f'href="/seller/products/{product.id}/photos" class="needs-photo"' in form

    # A publish sent anyway (an old tab, a script) is refused with the reason.
    response = submit(client, f"/seller/products/{product.id}/status",
                      {"action": "publish", "back": "edit"}, form_url="/seller/products")
    assert response.status_code == 303
    assert ("Tambahkan setidaknya satu foto sebelum menerbitkan: pembeli membeli apa yang "
            "bisa mereka lihat.") in client.get(response.headers["Location"]).get_data(as_text=True)
    _db.session.expire_all()
    assert _db.session.get(Product, product.id).status == ProductStatus.DRAFT

    add_photo(client, product)
    assert 'value="publish"' in client.get(edit).get_data(as_text=True)
    submit(client, f"/seller/products/{product.id}/status", {"action": "publish"},
           form_url="/seller/products")
    _db.session.expire_all()
    assert _db.session.get(Product, product.id).status == ProductStatus.ACTIVE


def test_a_listing_for_sale_keeps_its_last_photo(client, seller):
    product = make_product(seller, photos=2)
    photos_page = f"/seller/products/{product.id}/photos"
    first, second = sorted(product.images, key=lambda i: i.position)
    submit(client, f"{photos_page}/{first.id}", {"action": "delete"}, form_url=photos_page)
    response = submit(client, f"{photos_page}/{second.id}", {"action": "delete"},
                      form_url=photos_page)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Produk yang dijual tetap memerlukan setidaknya satu foto" in page
    _db.session.expire_all()
    assert [i.id for i in _db.session.get(Product, product.id).images] == [second.id]
    # Unpublished, it may lose its last photo.
    submit(client, f"/seller/products/{product.id}/status", {"action": "unpublish"},
           form_url="/seller/products")
    submit(client, f"{photos_page}/{second.id}", {"action": "delete"}, form_url=photos_page)
    _db.session.expire_all()
    assert _db.session.get(Product, product.id).images == []


def test_food_listing_normalises_its_licence_number(client, seller):
    honey = make_category("Madu", "Honey", kind=ProductKind.FOOD)
    data = listing(honey, name="Madu Hutan", licence_kind="pirt",
                   licence_number="P-IRT No. 2066104010123-27", ingredients="Madu hutan",
                   producer_name="KUB Madu", is_halal="y")
    assert submit(client, "/seller/products/new", data).status_code == 303
    [product] = products()
    assert product.food_label.licence_number == "2066104010123-27"
    assert product.textile is None


@pytest.mark.parametrize("field,value", [
    ("variants-0-price", "abc"), ("variants-0-price", "12"), ("name", ""), ("category", "999999"),
    ("variants-0-packed_weight_g", "100"), ("variants-0-stock", "-3"), ("length_cm", "lots"),
    ("variants-0-packaging_type", "barrel"),
])
def test_bad_listings_are_refused_with_a_message(client, seller, field, value):
    cloth = make_category()
    response = submit(client, "/seller/products/new", listing(cloth, **{field: value}))
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
    assert products() == []


def test_bad_pirt_number_is_refused(client, seller):
    food = make_category(kind=ProductKind.FOOD)
    response = submit(client, "/seller/products/new", listing(food, licence_kind="pirt", licence_number="12345"))
    assert response.status_code == 400 and "1234567890123-45" in response.get_data(as_text=True)


def test_add_a_second_option_without_javascript(client, seller):
    cloth = make_category()
    response = submit(client, "/seller/products/new", {**listing(cloth), "add_variant": "1"})
    assert response.status_code == 200
    assert 'name="variants-1-price"' in response.get_data(as_text=True)
    assert products() == []
    data = listing(cloth, **{"variants-1-name": "Selendang", "variants-1-sku": "BELU-002",
                             "variants-1-price": "350000", "variants-1-stock": "6"})
    data["variants-0-name"] = "Sarung"
    assert submit(client, "/seller/products/new", data).status_code == 303
    [product] = products()
    assert sorted(v.price_idr for v in product.variants) == [350_000, 1_250_000]
    assert product.price_from_idr == 350_000 and product.has_price_range


def test_the_same_sku_twice_in_a_shop_is_refused_but_other_shops_may_use_it(client, seller):
    cloth = make_category()
    other = make_product(make_shop(), cloth)
    other_sku = other.variants[0].sku
    assert submit(client, "/seller/products/new",
                  listing(cloth, **{"variants-0-sku": other_sku})).status_code == 303
    response = submit(client, "/seller/products/new",
                      listing(cloth, name="Lagi", **{"variants-0-sku": other_sku.lower()}))
    assert response.status_code == 400 and other_sku in response.get_data(as_text=True)


def test_editing_stock_keeps_a_sale_made_meanwhile(client, seller):
    cloth = make_category()
    submit(client, "/seller/products/new", listing(cloth))
    [product] = products()
    variant = product.variants[0]
    form = client.get(f"/seller/products/{product.id}/edit").get_data(as_text=True)
    assert 'name="variants-0-stock_seen" type="hidden" value="4"' in form
    # a buyer takes one while the seller has the form open
    inventory.adjust_stock(variant, -1, StockReason.SALE, None)
    _db.session.commit()
    data = listing(cloth, **{"variants-0-id": str(variant.id), "variants-0-stock": "10",
                             "variants-0-stock_seen": "4"})
    assert submit(client, f"/seller/products/{product.id}/edit", data).status_code == 303
    _db.session.expire_all()
    assert _db.session.get(Variant, variant.id).stock == 9  # 4 - 1 sold + 6 added
    reasons = [m.reason for m in _db.session.scalars(sa.select(StockMovement).order_by(StockMovement.id))]
    assert reasons == [StockReason.INITIAL, StockReason.SALE, StockReason.CORRECTION]


def test_stock_adjustments_are_recorded_and_never_go_negative(client, seller):
    product = make_product(seller, stocks=[3])
    variant = product.variants[0]
    url = f"/seller/products/{product.id}/stock"
    submit(client, url, {"variant_id": variant.id, "change": "5", "reason": "restock", "note": "panen"})
    submit(client, url, {"variant_id": variant.id, "change": "-20", "reason": "correction"})
    _db.session.expire_all()
    assert _db.session.get(Variant, variant.id).stock == 8
    history = client.get(url).get_data(as_text=True)
    assert "panen" in history and "+5" in history
    for bad in ({"change": "abc", "reason": "restock"}, {"change": "1", "reason": "sale"},
                {"change": "1", "reason": "restock", "variant_id": "999999"}):
        response = submit(client, url, {"variant_id": variant.id, **bad})
        assert response.status_code == 303
    _db.session.expire_all()
    assert _db.session.get(Variant, variant.id).stock == 8


def test_duplicate_unpublish_archive_restore(client, seller):
    product = make_product(seller, photos=1, name="Selendang Buna")
    response = submit(client, f"/seller/products/{product.id}/duplicate", {}, form_url="/seller/products")
    assert response.status_code == 303
    original, copy = products()
    assert copy.status == ProductStatus.DRAFT and copy.name.startswith("Selendang Buna")
    assert len(copy.images) == 1 and copy.variants[0].stock == 0
    assert copy.variants[0].sku != original.variants[0].sku

    def act(action):
        return submit(client, f"/seller/products/{original.id}/status", {"action": action},
                      form_url="/seller/products")

    act("unpublish")
    _db.session.expire_all()
    assert _db.session.get(Product, original.id).status == ProductStatus.DRAFT
    act("archive")
    _db.session.expire_all()
    assert _db.session.get(Product, original.id).status == ProductStatus.ARCHIVED
    act("publish")  # archived -> active is not a move a seller can make
    _db.session.expire_all()
    assert _db.session.get(Product, original.id).status == ProductStatus.ARCHIVED
    act("restore")
    _db.session.expire_all()
    assert _db.session.get(Product, original.id).status == ProductStatus.DRAFT
    assert submit(client, f"/seller/products/{original.id}/status", {"action": "explode"},
                  form_url="/seller/products").status_code == 400


def test_dashboard_lists_low_stock(client, seller):
    make_product(seller, name="Hampir Habis", stocks=[1])
    make_product(seller, name="Banyak", stocks=[50])
    html = client.get("/seller/").get_data(as_text=True)
    low = html.split('id="low-h"')[1]
    assert "Hampir Habis" in low and "Banyak" not in low
    assert "<svg" in html
