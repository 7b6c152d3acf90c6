"""Demo data: a believable store of border-UMKM shops and products, for `flask demo-data`.

Loads only into an empty database, in one transaction, and leaves a `demo_data` site setting
behind so a second run knows there is nothing to do. The photos are drawn with Pillow (see
`pictures`) and stored through the same `process_image` as a seller's uploads; they are
content-addressed files written before the commit, so a rolled-back load leaves at most some
unreferenced image files, which a later load reuses.
"""
from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from slugify import slugify

from marketplace.accounts.models import User
from marketplace.catalog import photo_pipeline as images
from marketplace.catalog.display_models import FeaturedEntry
from marketplace.dev.demo.content import CATEGORIES, SHOPS
from marketplace.dev.demo.labels import LabelFacts, label_facts
from marketplace.dev.demo.pictures import Photo, draw_photos
from marketplace.dev.demo.specs import ProductSpec, ShopSpec
from marketplace.catalog.models import (
    Category,
    FoodLabel,
    Product,
    ProductImage,
    ProductStatus,
    Shop,
    SiteSetting,
    TextileDetails,
    Variant,
)
from marketplace.dev.demo.centres import ASSISTED_SHOPS, add_centres
from marketplace.dev.demo import logins as demo_logins
from marketplace.dev.demo import reviews as demo_reviews
from marketplace.catalog.versions import CURATION_VERSION_KEY
from marketplace.catalog.services import (
    increment_setting,
    refresh_packaging_scores,
    refresh_product_summary,
)
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.timeutil import utcnow

__all__ = ["DEMO_VERSION", "DemoDataRefused", "DemoResult", "NoDemoData", "ensure_demo_logins",
           "load_demo_data"]

DEMO_VERSION = "2026.11.1"
MARKER_KEY = "demo_data"
EMAIL_DOMAIN = "demo.sentra.id"
SEED = 20261123
FEATURED_COUNT = 8

PhotoJob = Future[list[tuple[Photo, images.StoredImage]]]


class DemoDataRefused(DomainError):
    """The database holds data that did not come from the demo loader."""


class NoDemoData(DomainError):
    """The database holds no demo data (demo logins are only made in a demo store)."""


SHOPS_BY_NAME = {shop.name: shop for shop in SHOPS}


@dataclass(frozen=True)
class DemoResult:
    already_loaded: bool
    version: str
    sellers: int = 0
    centres: int = 0
    products: int = 0
    categories: int = 0
    subcategories: int = 0
    photos: int = 0
    reviews: int = 0
    seconds: float = 0.0
    logins: tuple[demo_logins.DemoLogin, ...] = ()

    def summary(self) -> str:
        if self.already_loaded:
            return f"Demo data already loaded (version {self.version}); nothing to do."
        return (
            f"Demo data loaded: {self.sellers} sellers, {self.centres} centres, {self.products} products, "
            f"{self.categories} categories ({self.subcategories} subcategories), "
            f"{self.photos} photos, {self.reviews} reviews in {self.seconds:.1f} s."
        )


def load_demo_data(progress: Callable[[str], None] | None = None, *,
                   logins: bool = False) -> DemoResult:
    """Fill an empty database with the demo store; do nothing if it was filled before.

    `logins` (development only: the DEMO_LOGINS setting) also makes the demo logins, with the
    known demo password (`demo.logins`)."""
    say = progress or (lambda _text: None)
    marker = db.session.get(SiteSetting, MARKER_KEY)
    if marker is not None:
        return DemoResult(already_loaded=True, version=marker.value)
    _refuse_unless_empty()
    started = time.perf_counter()
    try:
        # Claimed first: a second loader started at the same moment blocks or fails on this row.
        db.session.add(SiteSetting(key=MARKER_KEY, value=DEMO_VERSION))
        db.session.flush()
        counts = _load(say, logins)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return DemoResult(already_loaded=False, version=DEMO_VERSION,
                      seconds=time.perf_counter() - started, **counts)


def _refuse_unless_empty() -> None:
    for model in (User, Shop, Category, Product):
        if db.session.scalar(sa.select(model.id).limit(1)) is not None:
            raise DemoDataRefused(
                "The database already holds data that is not demo data; demo-data only fills "
                "an empty database."
            )


