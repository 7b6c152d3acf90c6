"""Listing rules: create, edit, duplicate, and move a product through its states."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.catalog import inventory, search
from marketplace.catalog.models import (
    Category,
    Dye,
    FoodLabel,
    LicenceKind,
    PackagingType,
    Product,
    ProductImage,
    ProductKind,
    ProductStatus,
    Shop,
    StockReason,
    TextileDetails,
    Variant,
    Weaving,
)
from marketplace.catalog.services import (
    bump_catalogue_version,
    refresh_packaging_scores,
    refresh_product_summary,
    unique_slug,
)
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.timeutil import utcnow


# The listing form shows at most this many options (sizes, weights) per product.
MAX_VARIANTS = 20


class ListingError(DomainError):
    pass


class DuplicateSku(ListingError):
    def __init__(self, skus: list[str]):
        super().__init__(", ".join(skus))
        self.skus = skus


class IllegalTransition(ListingError):
    pass


class StockChangedMeanwhile(ListingError):
    """The stock typed over would go below zero after sales made while the form was open."""


class BlockedByAdmin(ListingError):
    pass


class NeedsPricedOption(ListingError):
    pass


class NeedsPhoto(ListingError):
    """A listing is for sale only with at least one photo (a draft may have none)."""


@dataclass
class VariantInput:
    price_idr: int
    id: int | None = None
    name: str = ""
    sku: str = ""
    stock: int | None = None
    stock_seen: int | None = None
    net_weight_g: int | None = None
    packed_weight_g: int | None = None
    packed_length_cm: int | None = None
    packed_width_cm: int | None = None
    packed_height_cm: int | None = None
    packaging_type: PackagingType | None = None
    packaging_description: str = ""
    remove: bool = False


@dataclass
class TextileInput:
    motif: str = ""
    motif_meaning: str = ""
    weaver: str = ""
    threads: str = ""
    dyes: Dye | None = None
    dye_notes: str = ""
    weaving: Weaving | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    weaving_days: int | None = None


@dataclass
class FoodInput:
    ingredients: str = ""
    producer_name: str = ""
    producer_address: str = ""
    licence_kind: LicenceKind = LicenceKind.NONE
    licence_number: str = ""
    is_halal: bool = False
    halal_certificate: str = ""
    shelf_life_days: int | None = None
    best_before: date | None = None
    storage: str = ""


@dataclass
class ListingInput:
    name: str
    category_id: int
    description: str = ""
    materials: str = ""
    low_stock_threshold: int = 3
    textile: TextileInput = field(default_factory=TextileInput)
    food: FoodInput = field(default_factory=FoodInput)
    variants: list[VariantInput] = field(default_factory=list)


# Which status a listing may move to from which: an illegal move is refused with a message.
TRANSITIONS: dict[ProductStatus, set[ProductStatus]] = {
    ProductStatus.DRAFT: {ProductStatus.ACTIVE, ProductStatus.ARCHIVED},
    ProductStatus.ACTIVE: {ProductStatus.DRAFT, ProductStatus.ARCHIVED},
    ProductStatus.ARCHIVED: {ProductStatus.DRAFT},
}

_VARIANT_FIELDS = ("name", "price_idr", "net_weight_g", "packed_weight_g", "packed_length_cm",
                   "packed_width_cm", "packed_height_cm", "packaging_type", "packaging_description")


def leaf_categories() -> list[Category]:
    """Categories a product can be put in: children, and top categories without children."""
    categories = list(db.session.scalars(sa.select(Category).order_by(Category.position, Category.id)))
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.id not in parents]


def _category(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.id not in {c.id for c in leaf_categories()}:
        raise ListingError("unknown category")
    return category


def _check_skus(shop: Shop, product: Product | None, variants: list[VariantInput]) -> None:
    wanted = [v.sku.strip().upper() for v in variants if not v.remove and v.sku.strip()]
    if not wanted:
        return
    stmt = (
        sa.select(Variant.sku)
        .join(Product)
        .where(Product.shop_id == shop.id, sa.func.upper(Variant.sku).in_(wanted))
    )
    if product is not None and product.id is not None:
        stmt = stmt.where(Variant.product_id != product.id)
    taken = sorted(set(db.session.scalars(stmt)))
    if taken:
        raise DuplicateSku(taken)


def apply_details(product: Product, data: ListingInput) -> None:
    category = _category(data.category_id)
    product.name = data.name.strip()
    product.category_id = category.id
    product.kind = category.default_kind
    product.description = (data.description or "").strip()
    product.materials = (data.materials or "").strip()
    product.low_stock_threshold = data.low_stock_threshold
    if product.kind == ProductKind.TEXTILE:
        product.textile = product.textile or TextileDetails()
        for key, value in vars(data.textile).items():
            setattr(product.textile, key, value)
        product.food_label = None
    elif product.kind == ProductKind.FOOD:
        product.food_label = product.food_label or FoodLabel()
        for key, value in vars(data.food).items():
            setattr(product.food_label, key, value)
        product.textile = None
    else:
        product.textile = None
        product.food_label = None


def _apply_variants(product: Product, variants: list[VariantInput], actor_id: int | None) -> None:
    existing = {v.id: v for v in product.variants}
    position = 0
    for data in variants:
        variant = existing.get(data.id) if data.id else None
        if data.remove:
            if variant is not None:
                # Kept for order history; it simply stops being offered.
                variant.is_active = False
            continue
        values = {name: getattr(data, name) for name in _VARIANT_FIELDS}
        if variant is None:
            variant = Variant(product=product, sku=data.sku.strip(), stock=data.stock or 0,
                              position=position, **values)
            db.session.add(variant)
            db.session.flush()
            if not variant.sku:
                variant.sku = f"SEN-{product.id}-{variant.id}"
            if variant.stock:
                inventory.record_initial_stock(variant, actor_id)
        else:
            for name, value in values.items():
                setattr(variant, name, value)
            variant.is_active = True
            variant.position = position
            if data.sku.strip():
                variant.sku = data.sku.strip()
            if data.stock is not None and data.stock_seen is not None and data.stock != data.stock_seen:
                db.session.flush()
                try:
                    inventory.set_stock_from_form(variant, data.stock, data.stock_seen, actor_id)
                except inventory.InsufficientStock:
                    raise StockChangedMeanwhile() from None
        position += 1


def add_draft(shop: Shop, data: ListingInput, actor_id: int | None) -> Product:
    """A new draft listing in the caller's transaction (no commit, summary not refreshed)."""
    _check_skus(shop, None, data.variants)
    product = Product(shop_id=shop.id, slug=unique_slug(Product, data.name), status=ProductStatus.DRAFT)
    apply_details(product, data)
    db.session.add(product)
    db.session.flush()
    _apply_variants(product, data.variants, actor_id)
    return product


