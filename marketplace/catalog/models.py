"""What is for sale and who sells it."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class ShopStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class ProductKind(enum.StrEnum):
    """Decides which structured attributes a product carries."""

    TEXTILE = "textile"  # tenun ikat, songket: motif, weaver, threads, dyes, size
    FOOD = "food"  # packaged food and drink: the label data the law asks for
    CRAFT = "craft"
    PRODUCE = "produce"  # fresh or lightly processed farm and livestock products


class Dye(enum.StrEnum):
    NATURAL = "natural"
    SYNTHETIC = "synthetic"
    MIXED = "mixed"


class Weaving(enum.StrEnum):
    HAND = "hand"
    MACHINE = "machine"


class LicenceKind(enum.StrEnum):
    PIRT = "pirt"  # home-industry food licence (15 digits)
    BPOM_MD = "bpom_md"  # national food agency registration
    NONE = "none"


class PackagingType(enum.StrEnum):
    BOX = "box"
    POUCH = "pouch"
    JAR = "jar"
    BOTTLE = "bottle"
    TUBE = "tube"
    WOVEN_BASKET = "woven_basket"
    PAPER_WRAP = "paper_wrap"
    CLOTH_BAG = "cloth_bag"
    PLASTIC_BAG = "plastic_bag"
    SACK = "sack"
    TIN = "tin"


class CentreKind(enum.StrEnum):
    """Where border UMKM get coached and sell through (see shared/DOMAIN.md)."""

    SENTRA_UMKM = "sentra_umkm"  # a regency's marketing centre
    PLUT = "plut"  # PLUT-KUMKM, the government's integrated business-service centre
    COOPERATIVE_OFFICE = "cooperative_office"  # the regency's cooperative and UMKM office


def rating_average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


class SiteSetting(db.Model):
    """Small key/value facts about this installation (e.g. that demo data was loaded)."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Shop(db.Model):
    __tablename__ = "shops"
    __table_args__ = (sa.Index("ix_shops_province_regency", "province", "regency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One shop per account; a shop run by a marketing centre may have no owner yet.
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    story: Mapped[str] = mapped_column(sa.Text, default="")
    province: Mapped[str] = mapped_column(sa.String(60))
    regency: Mapped[str] = mapped_column(sa.String(60))
    cooperative: Mapped[str | None] = mapped_column(sa.String(160))
    whatsapp: Mapped[str | None] = mapped_column(sa.String(16))  # E.164, e.g. +6281234567890
    # The seller's own choice to offer buyers "Chat via WhatsApp" (catalog/sharing.py). Off
    # until they choose: the number was given for Sentra to reach them, not to be published.
    show_whatsapp: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_verified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The admin's last decision on the shop (verify, reject, suspend), shown to the seller.
    review_decision: Mapped[str | None] = mapped_column(sa.String(20))
    review_reason: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column()
    is_pkp: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Where the marketplace pays the seller out. Shown masked; a recent change holds payouts.
    bank_name: Mapped[str | None] = mapped_column(sa.String(60))
    bank_account_holder: Mapped[str | None] = mapped_column(sa.String(120))
    bank_account_number: Mapped[str | None] = mapped_column(sa.String(34))
    bank_details_changed_at: Mapped[datetime | None] = mapped_column()  # a change, not the first
    # An admin checked the changed account and released the hold early (ledger/payouts.py).
    bank_hold_released_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[ShopStatus] = mapped_column(
        str_enum(ShopStatus, "shop_status"), default=ShopStatus.ACTIVE
    )
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The marketing centre the shop belongs to (coached by), and whether the centre's staff run
    # it for a producer without a device ("assisted"): only then may they act for it.
    centre_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="SET NULL"), index=True
    )
    is_assisted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Over all the shop's products, kept in step by catalog.reviews.refresh_rating_summary.
    review_count: Mapped[int] = mapped_column(default=0, server_default="0")
    rating_total: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner = relationship("User")
    products: Mapped[list[Product]] = relationship(back_populates="shop")
    centre: Mapped[Centre | None] = relationship(back_populates="shops")

    @property
    def is_live(self) -> bool:
        return self.status == ShopStatus.ACTIVE

    @property
    def rating_average(self) -> float | None:
        return rating_average(self.rating_total, self.review_count)

    @property
    def masked_bank_account(self) -> str:
        number = self.bank_account_number or ""
        return f"•••• {number[-4:]}" if number else ""