def ensure_demo_logins() -> list[demo_logins.DemoLogin]:
    """Give a demo database its demo logins (those it lacks) and list them: for `flask
    demo-logins`, which only runs them in development. Raises NoDemoData elsewhere."""
    if db.session.get(SiteSetting, MARKER_KEY) is None:
        raise NoDemoData("no demo data")
    made = demo_logins.ensure_demo_logins(SHOPS_BY_NAME, EMAIL_DOMAIN, utcnow())
    db.session.commit()
    return made


def _load(say: Callable[[str], None], logins: bool) -> dict:
    rng = random.Random(SEED)
    now = utcnow()
    categories = _add_categories()
    facts = {
        (s, p): label_facts(shop, product, s, p)
        for s, shop in enumerate(SHOPS) for p, product in enumerate(shop.products)
    }
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # Drawing and WebP encoding release the GIL for most of their time: photos for later
    # products are made while earlier ones are written to the database.
    pool = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)),
                              thread_name_prefix="demo-photos")
    try:
        jobs: dict[tuple[int, int], PhotoJob] = {
            (s, p): pool.submit(_make_photos, app, shop, product, facts[s, p])
            for s, shop in enumerate(SHOPS) for p, product in enumerate(shop.products)
        }
        say(f"Loading demo data {DEMO_VERSION}: {len(SHOPS)} shops, {len(jobs)} products.")
        products: list[tuple[Product, ProductSpec]] = []
        slugs: set[str] = set()
        photo_count = 0
        shops: dict[str, Shop] = {}
        for s, shop_spec in enumerate(SHOPS):
            shop = _add_shop(shop_spec, now, rng, slugs)
            shops[shop_spec.name] = shop
            shop_photos = 0
            for p, spec in enumerate(shop_spec.products):
                product = _add_product(shop, shop_spec, spec, p, categories, facts[s, p], now,
                                       rng, slugs)
                for position, (photo, stored) in enumerate(jobs[s, p].result()):
                    product.images.append(ProductImage(
                        position=position, alt_text=photo.alt_text,
                        content_hash=stored.content_hash, width=stored.width,
                        height=stored.height, variant_widths=stored.variant_widths,
                        shows_packaging=photo.shows_packaging,
                    ))
                    shop_photos += 1
                products.append((product, spec))
            db.session.flush()
            photo_count += shop_photos
            say(f"  {shop_spec.name} ({shop_spec.regency}, {shop_spec.province}): "
                f"{len(shop_spec.products)} products, {shop_photos} photos")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    refresh_product_summary([product.id for product, _ in products])
    refresh_packaging_scores([product.id for product, _ in products])
    _add_featured(products)
    review_count = demo_reviews.add_reviews([product for product, _ in products], rng, now)
    centre_count = add_centres(shops, EMAIL_DOMAIN, now)
    made = demo_logins.ensure_demo_logins(SHOPS_BY_NAME, EMAIL_DOMAIN, now) if logins else []
    return {
        "logins": tuple(made),
        "sellers": len(SHOPS),
        "centres": centre_count,
        "products": len(products),
        "categories": len(CATEGORIES),
        "subcategories": sum(len(c.children) for c in CATEGORIES),
        "photos": photo_count,
        "reviews": review_count,
    }


def _make_photos(app: Flask, shop: ShopSpec, product: ProductSpec,
                 facts: LabelFacts | None) -> list[tuple[Photo, images.StoredImage]]:
    photos = draw_photos(product, shop, str(SEED), facts.back_label if facts else None)
    with app.app_context():
        return [(photo, images.process_image(photo.data)) for photo in photos]


def _add_categories() -> dict[str, Category]:
    by_slug: dict[str, Category] = {}
    for position, spec in enumerate(CATEGORIES):
        parent = Category(slug=spec.slug, name_id=spec.name_id, name_en=spec.name_en,
                          position=position, default_kind=spec.kind)
        db.session.add(parent)
        by_slug[spec.slug] = parent
        for child_position, child in enumerate(spec.children):
            by_slug[child.slug] = Category(
                slug=child.slug, name_id=child.name_id, name_en=child.name_en,
                position=child_position, default_kind=child.kind, parent=parent,
            )
            db.session.add(by_slug[child.slug])
    db.session.flush()
    return by_slug


