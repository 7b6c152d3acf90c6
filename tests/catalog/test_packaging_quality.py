"""The packaging score: every checklist item of every kind, without a database."""
from __future__ import annotations

from datetime import date

import pytest

import marketplace.accounts.models  # noqa: F401  (every mapped class, for relationships by name)
import marketplace.admin.models  # noqa: F401
import marketplace.centres.models  # noqa: F401
import marketplace.orders.models  # noqa: F401
import marketplace.payments.models  # noqa: F401
import marketplace.sellers.models  # noqa: F401
from marketplace.catalog.models import (
    Dye,
    FoodLabel,
    LicenceKind,
    PackagingType,
    Product,
    ProductImage,
    ProductKind,
    TextileDetails,
    Variant,
)
from marketplace.catalog.packaging_quality import assess, checklist

GENERAL = ["packaging_photo", "packed_weight", "dimensions", "packaging_type", "packaging_description"]
FOOD = ["ingredients", "net_weight", "producer", "licence", "halal", "expiry"]
TENUN = ["motif", "motif_meaning", "weaver", "threads_dyes", "size"]


def complete(kind: ProductKind) -> Product:
    product = Product(kind=kind, name="Produk")
    product.variants = [Variant(price_idr=100_000, is_active=True, net_weight_g=250,
                                packed_weight_g=400, packed_length_cm=30, packed_width_cm=20,
                                packed_height_cm=5, packaging_type=PackagingType.BOX,
                                packaging_description="Kotak karton daur ulang")]
    product.images = [ProductImage(shows_packaging=True, content_hash="x", width=1, height=1,
                                   variant_widths="320")]
    if kind == ProductKind.TEXTILE:
        product.textile = TextileDetails(motif="Buaya", motif_meaning="Leluhur", weaver="Mama Yuliana",
                                         threads="Kapas pintal tangan", dyes=Dye.NATURAL,
                                         length_cm=180, width_cm=60)
    if kind == ProductKind.FOOD:
        product.food_label = FoodLabel(ingredients="Madu hutan 100%", producer_name="KUB Madu",
                                       producer_address="Putussibau", licence_kind=LicenceKind.PIRT,
                                       licence_number="1234567890123-45", is_halal=True,
                                       halal_certificate="ID61110000123450123", shelf_life_days=365)
    return product


@pytest.mark.parametrize("kind", list(ProductKind))
def test_a_complete_listing_scores_100_with_nothing_missing(kind):
    assessment = assess(complete(kind))
    assert assessment.score == 100 and assessment.missing == []


def test_the_checklist_fits_the_kind():
    assert [s.key for s, _ in checklist(ProductKind.CRAFT)] == GENERAL
    assert [s.key for s, _ in checklist(ProductKind.PRODUCE)] == GENERAL
    assert [s.key for s, _ in checklist(ProductKind.FOOD)] == GENERAL + FOOD
    assert [s.key for s, _ in checklist(ProductKind.TEXTILE)] == GENERAL + TENUN


def _without(kind, change):
    product = complete(kind)
    change(product)
    return assess(product)


def _variant(name, value):
    return lambda p: setattr(p.variants[0], name, value)


def _food(name, value):
    return lambda p: setattr(p.food_label, name, value)


def _textile(name, value):
    return lambda p: setattr(p.textile, name, value)


GENERAL_CASES = {
    "packaging_photo": lambda p: setattr(p.images[0], "shows_packaging", False),
    "packed_weight": _variant("packed_weight_g", None),
    "dimensions": _variant("packed_height_cm", None),
    "packaging_type": _variant("packaging_type", None),
    "packaging_description": _variant("packaging_description", "  "),
}
FOOD_CASES = {
    "ingredients": _food("ingredients", ""),
    "net_weight": _variant("net_weight_g", None),
    "producer": _food("producer_address", ""),
    "licence": _food("licence_number", "12345"),
    "halal": _food("is_halal", False),
    "expiry": _food("shelf_life_days", None),
}
TENUN_CASES = {
    "motif": _textile("motif", ""),
    "motif_meaning": _textile("motif_meaning", ""),
    "weaver": _textile("weaver", ""),
    "threads_dyes": _textile("dyes", None),
    "size": _textile("width_cm", None),
}


