"""The listing form: categories grouped by parent, and only the fields of the chosen category's
kind (tenun, packaged food), with or without JavaScript (issue 14, item 16)."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Category, Product, ProductKind
from marketplace.extensions import db as _db
from tests.conftest import submit
from tests.factories import make_category, make_product
from tests.sellers.test_listings import listing, seller  # noqa: F401 (a fixture)


@pytest.fixture
def tree(db):
    """Two parents whose children were created interleaved, and a top category on its own."""
    cloth = make_category("Kain & Tenun", "Cloth", kind=ProductKind.CRAFT)
    food = make_category("Pangan", "Food", kind=ProductKind.FOOD)
    honey = make_category("Madu", "Honey", parent=food, kind=ProductKind.FOOD)
    ikat = make_category("Tenun Ikat", "Ikat weaving", parent=cloth, kind=ProductKind.TEXTILE)
    coffee = make_category("Kopi", "Coffee", parent=food, kind=ProductKind.FOOD)
    songket = make_category("Songket", "Songket", parent=cloth, kind=ProductKind.TEXTILE)
    craft = make_category("Kerajinan", "Crafts", kind=ProductKind.CRAFT)
    # Children ordered within their parent (honey after coffee), parents by their position.
    honey.position, coffee.position, ikat.position, songket.position = 2, 1, 1, 2
    _db.session.commit()
    yield {"cloth": cloth, "food": food, "honey": honey, "ikat": ikat, "coffee": coffee,
           "songket": songket, "craft": craft}
    _db.session.rollback()
    _db.session.execute(sa.update(Category).values(parent_id=None))
    _db.session.commit()


def select_html(page: str) -> str:
    return re.search(r'<select[^>]* name="category"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_the_category_select_is_grouped_by_parent_category(client, seller, tree):
    page = client.get("/seller/products/new").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select_html(page), re.S)
    assert [(label, re.findall(r">([^<]+)</option>", body)) for label, body in groups] == [
        ("Kain &amp; Tenun", ["Tenun Ikat", "Songket"]),
        ("Pangan", ["Kopi", "Madu"]),
    ]
    # A top category without children is chosen on its own; a parent is never a choice.
    outside = re.sub(r"<optgroup.*?</optgroup>", "", select_html(page), flags=re.S)
    assert re.findall(r">([^<]+)</option>", outside) == ["Pilih kategori", "Kerajinan"]
    # Each choice says its kind, for the script that shows the matching fields.
    assert f'data-kind="textile" value="{tree["ikat"].id}"' in page or \
        f'value="{tree["ikat"].id}" data-kind="textile"' in page


def fieldsets(page: str) -> dict[str, bool]:
    """Each kind's fieldset and whether it is shown (no `hidden` attribute)."""
    return {kind: "hidden" not in attrs
            for attrs, kind in re.findall(r'<fieldset([^>]*data-kind="(\w+)"[^>]*)>', page)}


def test_a_new_listing_shows_the_fields_of_a_kind_once_its_category_is_chosen(client, seller,
                                                                               tree):
    page = client.get("/seller/products/new").get_data(as_text=True)
    assert fieldsets(page) == {"textile": False, "food": False}
    # Without JavaScript, a button shows the chosen category's fields without saving.
    assert 'name="show_fields"' in page
    response = submit(client, "/seller/products/new",
                      {"name": "Madu Hutan", "category": str(tree["honey"].id), "show_fields": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert fieldsets(page) == {"textile": False, "food": True}
    assert 'value="Madu Hutan"' in page and "Periksa isian" not in page
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


@pytest.mark.parametrize("category,shown", [
    ("ikat", {"textile": True, "food": False}),
    ("coffee", {"textile": False, "food": True}),
    ("craft", {"textile": False, "food": False}),
])
def test_editing_shows_the_fields_of_the_listings_kind(client, seller, tree, category, shown):
    product = make_product(seller, tree[category])
    page = client.get(f"/seller/products/{product.id}/edit").get_data(as_text=True)
    assert fieldsets(page) == shown


def test_a_refused_form_shows_the_fields_of_the_category_sent(client, seller, tree):
    response = submit(client, "/seller/products/new",
                      listing(tree["coffee"], name="", licence_kind="pirt",
                              licence_number="2066104010123-27"))
    assert response.status_code == 400
    assert fieldsets(response.get_data(as_text=True)) == {"textile": False, "food": True}


def test_fields_of_another_kind_are_ignored_not_refused(client, seller, tree):
    """A seller who typed in the food fields and then chose a tenun category (the food fields
    then hidden) is not stopped by a food field that nobody can see."""
    data = listing(tree["ikat"], licence_kind="pirt", licence_number="123", shelf_life_days="lots")
    response = submit(client, "/seller/products/new", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    [product] = _db.session.scalars(sa.select(Product)).all()
    assert product.kind == ProductKind.TEXTILE and product.food_label is None
    assert product.textile.motif == "Futus"
    # Nor by choices nobody could have made (a tampered form): ignored, never a server error.
    data = listing(tree["coffee"], name="Kopi Krayan", dyes="purple", weaving="laser",
                   licence_kind="none", **{"variants-0-sku": "KOPI-1"})
    assert submit(client, "/seller/products/new", data).status_code == 303
    coffee = _db.session.scalar(sa.select(Product).where(Product.name == "Kopi Krayan"))
    assert coffee.textile is None and coffee.food_label is not None
    # The same fields are checked when they are the listing's own.
    response = submit(client, "/seller/products/new",
                      listing(tree["honey"], licence_kind="pirt", licence_number="123"))
    assert response.status_code == 400
    assert "Nomor P-IRT terdiri dari 15 angka" in response.get_data(as_text=True)


def test_the_form_loads_its_script_from_a_file(client, seller, tree):
    page = client.get("/seller/products/new").get_data(as_text=True)
    assert re.search(r'<script src="/static/js/listing-form\.js\?v=[0-9a-f]+" defer></script>', page)
    assert "<script>" not in page and " onchange=" not in page
    with client.get("/static/js/listing-form.js") as script:
        assert script.status_code == 200 and b"data-kind" in script.data
