"""The demo store: its content, its photos, and the `flask demo-data` command.

A full load draws and stores about two hundred photos, so only one test does it (and checks
idempotency on the same database); the others check the content as data or refuse early.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.catalog import photo_pipeline as images
from marketplace.catalog.display_models import FeaturedEntry
from marketplace.dev.demo import DemoDataRefused, load_demo_data
from marketplace.dev.demo.content import CATEGORIES, SHOPS
from marketplace.dev.demo.labels import label_facts
from marketplace.dev.demo.pictures import draw_photos
from marketplace.catalog.models import (
    Category,
    LicenceKind,
    Product,
    ProductImage,
    ProductKind,
    ProductStatus,
    Shop,
    SiteSetting,
    Variant,
)
from marketplace.catalog.regions import is_valid_region

PIRT = re.compile(r"^\d{13}-\d{2}$")
BPOM_MD = re.compile(r"^MD \d{12}$")


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- the content, as data ---------------------------------------------------------------


def test_demo_shops_are_in_real_border_regencies():
    assert len(SHOPS) >= 12
    assert len({shop.code for shop in SHOPS}) == len(SHOPS)
    assert len({shop.owner_email for shop in SHOPS}) == len(SHOPS)
    for shop in SHOPS:
        assert is_valid_region(shop.province, shop.regency), shop.name
        assert re.fullmatch(r"\+62\d{9,12}", shop.whatsapp), shop.whatsapp
        assert 2 <= shop.story.count(". ") + 1 <= 5, shop.name
    assert len({shop.province for shop in SHOPS}) >= 4
    assert any(not shop.is_verified for shop in SHOPS)


def test_demo_products_fit_their_category_and_are_priced_in_whole_rupiah():
    leaves = {c.slug: c.kind for top in CATEGORIES for c in (top.children or (top,))}
    products = [p for shop in SHOPS for p in shop.products]
    assert len(CATEGORIES) >= 6
    assert len(products) >= 80
    assert len({p.name for p in products}) == len(products)
    for product in products:
        kind = leaves[product.category]  # a KeyError means a product in a parent category
        assert (product.textile is not None) == (kind == ProductKind.TEXTILE), product.name
        assert (product.food is not None) == (kind == ProductKind.FOOD), product.name
        assert product.variants and product.photos in (2, 3)
        names = [v.name for v in product.variants]
        assert names == [""] if len(names) == 1 else all(names), product.name
        assert len({v.code for v in product.variants}) == len(product.variants)
        for variant in product.variants:
            assert isinstance(variant.price_idr, int) and variant.price_idr > 0
            assert variant.price_idr % 500 == 0, product.name
            assert variant.packed_weight_g > variant.net_weight_g > 0, product.name
            assert all(isinstance(cm, int) and cm > 0 for cm in variant.packed_cm)
    out_of_stock = [p for p in products if not any(v.stock for v in p.variants)]
    assert 4 <= len(out_of_stock) <= 8
    statuses = Counter(p.status for p in products)
    assert statuses[ProductStatus.DRAFT] >= 1 and statuses[ProductStatus.ARCHIVED] >= 1
    assert sum(len(p.variants) > 1 for p in products) >= len(products) // 4
    used = {p.category for p in products}
    assert all(any(c.slug in used for c in top.children or (top,)) for top in CATEGORIES)


def test_demo_food_labels_carry_licence_numbers_in_the_written_form():
    for s, shop in enumerate(SHOPS):
        for p, product in enumerate(shop.products):
            facts = label_facts(shop, product, s, p)
            if product.food is None:
                assert facts is None
                continue
            if product.food.licence == LicenceKind.PIRT:
                assert PIRT.match(facts.licence_number), facts.licence_number
                assert f"P-IRT No. {facts.licence_number}" in facts.back_label
            elif product.food.licence == LicenceKind.BPOM_MD:
                assert BPOM_MD.match(facts.licence_number), facts.licence_number
            assert bool(facts.halal_certificate) == product.food.halal_certified


def test_demo_photos_are_drawn_the_same_for_the_same_seed():
    shop = SHOPS[0]
    textile, food = shop.products[0], SHOPS[2].products[0]
    first = draw_photos(textile, shop, "seed")
    assert [p.data for p in first] == [p.data for p in draw_photos(textile, shop, "seed")]
    assert len(first) == textile.photos
    assert [p.shows_packaging for p in first] == [False, True, False]
    assert all(p.alt_text and len(p.alt_text) <= 200 for p in first)
    other = draw_photos(food, SHOPS[2], "seed")
    assert first[0].data != other[0].data
    assert first[0].data != draw_photos(textile, shop, "another seed")[0].data


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def unlinked_categories(db):
    """After the test, detach subcategories from their parents: the shared clean-up deletes
    all categories in one statement, which SQLite refuses while a child still points at its
    parent (ON DELETE RESTRICT is checked row by row)."""
    yield
    db.session.rollback()
    db.session.execute(sa.update(Category).values(parent_id=None))
    db.session.commit()


def test_demo_data_fills_an_empty_database_once(app, db, runner, unlinked_categories):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded:" in result.output

    counts = {model: _count(db, model) for model in (User, Shop, Category, Product, Variant,
                                                      ProductImage, FeaturedEntry)}
    # Every shop has its owner's account, but those a centre runs for a producer without a
    # device; every centre has one staff account.
    from marketplace.dev.demo.centres import ASSISTED_SHOPS, CENTRES

    assert counts[Shop] >= 12
    assert counts[User] == counts[Shop] - len(ASSISTED_SHOPS) + len(CENTRES)
    assert counts[Product] >= 80
    top = db.session.scalars(sa.select(Category).where(Category.parent_id.is_(None))).all()
    assert len(top) >= 6
    assert db.session.get(SiteSetting, "demo_data") is not None
    assert all(user.is_demo and user.password_hash is None
               for user in db.session.scalars(sa.select(User)))
    assert all(shop.is_demo for shop in db.session.scalars(sa.select(Shop)))

    media = Path(app.config["MEDIA_DIR"])
    photos_by_product = Counter(db.session.scalars(sa.select(ProductImage.product_id)))
    for image in db.session.scalars(sa.select(ProductImage)):
        assert image.widths, image.id
        for width in image.widths:
            assert (media / images.variant_name(image.content_hash, width)).is_file()
    assert all(photos_by_product[pid] >= 2
               for pid in db.session.scalars(sa.select(Product.id)))
    assert db.session.scalar(sa.select(sa.func.count()).where(
        ProductImage.shows_packaging.is_(True))) >= counts[Product]

    active_prices: dict[int, list[int]] = {}
    for variant in db.session.scalars(sa.select(Variant).where(Variant.is_active.is_(True))):
        assert isinstance(variant.price_idr, int)
        active_prices.setdefault(variant.product_id, []).append(variant.price_idr)
    for product in db.session.scalars(sa.select(Product)):
        if product.status == ProductStatus.ACTIVE:
            assert product.price_from_idr == min(active_prices[product.id]), product.name

    featured = db.session.scalars(sa.select(FeaturedEntry).order_by(FeaturedEntry.position))
    featured = list(featured)
    assert [f.position for f in featured] == list(range(8))
    for entry in featured:
        product = db.session.get(Product, entry.product_id)
        assert product.status == ProductStatus.ACTIVE and product.in_stock

    # Reviews in both languages, with replies, and the summary kept on the products.
    from marketplace.catalog.review_models import Review

    texts = " ".join(db.session.scalars(sa.select(Review.text)))
    assert "dikemas rapi" in texts and "Arrived well packed" in texts
    assert db.session.scalar(sa.select(sa.func.count()).where(Review.reply_text != "")) > 0
    for product in db.session.scalars(sa.select(Product)):
        stars = list(db.session.scalars(sa.select(Review.stars).where(Review.product_id == product.id)))
        assert (product.review_count, product.rating_total) == (len(stars), sum(stars))
    assert db.session.scalar(sa.select(sa.func.count()).where(Product.units_sold > 0)) > 0

    again = runner.invoke(args=["demo-data"])
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    assert {model: _count(db, model) for model in counts} == counts


def _assert_nothing_loaded(db) -> None:
    for model in (Shop, Category, Product, ProductImage):
        assert _count(db, model) == 0
    assert db.session.get(SiteSetting, "demo_data") is None


def test_demo_data_refuses_a_database_with_other_data(app, db, runner):
    db.session.add(User(email="x@example.com", name="X"))
    db.session.commit()

    result = runner.invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "not demo data" in result.output
    _assert_nothing_loaded(db)

    lenient = runner.invoke(args=["demo-data", "--if-empty"])
    assert lenient.exit_code == 0, lenient.output
    assert "Demo data not loaded" in lenient.output
    _assert_nothing_loaded(db)
    assert _count(db, User) == 1


def test_a_failed_demo_load_leaves_nothing_behind(app, db, monkeypatch):
    def broken(data: bytes):
        raise images.InvalidImage("Disk full.")

    monkeypatch.setattr(images, "process_image", broken)
    with pytest.raises(images.InvalidImage):
        load_demo_data()
    _assert_nothing_loaded(db)
    assert _count(db, User) == 0


def test_load_demo_data_refuses_without_the_command(app, db):
    db.session.add(Category(slug="lain", name_id="Lain-lain", name_en="Other"))
    db.session.commit()
    with pytest.raises(DemoDataRefused, match="only fills an empty database"):
        load_demo_data()
