"""Read side of the storefront: queries that load exactly what a page shows.

Every function here runs a small, fixed number of SQL statements whatever the page size
(tests count the statements per page).
"""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from marketplace.catalog.models import (
    Category,
    FeaturedEntry,
    Product,
    ProductStatus,
    Shop,
    ShopStatus,
)
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class Sort(enum.StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"


@dataclass(frozen=True)
class CatalogFilter:
    category: Category | None = None
    province: str | None = None
    regency: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    query: str | None = None
    sort: Sort = Sort.NEWEST


@dataclass
class Page:
    items: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 24

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _visible():
    """What buyers may see: active listings, not taken down, of shops that are not suspended."""
    return sa.and_(Product.status == ProductStatus.ACTIVE, Product.blocked_reason.is_(None),
                   Shop.status == ShopStatus.ACTIVE)


def _card_query():
    """Products as cards: shop joined in the same query, photos in one more."""
    return (
        sa.select(Product)
        .join(Product.shop)
        .where(_visible())
        .options(contains_eager(Product.shop), selectinload(Product.images))
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(stmt, flt: CatalogFilter):
    if flt.category is not None:
        ids = [flt.category.id] + [c.id for c in all_categories() if c.parent_id == flt.category.id]
        stmt = stmt.where(Product.category_id.in_(ids))
    if flt.province:
        stmt = stmt.where(Shop.province == flt.province)
    if flt.regency:
        stmt = stmt.where(Shop.regency == flt.regency)
    if flt.min_price is not None:
        stmt = stmt.where(Product.price_from_idr >= flt.min_price)
    if flt.max_price is not None:
        stmt = stmt.where(Product.price_from_idr <= flt.max_price)
    if flt.in_stock:
        stmt = stmt.where(Product.in_stock.is_(True))
    if flt.query:
        pattern = f"%{_escape_like(flt.query.lower())}%"
        stmt = stmt.where(sa.func.lower(Product.name).like(pattern, escape="\\"))
    return stmt


_ORDER = {
    Sort.NEWEST: (Product.created_at.desc(), Product.id.desc()),
    Sort.PRICE_ASC: (Product.price_from_idr.asc(), Product.id.asc()),
    Sort.PRICE_DESC: (Product.price_from_idr.desc(), Product.id.desc()),
}


def list_products(flt: CatalogFilter, page: int, per_page: int) -> Page:
    """One page of the catalogue; a page past the end gives the last page."""
    count_stmt = _filtered(
        sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop).where(_visible()),
        flt,
    )
    total = db.session.scalar(count_stmt) or 0
    result = Page(total=total, per_page=per_page)
    result.page = min(max(page, 1), result.pages)
    if total:
        stmt = (
            _filtered(_card_query(), flt)
            .order_by(*_ORDER[flt.sort])
            .limit(per_page)
            .offset((result.page - 1) * per_page)
        )
        result.items = list(db.session.scalars(stmt).unique())
    return result


def all_categories() -> list[Category]:
    """Every category (a short list), ordered for menus; cached for the request."""
    from flask import g

    if "all_categories" not in g:
        g.all_categories = list(
            db.session.scalars(sa.select(Category).order_by(Category.position, Category.id))
        )
    return g.all_categories


def top_categories() -> list[Category]:
    return [c for c in all_categories() if c.parent_id is None]


def category_by_slug(slug: str) -> Category | None:
    return next((c for c in all_categories() if c.slug == slug), None)


def category_parent(category: Category) -> Category | None:
    return next((c for c in all_categories() if c.id == category.parent_id), None)


def featured_products(section: str = "home", limit: int = 8) -> list[Product]:
    """The current curation: entries in their window, of active, in-stock products of live
    shops, so an archived or sold-out product drops out by itself."""
    now = utcnow()
    stmt = (
        _card_query()
        .join(FeaturedEntry, FeaturedEntry.product_id == Product.id)
        .where(
            FeaturedEntry.section == section,
            Product.in_stock.is_(True),
            sa.or_(FeaturedEntry.starts_at.is_(None), FeaturedEntry.starts_at <= now),
            sa.or_(FeaturedEntry.ends_at.is_(None), FeaturedEntry.ends_at > now),
        )
        .order_by(FeaturedEntry.position, FeaturedEntry.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


def newest_products(limit: int = 8) -> list[Product]:
    stmt = _card_query().order_by(*_ORDER[Sort.NEWEST]).limit(limit)
    return list(db.session.scalars(stmt).unique())


def product_counts_by_region() -> list[tuple[str, str, int]]:
    """(province, regency, number of visible products), for the "by region" entry points."""
    stmt = (
        sa.select(Shop.province, Shop.regency, sa.func.count(Product.id))
        .join(Product.shop)
        .where(_visible())
        .group_by(Shop.province, Shop.regency)
        .order_by(Shop.province, Shop.regency)
    )
    return [(p, r, n) for p, r, n in db.session.execute(stmt)]


def product_for_page(slug: str) -> Product | None:
    stmt = (
        sa.select(Product)
        .join(Product.shop)
        .where(Product.slug == slug, _visible())
        .options(
            contains_eager(Product.shop),
            joinedload(Product.textile),
            joinedload(Product.food_label),
            selectinload(Product.variants),
            selectinload(Product.images),
        )
    )
    return db.session.scalars(stmt).unique().one_or_none()


def related_products(product: Product, limit: int = 4) -> list[Product]:
    """Others from the same category, the same shop's first."""
    stmt = (
        _card_query()
        .where(Product.category_id == product.category_id, Product.id != product.id)
        .order_by(
            sa.case((Product.shop_id == product.shop_id, 0), else_=1),
            Product.in_stock.desc(),
            Product.created_at.desc(),
        )
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


def shop_for_page(slug: str) -> Shop | None:
    return db.session.scalar(
        sa.select(Shop).where(Shop.slug == slug, Shop.status == ShopStatus.ACTIVE)
    )


def shop_products(shop: Shop, page: int, per_page: int) -> Page:
    total = db.session.scalar(
        sa.select(sa.func.count(Product.id)).where(
            Product.shop_id == shop.id, Product.status == ProductStatus.ACTIVE
        )
    ) or 0
    result = Page(total=total, per_page=per_page)
    result.page = min(max(page, 1), result.pages)
    if total:
        stmt = (
            _card_query()
            .where(Product.shop_id == shop.id)
            .order_by(Product.in_stock.desc(), *_ORDER[Sort.NEWEST])
            .limit(per_page)
            .offset((result.page - 1) * per_page)
        )
        result.items = list(db.session.scalars(stmt).unique())
    return result


def category_by_id(category_id: int) -> Category | None:
    return next((c for c in all_categories() if c.id == category_id), None)
