"""The shapes the demo content is written in: plain frozen data, read by the loader."""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.catalog.models import (
    Dye,
    LicenceKind,
    PackagingType,
    ProductKind,
    ProductStatus,
    Weaving,
)

__all__ = [
    "CategorySpec", "Dye", "FoodSpec", "LicenceKind", "Look", "PackagingType", "ProductKind",
    "ProductSpec", "ProductStatus", "ShopSpec", "TextileSpec", "VariantSpec", "Weaving", "v",
]


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name_id: str
    name_en: str
    kind: ProductKind
    children: tuple[CategorySpec, ...] = ()


@dataclass(frozen=True)
class VariantSpec:
    name: str  # "" when the product comes in one form only
    code: str  # appended to the product's SKU; "" for a single variant
    price_idr: int
    stock: int
    net_weight_g: int
    packed_weight_g: int
    packed_cm: tuple[int, int, int]  # length, width, height of the parcel


def v(name: str, code: str, price_idr: int, stock: int, net_g: int, packed_g: int,
      packed_cm: tuple[int, int, int]) -> VariantSpec:
    """Positional shorthand, so a variant reads as one line of the content tables."""
    return VariantSpec(name, code, price_idr, stock, net_g, packed_g, packed_cm)


@dataclass(frozen=True)
class TextileSpec:
    motif: str
    motif_meaning: str
    weaver: str
    threads: str
    dyes: Dye
    dye_notes: str
    length_cm: int
    width_cm: int
    weaving_days: int
    weaving: Weaving = Weaving.HAND


@dataclass(frozen=True)
class FoodSpec:
    """The label of a packaged food. Licence numbers are made up by the loader, fictional but
    shaped like real ones, so nobody mistakes a demo label for a real producer's."""

    ingredients: str
    licence: LicenceKind
    shelf_life_days: int
    storage: str
    is_halal: bool = True
    halal_certified: bool = False  # a certificate number (SEHATI self-declaration or audit)


@dataclass(frozen=True)
class Look:
    """What the demo photos draw: a subject (an ikat cloth, honey, a rattan basket...),
    and for cloths and crafts a motif and a palette."""

    subject: str
    motif: str = ""
    palette: str = ""


@dataclass(frozen=True)
class ProductSpec:
    name: str
    category: str  # slug of a child category, or of a top category without children
    description: str
    materials: str
    look: Look
    packaging: PackagingType
    packaging_description: str
    variants: tuple[VariantSpec, ...]
    textile: TextileSpec | None = None
    food: FoodSpec | None = None
    status: ProductStatus = ProductStatus.ACTIVE
    photos: int = 2


@dataclass(frozen=True)
class ShopSpec:
    code: str  # SKU prefix
    name: str
    province: str
    regency: str
    address: str  # where the goods are made: the producer address on food labels
    licence_area: str  # four digits standing for the regency in the fictional licence numbers
    story: str
    owner_name: str
    owner_email: str  # local part, the domain is demo.sentra.id
    whatsapp: str  # E.164
    products: tuple[ProductSpec, ...]
    cooperative: str | None = None
    is_verified: bool = True