def _slug(text: str, taken: set[str]) -> str:
    """Unique within this load; the database held no shops or products before it."""
    base = slugify(text, max_length=120) or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _add_shop(spec: ShopSpec, now: datetime, rng: random.Random, slugs: set[str]) -> Shop:
    opened = now - timedelta(days=rng.uniform(70, 120))
    # A shop a centre runs for a weaver without a device has no owner account (yet).
    owner = None if spec.name in ASSISTED_SHOPS else User(
        email=f"{spec.owner_email}@{EMAIL_DOMAIN}", name=spec.owner_name, password_hash=None,
        is_demo=True, created_at=opened - timedelta(hours=2),
        email_verified_at=opened - timedelta(hours=2))
    # A first bank account is no change: bank_details_changed_at stays empty (no payout hold).
    bank, holder, number = demo_logins.bank_account_for(spec)
    shop = Shop(
        owner=owner, name=spec.name, slug=_slug(spec.name, slugs), story=spec.story,
        province=spec.province, regency=spec.regency, cooperative=spec.cooperative,
        # The demo sellers chose to take buyers' chats: the store shows "Chat via WhatsApp".
        whatsapp=spec.whatsapp, show_whatsapp=True, is_verified=spec.is_verified, is_demo=True,
        bank_name=bank, bank_account_holder=holder, bank_account_number=number,
        created_at=opened, updated_at=opened,
    )
    db.session.add(shop)
    return shop


def _add_product(shop: Shop, shop_spec: ShopSpec, spec: ProductSpec, index: int,
                 categories: dict[str, Category], facts: LabelFacts | None, now: datetime,
                 rng: random.Random, slugs: set[str]) -> Product:
    category = categories[spec.category]
    created = now - timedelta(days=rng.uniform(1, 60), minutes=rng.randrange(0, 600))
    published = None
    if spec.status != ProductStatus.DRAFT:
        published = min(now, created + timedelta(hours=rng.uniform(1, 30)))
    product = Product(
        shop=shop, category=category, name=spec.name, slug=_slug(spec.name, slugs),
        description=spec.description, materials=spec.materials, kind=category.default_kind,
        status=spec.status, created_at=created, updated_at=published or created,
        published_at=published,
    )
    sku = f"{shop_spec.code}-{index + 1:03d}"
    for position, variant in enumerate(spec.variants):
        length, width, height = variant.packed_cm
        product.variants.append(Variant(
            sku=f"{sku}-{variant.code}" if variant.code else sku, name=variant.name,
            position=position, price_idr=variant.price_idr, stock=variant.stock,
            net_weight_g=variant.net_weight_g, packed_weight_g=variant.packed_weight_g,
            packed_length_cm=length, packed_width_cm=width, packed_height_cm=height,
            packaging_type=spec.packaging, packaging_description=spec.packaging_description,
        ))
    if spec.textile is not None:
        t = spec.textile
        product.textile = TextileDetails(
            motif=t.motif, motif_meaning=t.motif_meaning, weaver=t.weaver, threads=t.threads,
            dyes=t.dyes, dye_notes=t.dye_notes, weaving=t.weaving, length_cm=t.length_cm,
            width_cm=t.width_cm, weaving_days=t.weaving_days,
        )
    if spec.food is not None and facts is not None:
        f = spec.food
        product.food_label = FoodLabel(
            ingredients=f.ingredients, producer_name=shop_spec.cooperative or shop_spec.name,
            producer_address=shop_spec.address, licence_kind=f.licence,
            licence_number=facts.licence_number, is_halal=f.is_halal,
            halal_certificate=facts.halal_certificate, shelf_life_days=f.shelf_life_days,
            best_before=(created + timedelta(days=f.shelf_life_days)).date(), storage=f.storage,
        )
    db.session.add(product)
    return product


def _add_featured(products: list[tuple[Product, ProductSpec]]) -> None:
    """One product per shop, taken in turn from each province, so the home page opens on
    the whole border rather than on one regency."""
    by_province: dict[str, list[Product]] = {}
    seen_shops: set[int] = set()
    for product, spec in sorted(products, key=lambda item: -item[1].photos):
        sellable = spec.status == ProductStatus.ACTIVE and any(v.stock for v in spec.variants)
        if sellable and product.shop_id not in seen_shops:
            seen_shops.add(product.shop_id)
            by_province.setdefault(product.shop.province, []).append(product)
    chosen: list[Product] = []
    while len(chosen) < FEATURED_COUNT and any(by_province.values()):
        for queue in by_province.values():
            if queue and len(chosen) < FEATURED_COUNT:
                chosen.append(queue.pop(0))
    for position, product in enumerate(chosen):
        db.session.add(FeaturedEntry(product=product, section="home", position=position))
    # As admin.curation does for every change: the home page may then cache the curation.
    increment_setting(db.session, CURATION_VERSION_KEY)