@pytest.mark.parametrize("kind", [ProductKind.CRAFT, ProductKind.FOOD, ProductKind.TEXTILE])
@pytest.mark.parametrize("key", list(GENERAL_CASES))
def test_each_general_item_is_required_of_every_kind(kind, key):
    assessment = _without(kind, GENERAL_CASES[key])
    assert assessment.missing_keys == [key]
    assert assessment.score < 100


@pytest.mark.parametrize("key", list(FOOD_CASES))
def test_each_food_label_item(key):
    assessment = _without(ProductKind.FOOD, FOOD_CASES[key])
    assert assessment.missing_keys == [key]


@pytest.mark.parametrize("key", list(TENUN_CASES))
def test_each_tenun_item(key):
    assessment = _without(ProductKind.TEXTILE, TENUN_CASES[key])
    assert assessment.missing_keys == [key]


def test_a_photo_of_the_packaging_weighs_more_than_a_description():
    photo = _without(ProductKind.CRAFT, GENERAL_CASES["packaging_photo"]).score
    description = _without(ProductKind.CRAFT, GENERAL_CASES["packaging_description"]).score
    assert photo < description < 100


def test_nothing_filled_in_scores_zero_and_lists_every_step():
    product = Product(kind=ProductKind.FOOD, name="Madu")
    product.variants = [Variant(price_idr=50_000, is_active=True)]
    assessment = assess(product)
    assert assessment.score == 0
    assert assessment.missing_keys == GENERAL + FOOD


def test_one_option_without_packaging_data_is_a_missing_step():
    product = complete(ProductKind.CRAFT)
    product.variants.append(Variant(price_idr=90_000, is_active=True))
    assert "packed_weight" in assess(product).missing_keys
    product.variants[1].is_active = False  # an option no longer offered does not count
    assert assess(product).score == 100


@pytest.mark.parametrize("kind, number, ok", [
    (LicenceKind.PIRT, "P-IRT No. 1234567890123-45", True),
    (LicenceKind.PIRT, "123456789012345", True),
    (LicenceKind.PIRT, "1234567890123", False),
    (LicenceKind.BPOM_MD, "MD 123456789012", True),
    (LicenceKind.BPOM_MD, "MD 1234", False),
    (LicenceKind.NONE, "", False),
])
def test_the_licence_number_must_be_in_a_valid_format(kind, number, ok):
    assessment = _without(ProductKind.FOOD, lambda p: (setattr(p.food_label, "licence_kind", kind),
                                                       setattr(p.food_label, "licence_number", number)))
    assert ("licence" not in assessment.missing_keys) is ok


def test_the_steps_are_worded_in_plain_indonesian(app):
    from flask_babel import force_locale

    product = complete(ProductKind.FOOD)
    product.images[0].shows_packaging = False
    product.food_label.licence_number = "123"
    product.food_label.best_before = None
    product.food_label.shelf_life_days = None
    with app.test_request_context(), force_locale("id"):
        steps = [str(todo) for _, todo in assess(product).missing]
    assert steps[0] == "Tambahkan foto kemasan"
    assert steps[1].startswith("Nomor P-IRT belum lengkap")
    assert "masa simpan" in steps[2]


def test_a_best_before_date_counts_as_expiry():
    product = complete(ProductKind.FOOD)
    product.food_label.shelf_life_days = None
    product.food_label.best_before = date(2027, 6, 1)
    assert assess(product).score == 100


def test_rescore_command_fills_the_scores_of_existing_products(app, db, runner):
    import sqlalchemy as sa

    from tests.factories import make_product

    product = make_product(kind=None)
    db.session.execute(sa.update(Product).values(packaging_score=0))
    db.session.commit()
    result = runner.invoke(args=["catalog", "rescore-packaging"])
    assert result.exit_code == 0 and "Scored 1 product(s)." in result.output
    db.session.expire_all()
    assert db.session.get(Product, product.id).packaging_score > 0
