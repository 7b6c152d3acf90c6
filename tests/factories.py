"""Test data builders: small, explicit, committed rows."""
from __future__ import annotations

import io
import itertools

from PIL import Image

from marketplace.accounts.models import User, UserRole
from werkzeug.security import generate_password_hash
from marketplace.catalog.photo_pipeline import process_image
from marketplace.catalog.display_models import FeaturedEntry
from marketplace.catalog.models import (
    Category,
    FoodLabel,
    LicenceKind,
    PackagingType,
    Product,
    ProductImage,
    ProductKind,
    ProductStatus,
    Shop,
    TextileDetails,
    Variant,
)
from marketplace.catalog.services import refresh_packaging_scores, refresh_product_summary
from marketplace.extensions import db
from marketplace.privacy.consent import record_consent
from marketplace.timeutil import utcnow

_seq = itertools.count(1)


PASSWORD = "kain-tenun-ikat-2026"
_FAST_HASHES: dict[str, str] = {}


def _fast_hash(password: str) -> str:
    # Test users only: a cheap hash keeps log-ins fast; the app's own hashing (scrypt) is
    # what registration and password changes use, and is tested there.
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_user(email: str | None = None, name: str = "Pembeli", password: str = PASSWORD,
              roles=(), verified: bool = True, consented: bool = True) -> User:
    """An account as it is after registration, its e-mail proven and the current privacy notice
    and terms accepted (`verified=False`, `consented=False` for one that has not)."""
    user = User(email=email or f"user{next(_seq)}@example.id", name=name,
                password_hash=_FAST_HASHES.setdefault(password, _fast_hash(password)),
                email_verified_at=utcnow() if verified else None)
    if consented:
        db.session.add(user)
        db.session.flush()
        record_consent(user)
    for role in roles:
        user.roles.append(UserRole(role=role))
    db.session.add(user)
    db.session.commit()
    return user


def registered(user: User) -> User:
    """`user` (added to the session) as registration leaves an account once its e-mail is
    confirmed: verified, the current privacy notice and terms accepted. Not committed."""
    user.email_verified_at = utcnow()
    db.session.add(user)
    db.session.flush()
    record_consent(user)
    return user


def make_category(name_id: str = "Tenun Ikat", name_en: str = "Ikat weaving", parent=None,
                  kind: ProductKind = ProductKind.TEXTILE) -> Category:
    n = next(_seq)
    category = Category(slug=f"kategori-{n}", name_id=name_id, name_en=name_en, parent=parent,
                        position=n, default_kind=kind)
    db.session.add(category)
    db.session.commit()
    return category


def make_shop(name: str | None = None, province: str = "Nusa Tenggara Timur",
              regency: str = "Kupang", verified: bool = True, owner: User | None = None) -> Shop:
    n = next(_seq)
    shop = Shop(name=name or f"Tenun Ina {n}", slug=f"toko-{n}", story="Kelompok tenun ikat.",
                province=province, regency=regency, is_verified=verified, owner=owner)
    db.session.add(shop)
    db.session.commit()
    return shop


def photo_bytes(color=(180, 40, 40), size=(800, 600), fmt="JPEG", **save_args) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save_args)
    return out.getvalue()


def make_product(shop: Shop | None = None, category: Category | None = None, *,
                 name: str | None = None, prices=(150_000,), stocks=None,
                 status: ProductStatus = ProductStatus.ACTIVE, photos: int = 0,
                 kind: ProductKind | None = None, featured: bool = False) -> Product:
    shop = shop or make_shop()
    category = category or make_category()
    kind = kind or category.default_kind
    n = next(_seq)
    product = Product(shop=shop, category=category, name=name or f"Selendang Tenun {n}",
                      slug=f"produk-{n}", description="Ditenun tangan.", kind=kind, status=status,
                      materials="benang kapas")
    stocks = stocks if stocks is not None else [5] * len(prices)
    for i, (price, stock) in enumerate(zip(prices, stocks, strict=True)):
        product.variants.append(Variant(
            sku=f"SKU-{n}-{i}", name=f"Ukuran {i + 1}" if len(prices) > 1 else "", position=i,
            price_idr=price, stock=stock, net_weight_g=250, packed_weight_g=400,
            packed_length_cm=30, packed_width_cm=20, packed_height_cm=5,
            packaging_type=PackagingType.BOX, packaging_description="Kotak karton daur ulang"))
    if kind == ProductKind.TEXTILE:
        product.textile = TextileDetails(motif="Buna", motif_meaning="Persaudaraan",
                                         weaver="Mama Yuliana", threads="Kapas pintal tangan",
                                         length_cm=180, width_cm=60)
    elif kind == ProductKind.FOOD:
        product.food_label = FoodLabel(ingredients="Madu hutan 100%", producer_name="KUB Madu",
                                       producer_address="Putussibau, Kapuas Hulu",
                                       licence_kind=LicenceKind.PIRT,
                                       licence_number="1234567890123-45", is_halal=True,
                                       shelf_life_days=365)
    for i in range(photos):
        stored = process_image(photo_bytes(color=(40 * i % 255, 90, 120)))
        product.images.append(ProductImage(position=i, alt_text=f"{product.name} foto {i + 1}",
                                           content_hash=stored.content_hash, width=stored.width,
                                           height=stored.height,
                                           variant_widths=stored.variant_widths))
    db.session.add(product)
    if featured:
        db.session.add(FeaturedEntry(product=product, section="home", position=n))
    db.session.flush()
    refresh_product_summary(product.id)
    refresh_packaging_scores(product.id)
    db.session.commit()
    return product