class Centre(db.Model):
    """A marketing centre (sentra UMKM, PLUT, cooperative office) that coaches shops and may run
    some for producers who have no device of their own."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    kind: Mapped[CentreKind] = mapped_column(str_enum(CentreKind, "centre_kind"))
    province: Mapped[str] = mapped_column(sa.String(60))
    regency: Mapped[str] = mapped_column(sa.String(60))
    address: Mapped[str] = mapped_column(sa.String(255), default="")
    contact: Mapped[str] = mapped_column(sa.String(160), default="")  # phone, WhatsApp or e-mail
    description: Mapped[str] = mapped_column(sa.Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    shops: Mapped[list[Shop]] = relationship(back_populates="centre")
    staff: Mapped[list[CentreStaff]] = relationship(back_populates="centre",
                                                    cascade="all, delete-orphan")


class CentreStaff(db.Model):
    """A user's appointment to one centre (with the CENTRE_STAFF role): one centre per user."""

    __tablename__ = "centre_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    appointed_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre] = relationship(back_populates="staff")
    user = relationship("User")


class Category(db.Model):
    """Two levels: a top category (e.g. Kain & Tenun) and its children (Tenun Ikat)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_id: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)
    # The kind a new product in this category starts as (its attributes and label rules).
    default_kind: Mapped[ProductKind] = mapped_column(
        str_enum(ProductKind, "category_kind"), default=ProductKind.CRAFT
    )

    parent: Mapped[Category | None] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    def name(self, locale: str) -> str:
        return self.name_en if str(locale) == "en" else self.name_id


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        sa.Index("ix_products_status_created", "status", "created_at"),
        sa.Index("ix_products_status_price", "status", "price_from_idr"),
        sa.Index("ix_products_status_packaging", "status", "packaging_score"),
        sa.Index("ix_products_status_rating", "status", "rating_sort"),
        sa.CheckConstraint("price_from_idr >= 0", name="price_from_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    materials: Mapped[str] = mapped_column(sa.String(255), default="")
    kind: Mapped[ProductKind] = mapped_column(str_enum(ProductKind, "product_kind"))
    status: Mapped[ProductStatus] = mapped_column(
        str_enum(ProductStatus, "product_status"), default=ProductStatus.DRAFT
    )
    # Kept in step with the variants by catalog.services.refresh_product_summary, so that the
    # catalogue can filter and sort on them with an index instead of aggregating per request.
    price_from_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    price_to_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    in_stock: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()
    low_stock_threshold: Mapped[int] = mapped_column(default=3, server_default="3")
    # Taken down by an admin: hidden from the store whatever its status, with the reason the
    # seller sees; only an admin lifts it.
    blocked_reason: Mapped[str | None] = mapped_column(sa.String(500))
    # 0-100 from catalog.packaging_quality, kept in step by catalog.services.refresh_packaging_scores
    # in the transaction of every change to the listing, its photos or its labels.
    packaging_score: Mapped[int] = mapped_column(default=0, server_default="0")
    # The rating summary of the visible (not hidden) reviews, kept in step by
    # catalog.reviews.refresh_rating_summary in the transaction of every review change, like
    # the price summary: cards, pages and the rating sort read it without touching reviews.
    review_count: Mapped[int] = mapped_column(default=0, server_default="0")
    rating_total: Mapped[int] = mapped_column(default=0, server_default="0")  # sum of stars
    # The average × 100, rounded (0 without reviews): what the "best rated" sort's index holds.
    rating_sort: Mapped[int] = mapped_column(default=0, server_default="0")
    # Units in completed parcels ("Terjual N"), added when a parcel completes (aftersales).
    units_sold: Mapped[int] = mapped_column(default=0, server_default="0")

    shop: Mapped[Shop] = relationship(back_populates="products")
    category: Mapped[Category] = relationship()
    variants: Mapped[list[Variant]] = relationship(
        back_populates="product",
        order_by="Variant.position, Variant.id",
        cascade="all, delete-orphan",
    )
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product",
        order_by="ProductImage.position, ProductImage.id",
        cascade="all, delete-orphan",
    )
    textile: Mapped[TextileDetails | None] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )
    food_label: Mapped[FoodLabel | None] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )

    @property
    def active_variants(self) -> list[Variant]:
        return [v for v in self.variants if v.is_active]

    @property
    def cover(self) -> ProductImage | None:
        return self.images[0] if self.images else None

    @property
    def rating_average(self) -> float | None:
        """The average of the stars, to one decimal; None without reviews."""
        return rating_average(self.rating_total, self.review_count)

    @property
    def has_price_range(self) -> bool:
        """Variants at different prices: the price is shown as "from" the cheapest."""
        return self.price_to_idr > self.price_from_idr


class TextileDetails(db.Model):
    """Attributes of a woven cloth (tenun ikat, songket)."""

    __tablename__ = "product_textiles"

    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    motif: Mapped[str] = mapped_column(sa.String(120), default="")
    motif_meaning: Mapped[str] = mapped_column(sa.Text, default="")
    weaver: Mapped[str] = mapped_column(sa.String(120), default="")
    threads: Mapped[str] = mapped_column(sa.String(160), default="")
    dyes: Mapped[Dye | None] = mapped_column(str_enum(Dye, "textile_dye"))
    dye_notes: Mapped[str] = mapped_column(sa.String(200), default="")
    weaving: Mapped[Weaving | None] = mapped_column(str_enum(Weaving, "textile_weaving"))
    length_cm: Mapped[int | None] = mapped_column()
    width_cm: Mapped[int | None] = mapped_column()
    weaving_days: Mapped[int | None] = mapped_column()

    product: Mapped[Product] = relationship(back_populates="textile")


class FoodLabel(db.Model):
    """What the label of packaged food must carry (product name and net weight live elsewhere)."""

    __tablename__ = "product_food_labels"

    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    ingredients: Mapped[str] = mapped_column(sa.Text, default="")
    producer_name: Mapped[str] = mapped_column(sa.String(160), default="")
    producer_address: Mapped[str] = mapped_column(sa.String(255), default="")
    licence_kind: Mapped[LicenceKind] = mapped_column(
        str_enum(LicenceKind, "food_licence_kind"), default=LicenceKind.NONE
    )
    licence_number: Mapped[str] = mapped_column(sa.String(40), default="")
    is_halal: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    halal_certificate: Mapped[str] = mapped_column(sa.String(60), default="")
    shelf_life_days: Mapped[int | None] = mapped_column()
    best_before: Mapped[date | None] = mapped_column()
    storage: Mapped[str] = mapped_column(sa.String(200), default="")

    product: Mapped[Product] = relationship(back_populates="food_label")


class Variant(db.Model):
    """A purchasable form of a product, with its own price, stock and packaging."""

    __tablename__ = "product_variants"
    __table_args__ = (
        sa.CheckConstraint("price_idr >= 0", name="price_not_negative"),
        sa.CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    # The seller's own product code: unique within a shop (checked by the listing service).
    sku: Mapped[str] = mapped_column(sa.String(64), index=True)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    position: Mapped[int] = mapped_column(default=0)
    price_idr: Mapped[int] = mapped_column(sa.BigInteger)
    stock: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # Packaging: what the courier weighs and measures, and what the buyer unpacks.
    net_weight_g: Mapped[int | None] = mapped_column()
    packed_weight_g: Mapped[int | None] = mapped_column()
    packed_length_cm: Mapped[int | None] = mapped_column()
    packed_width_cm: Mapped[int | None] = mapped_column()
    packed_height_cm: Mapped[int | None] = mapped_column()
    packaging_type: Mapped[PackagingType | None] = mapped_column(
        str_enum(PackagingType, "packaging_type")
    )
    packaging_description: Mapped[str] = mapped_column(sa.Text, default="")

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def has_dimensions(self) -> bool:
        return all((self.packed_length_cm, self.packed_width_cm, self.packed_height_cm))


class ProductImage(db.Model):
    """A photo, stored once by content hash with WebP variants of several widths."""

    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    alt_text: Mapped[str] = mapped_column(sa.String(200), default="")
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    # Widths (px) of the WebP variants stored for this photo, e.g. "320,640,1280".
    variant_widths: Mapped[str] = mapped_column(sa.String(60))
    shows_packaging: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")

    @property
    def widths(self) -> list[int]:
        return [int(w) for w in self.variant_widths.split(",") if w]

    def height_for(self, width: int) -> int:
        return round(self.height * width / self.width)


class StockReason(enum.StrEnum):
    INITIAL = "initial"
    RESTOCK = "restock"
    CORRECTION = "correction"
    SALE = "sale"
    RETURN = "return"


class StockMovement(db.Model):
    """Every change of a variant's stock: who, when, why, by how much, and what it left."""

    __tablename__ = "stock_movements"
    __table_args__ = (sa.Index("ix_stock_movements_variant_created", "variant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("product_variants.id", ondelete="CASCADE"))
    change: Mapped[int] = mapped_column()
    stock_after: Mapped[int] = mapped_column()
    reason: Mapped[StockReason] = mapped_column(str_enum(StockReason, "stock_reason"))
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    variant: Mapped[Variant] = relationship()
    actor = relationship("User")


class SearchIndexQueue(db.Model):
    """A product whose search entry is out of date. Written in the transaction that changes the
    product, applied after commit by whichever process holds the index's writer lock
    (catalog.search.sync), so that no change is lost to a busy index."""

    __tablename__ = "search_index_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: a deleted product's entry must still be taken out of the index.
    product_id: Mapped[int] = mapped_column()
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