def create_listing(shop: Shop, data: ListingInput, actor_id: int | None) -> Product:
    """A new listing starts as a draft; the seller publishes it when it is ready."""
    product = add_draft(shop, data, actor_id)
    db.session.flush()
    refresh_product_summary(product.id)
    refresh_packaging_scores(product.id)
    db.session.commit()
    return product


def update_listing(product: Product, data: ListingInput, actor_id: int | None) -> Product:
    _check_skus(product.shop, product, data.variants)
    apply_details(product, data)
    _apply_variants(product, data.variants, actor_id)
    db.session.flush()
    if product.status == ProductStatus.ACTIVE and not any(v.is_active for v in product.variants):
        raise ListingError("an active listing needs an option")
    refresh_product_summary(product.id)
    refresh_packaging_scores(product.id)
    db.session.commit()
    return product


def duplicate_listing(product: Product, actor_id: int | None) -> Product:
    """A draft copy with the same details, photos and packaging, and no stock."""
    copy = Product(shop_id=product.shop_id, category_id=product.category_id, kind=product.kind,
                   name=f"{product.name} (salinan)"[:160], description=product.description,
                   materials=product.materials, low_stock_threshold=product.low_stock_threshold,
                   slug=unique_slug(Product, product.name), status=ProductStatus.DRAFT)
    if product.textile:
        copy.textile = TextileDetails(**{k: getattr(product.textile, k) for k in vars(TextileInput())})
    if product.food_label:
        copy.food_label = FoodLabel(**{k: getattr(product.food_label, k) for k in vars(FoodInput())})
    db.session.add(copy)
    db.session.flush()
    for variant in product.variants:
        if not variant.is_active:
            continue
        clone = Variant(product=copy, sku=f"SEN-{copy.id}-{variant.position + 1}", stock=0,
                        position=variant.position,
                        **{name: getattr(variant, name) for name in _VARIANT_FIELDS})
        db.session.add(clone)
    for image in product.images:
        db.session.add(ProductImage(product=copy, position=image.position, alt_text=image.alt_text,
                                    content_hash=image.content_hash, width=image.width,
                                    height=image.height, variant_widths=image.variant_widths,
                                    shows_packaging=image.shows_packaging))
    db.session.flush()
    refresh_product_summary(copy.id)
    refresh_packaging_scores(copy.id)
    db.session.commit()
    return copy


def change_status(product: Product, target: ProductStatus) -> Product:
    if target not in TRANSITIONS[product.status]:
        raise IllegalTransition(f"{product.status} -> {target}")
    if target == ProductStatus.ACTIVE:
        if product.blocked_reason:
            raise BlockedByAdmin()
        if not any(v.is_active and v.price_idr > 0 for v in product.variants):
            raise NeedsPricedOption()
        if not product.images:
            raise NeedsPhoto()
        product.published_at = product.published_at or utcnow()
    product.status = target
    search.index_products([product.id])  # in or out of the search, after this commit
    bump_catalogue_version()
    db.session.commit()
    return product


def listings_of(shop: Shop, status: ProductStatus | None = None) -> list[Product]:
    from sqlalchemy.orm import selectinload

    stmt = (sa.select(Product).where(Product.shop_id == shop.id)
            .options(selectinload(Product.images), selectinload(Product.variants))
            .order_by(Product.updated_at.desc(), Product.id.desc()))
    if status is not None:
        stmt = stmt.where(Product.status == status)
    return list(db.session.scalars(stmt))


def lowest_packaging_scores(shop: Shop, below: int, limit: int = 5) -> list[Product]:
    """Listings (not archived) whose packaging score is under `below`, lowest first."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        sa.select(Product)
        .where(Product.shop_id == shop.id, Product.status != ProductStatus.ARCHIVED,
               Product.packaging_score < below)
        .options(selectinload(Product.variants), selectinload(Product.images),
                 selectinload(Product.textile), selectinload(Product.food_label))
        .order_by(Product.packaging_score, Product.id).limit(limit)))


def stock_reasons_for_sellers() -> list[StockReason]:
    return [StockReason.RESTOCK, StockReason.CORRECTION, StockReason.RETURN]


