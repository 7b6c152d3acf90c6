"""Read side of the storefront: queries that load exactly what a page shows.

Every function here runs a small, fixed number of SQL statements whatever the page size
(tests count the statements per page).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from marketplace.catalog.models import (
    Category,
    Centre,
    Product,
    ProductStatus,
    Shop,
    ShopStatus,
)
from marketplace import caching
from marketplace.catalog.versions import page_versions
from marketplace.database import escape_like
from marketplace.extensions import db
from marketplace.pagination import Page


class Sort(enum.StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    PACKAGING = "packaging"
    RATING = "rating"


@dataclass(frozen=True)
class CatalogFilter:
    category: Category | None = None
    province: str | None = None
    regency: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    min_packaging_score: int | None = None
    query: str | None = None
    sort: Sort = Sort.NEWEST


def visible(by_id: bool = False):
    """What buyers may see: active listings, not taken down, of shops that are not suspended.

    `by_id`: for a query that names its products by id. SQLite without statistics (no
    ANALYZE, the usual case) otherwise reads every active product through an index on status
    (7 ms at 20,000 products) rather than look up a page of ids (0.2 ms); comparing the status
    through a CAST keeps that index out. PostgreSQL plans both the same."""
    status = sa.cast(Product.status, sa.String) == ProductStatus.ACTIVE.value if by_id \
        else Product.status == ProductStatus.ACTIVE
    return sa.and_(status, Product.blocked_reason.is_(None), Shop.status == ShopStatus.ACTIVE)


def card_query(by_id: bool = False):
    """Products as cards: shop joined in the same query, photos in one more."""
    return (
        sa.select(Product)
        .join(Product.shop)
        .where(visible(by_id))
        .options(contains_eager(Product.shop), selectinload(Product.images))
    )


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
    if flt.min_packaging_score is not None:
        stmt = stmt.where(Product.packaging_score >= flt.min_packaging_score)
    if flt.query:
        pattern = f"%{escape_like(flt.query.lower())}%"
        stmt = stmt.where(sa.func.lower(Product.name).like(pattern, escape="\\"))
    return stmt


ORDER_BY = {
    Sort.NEWEST: (Product.created_at.desc(), Product.id.desc()),
    Sort.PRICE_ASC: (Product.price_from_idr.asc(), Product.id.asc()),
    Sort.PRICE_DESC: (Product.price_from_idr.desc(), Product.id.desc()),
    # Best packaging first, then the newer listing (ids grow with time): one key pair, so the
    # API's cursors work in this order too.
    Sort.PACKAGING: (Product.packaging_score.desc(), Product.id.desc()),
    # Best average first (kept on the product as rating_sort, indexed), then the newer.
    Sort.RATING: (Product.rating_sort.desc(), Product.id.desc()),
}


def _filter_key(flt: CatalogFilter) -> tuple:
    """Every field that narrows the catalogue (all but the sort), read from the dataclass so
    that a filter added later cannot be forgotten in the cache key."""
    return tuple(
        (f.name, getattr(value, "id", value))
        for f in fields(flt) if f.name != "sort"
        for value in [getattr(flt, f.name)]
    )


def count_products(flt: CatalogFilter) -> int:
    """How many visible products pass the filter: a count(*) over the catalogue, so kept until
    the catalogue changes (every page of one filter, and every sort, shares it)."""

    def count() -> int:
        stmt = _filtered(
            sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop)
            .where(visible()),
            flt,
        )
        return db.session.scalar(stmt) or 0

    return caching.cached_value("catalogue-count", (*page_versions(), *_filter_key(flt)), count)


def list_products(flt: CatalogFilter, page: int, per_page: int) -> Page:
    """One page of the catalogue; a page past the end gives the last page."""
    total = count_products(flt)
    result = Page.numbered(total, page, per_page)
    if total:
        stmt = (
            _filtered(card_query(), flt)
            .order_by(*ORDER_BY[flt.sort])
            .limit(per_page)
            .offset(result.offset)
        )
        result.items = list(db.session.scalars(stmt).unique())
    return result


# Key-set ("cursor") pagination: the position after a product in each order is its sort key,
# which is unique because the product id breaks ties; rows added or removed meanwhile shift
# nothing, unlike an offset.
_AFTER = {
    Sort.NEWEST: lambda key: sa.or_(
        Product.created_at < key[0],
        sa.and_(Product.created_at == key[0], Product.id < key[1])),
    Sort.PRICE_ASC: lambda key: sa.or_(
        Product.price_from_idr > key[0],
        sa.and_(Product.price_from_idr == key[0], Product.id > key[1])),
    Sort.PRICE_DESC: lambda key: sa.or_(
        Product.price_from_idr < key[0],
        sa.and_(Product.price_from_idr == key[0], Product.id < key[1])),
    Sort.PACKAGING: lambda key: sa.or_(
        Product.packaging_score < key[0],
        sa.and_(Product.packaging_score == key[0], Product.id < key[1])),
    Sort.RATING: lambda key: sa.or_(
        Product.rating_sort < key[0],
        sa.and_(Product.rating_sort == key[0], Product.id < key[1])),
}


def sort_key(product: Product, sort: Sort) -> tuple[datetime, int] | tuple[int, int]:
    """Where `product` stands in `sort`: what list_products_after continues from."""
    if sort == Sort.NEWEST:
        return (product.created_at, product.id)
    if sort == Sort.PACKAGING:
        return (product.packaging_score, product.id)
    if sort == Sort.RATING:
        return (product.rating_sort, product.id)
    return (product.price_from_idr, product.id)


def list_products_after(flt: CatalogFilter, after: tuple | None, limit: int) -> list[Product]:
    """Up to `limit` products in the filter's order that come after the sort key `after`
    (from the first when None): the same filters, order and statements as list_products."""
    stmt = _filtered(card_query(), flt).order_by(*ORDER_BY[flt.sort]).limit(limit)
    if after is not None:
        stmt = stmt.where(_AFTER[flt.sort](after))
    return list(db.session.scalars(stmt).unique())


def all_categories() -> list[Category]:
    """Every category (a short list), ordered for menus: kept until the catalogue changes
    (every category change bumps its version). For reading: the objects are detached."""
    from flask import g

    if "all_categories" not in g:
        g.all_categories = caching.cached_value("categories", page_versions(), _load_categories)
    return g.all_categories


def _load_categories() -> list[Category]:
    categories = list(
        db.session.scalars(sa.select(Category).order_by(Category.position, Category.id))
    )
    for category in categories:
        db.session.expunge(category)  # the same whether it came from the cache or not
    return categories


def top_categories() -> list[Category]:
    return [c for c in all_categories() if c.parent_id is None]


def category_by_slug(slug: str) -> Category | None:
    return next((c for c in all_categories() if c.slug == slug), None)


def product_counts_by_region() -> list[tuple[str, str, int]]:
    """(province, regency, number of visible products), for the "by region" entry points:
    a GROUP BY over the whole catalogue, so kept until the catalogue changes."""

    def count() -> list[tuple[str, str, int]]:
        stmt = (
            sa.select(Shop.province, Shop.regency, sa.func.count(Product.id))
            .join(Product.shop)
            .where(visible())
            .group_by(Shop.province, Shop.regency)
            .order_by(Shop.province, Shop.regency)
        )
        return [(p, r, n) for p, r, n in db.session.execute(stmt)]

    return caching.cached_value("region-counts", page_versions(), count)


def product_for_page(slug: str) -> Product | None:
    stmt = (
        sa.select(Product)
        .join(Product.shop)
        .where(Product.slug == slug, visible())
        .options(
            contains_eager(Product.shop).joinedload(Shop.centre),  # "run with the help of"
            joinedload(Product.textile),
            joinedload(Product.food_label),
            # Joined, not further queries: the page's statement budget leaves room for the
            # data versions and the display exchange rates (a product has a handful of
            # variants and of photos, so their product is a few dozen rows at most).
            joinedload(Product.variants),
            joinedload(Product.images),
        )
    )
    return db.session.scalars(stmt).unique().one_or_none()


def related_products(product: Product, limit: int = 4) -> list[Product]:
    """Others from the same category, the same shop's first: their photos joined in the same
    statement (four cards, a few photos each), to keep the product page within six."""
    stmt = (
        sa.select(Product)
        .join(Product.shop)
        .where(visible())
        .options(contains_eager(Product.shop), joinedload(Product.images))
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
        .options(joinedload(Shop.centre))  # "run with the help of" in the same statement
    )


def shop_products(shop: Shop, page: int, per_page: int) -> Page:
    # Counted with the same visibility as the listed cards: a taken-down product is neither.
    total = db.session.scalar(
        sa.select(sa.func.count(Product.id)).where(
            Product.shop_id == shop.id, Product.status == ProductStatus.ACTIVE,
            Product.blocked_reason.is_(None),
        )
    ) or 0
    result = Page.numbered(total, page, per_page)
    if total:
        stmt = (
            card_query()
            .where(Product.shop_id == shop.id)
            .order_by(Product.in_stock.desc(), *ORDER_BY[Sort.NEWEST])
            .limit(per_page)
            .offset(result.offset)
        )
        result.items = list(db.session.scalars(stmt).unique())
    return result


def category_by_id(category_id: int) -> Category | None:
    return next((c for c in all_categories() if c.id == category_id), None)


def products_by_ids(ids: list[int]) -> list[Product]:
    """Visible products as cards, in the order of `ids` (a search's ranking): one query for
    the products with their shops, one for the photos. Ids no longer visible are skipped."""
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(card_query(by_id=True).where(Product.id.in_(ids))).unique()}
    return [found[i] for i in ids if i in found]


# --- Marketing centres' public pages --------------------------------------------------------

def centres_with_counts() -> list[tuple[Centre, int, int]]:
    """Every centre with its number of live shops and of products buyers can see, by province."""
    shops = (sa.select(Shop.centre_id, sa.func.count(Shop.id).label("n"))
             .where(Shop.status == ShopStatus.ACTIVE).group_by(Shop.centre_id).subquery())
    products = (sa.select(Shop.centre_id, sa.func.count(Product.id).label("n"))
                .select_from(Product).join(Product.shop).where(visible())
                .group_by(Shop.centre_id).subquery())
    rows = db.session.execute(
        sa.select(Centre, sa.func.coalesce(shops.c.n, 0), sa.func.coalesce(products.c.n, 0))
        .outerjoin(shops, shops.c.centre_id == Centre.id)
        .outerjoin(products, products.c.centre_id == Centre.id)
        .order_by(Centre.province, Centre.regency, Centre.name))
    return [(centre, int(n_shops), int(n_products)) for centre, n_shops, n_products in rows]


def centre_for_page(slug: str) -> Centre | None:
    return db.session.scalar(sa.select(Centre).where(Centre.slug == slug))


def centre_shops(centre: Centre) -> list[Shop]:
    return list(db.session.scalars(
        sa.select(Shop).where(Shop.centre_id == centre.id, Shop.status == ShopStatus.ACTIVE)
        .order_by(Shop.name)))


def centre_products(centre: Centre, page: int, per_page: int) -> Page:
    """The centre's shops' products buyers can see, newest first (like a shop's page)."""
    total = db.session.scalar(
        sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop)
        .where(visible(), Shop.centre_id == centre.id)) or 0
    result = Page.numbered(total, page, per_page)
    if total:
        stmt = (card_query().where(Shop.centre_id == centre.id)
                .order_by(Product.in_stock.desc(), *ORDER_BY[Sort.NEWEST])
                .limit(per_page).offset(result.offset))
        result.items = list(db.session.scalars(stmt).unique())
    return result
