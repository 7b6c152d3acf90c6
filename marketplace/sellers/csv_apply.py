"""Applying a checked listings CSV: the whole file in one transaction, or nothing."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.catalog import inventory
from marketplace.catalog.models import Product, StockReason, Variant
from marketplace.catalog.services import refresh_packaging_scores, refresh_product_summary
from marketplace.extensions import db
from marketplace.sellers import listings
from marketplace.sellers.csv_check import read_import
from marketplace.sellers.csv_io import (
    CHANGED_MEANWHILE,
    IMPORT_NOTE,
    ImportPlan,
    ImportRejected,
    ImportResult,
    ImportRow,
    NewProduct,
    file_error,
)


_VARIANT_FIELDS = ("price_idr", "net_weight_g", "packed_weight_g", "packed_length_cm",
                   "packed_width_cm", "packed_height_cm", "packaging_type",
                   "packaging_description")


def _details_of(product: Product) -> listings.ListingInput:
    """The product's details as they are, for the listing service to apply with a new name or
    category (which also sets the kind and its attributes as the edit form would)."""
    textile = listings.TextileInput(**{
        name: getattr(product.textile, name) for name in vars(listings.TextileInput())
    }) if product.textile else listings.TextileInput()
    food = listings.FoodInput(**{
        name: getattr(product.food_label, name) for name in vars(listings.FoodInput())
    }) if product.food_label else listings.FoodInput()
    return listings.ListingInput(name=product.name, category_id=product.category_id,
                                 description=product.description, materials=product.materials,
                                 low_stock_threshold=product.low_stock_threshold,
                                 textile=textile, food=food)


def _update_option(row: ImportRow, actor_id: int | None) -> bool:
    """Apply one row to the option it names; True when anything changed."""
    variant = row.variant
    assert variant is not None
    changed = False
    wanted = {"name": row.option_name, **{name: getattr(row, name) for name in _VARIANT_FIELDS}}
    for name, value in wanted.items():
        if getattr(variant, name) != value:
            setattr(variant, name, value)
            changed = True
    if row.stock is not None and row.stock != variant.stock:
        # The file's figure replaces the one counted now, through the stock history.
        inventory.adjust_stock(variant, row.stock - variant.stock, StockReason.CORRECTION,
                               actor_id=actor_id, note=IMPORT_NOTE)
        changed = True
    product = variant.product
    new_name = row.product_name or product.name
    new_category = row.category.id if row.category else product.category_id
    if new_name != product.name or new_category != product.category_id:
        details = _details_of(product)
        details.name, details.category_id = new_name, new_category
        listings.apply_details(product, details)
        changed = True
    return changed


def _variant_input(row: ImportRow) -> listings.VariantInput:
    return listings.VariantInput(
        price_idr=row.price_idr, name=row.option_name, sku=row.sku, stock=row.stock or 0,
        net_weight_g=row.net_weight_g, packed_weight_g=row.packed_weight_g,
        packed_length_cm=row.packed_length_cm, packed_width_cm=row.packed_width_cm,
        packed_height_cm=row.packed_height_cm, packaging_type=row.packaging_type,
        packaging_description=row.packaging_description,
    )


def _add_draft(shop, new: NewProduct, actor_id: int | None) -> Product:
    """A new draft in the import's one transaction."""
    data = listings.ListingInput(name=new.name, category_id=new.category.id,
                                 variants=[_variant_input(row) for row in new.rows])
    return listings.add_draft(shop, data, actor_id)


def apply_import(shop, plan: ImportPlan, actor_id: int | None) -> ImportResult:
    """Apply a checked file in one transaction: all of it, or (on any failure) none of it."""
    try:
        ids = sorted(row.variant.id for row in plan.updates if row.variant is not None)
        if ids:
            # Lock the options (in id order, as every stock change does) and read their stock
            # afresh: the figure a correction starts from must be the one in the database.
            db.session.scalars(
                sa.select(Variant).where(Variant.id.in_(ids)).order_by(Variant.id)
                .with_for_update().execution_options(populate_existing=True)
            ).all()
        changed = [row for row in plan.updates if _update_option(row, actor_id)]
        created = [_add_draft(shop, new, actor_id) for new in plan.new_products]
        db.session.flush()
        # Only what changed: the summary's UPDATE also moves the product's updated_at.
        touched = {row.variant.product_id for row in changed if row.variant is not None}
        refresh_product_summary(sorted(touched | {product.id for product in created}))
        refresh_packaging_scores(sorted(touched | {product.id for product in created}))
        db.session.commit()
    except (listings.ListingError, inventory.InsufficientStock):
        db.session.rollback()
        raise file_error(CHANGED_MEANWHILE) from None
    except BaseException:
        db.session.rollback()
        raise
    return ImportResult(updated=len(changed), created=len(created))


def import_listings(shop, data: bytes, actor_id: int | None) -> ImportResult:
    """Check the file, then apply it; raises ImportRejected (nothing changed) when it is wrong."""
    return apply_import(shop, read_import(shop, data), actor_id)
