"""Listing moderation: find any listing, take it down with a reason, restore it.

A taken-down product keeps its status (so restoring puts it back as the seller left it);
`blocked_reason` alone hides it from the store and the cart, tells the seller why, and stops
them from publishing it again until an admin restores it.
"""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from marketplace import aftercommit
from marketplace.admin import audit
from marketplace.catalog.models import Product, Shop
from marketplace.catalog.services import bump_catalogue_version
from marketplace.errors import DomainError
from marketplace.catalog import search
from marketplace.database import escape_like
from marketplace.extensions import db
from marketplace.pagination import Page

PER_PAGE = 50
_AUDITED = ("status", "blocked_reason")


class ListingView(enum.StrEnum):
    ALL = "all"
    TAKEN_DOWN = "taken_down"


class ModerationError(DomainError):
    pass


def search_listings(*, query: str = "", view: ListingView = ListingView.ALL,
                    shop_id: int | None = None, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Every listing of every shop (drafts and archived too), by product or shop name, most
    recently changed first: a count and one page, two statements."""
    conditions = []
    if query:
        pattern = f"%{escape_like(query.lower())}%"
        conditions.append(sa.or_(sa.func.lower(Product.name).like(pattern, escape="\\"),
                                 sa.func.lower(Shop.name).like(pattern, escape="\\")))
    if view == ListingView.TAKEN_DOWN:
        conditions.append(Product.blocked_reason.is_not(None))
    if shop_id is not None:
        conditions.append(Product.shop_id == shop_id)
    total = db.session.scalar(
        sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop)
        .where(*conditions)) or 0
    result = Page.numbered(total, page, per_page)
    if total:
        stmt = (sa.select(Product).join(Product.shop).where(*conditions)
                .options(contains_eager(Product.shop))
                .order_by(Product.updated_at.desc(), Product.id.desc())
                .limit(per_page).offset(result.offset))
        result.items = list(db.session.scalars(stmt))
    return result


def listing(product_id: int) -> Product | None:
    return db.session.scalar(
        sa.select(Product).join(Product.shop).where(Product.id == product_id)
        .options(contains_eager(Product.shop), selectinload(Product.variants),
                 selectinload(Product.images)))


def _lock(product_id: int) -> Product:
    return db.session.scalars(
        sa.select(Product).where(Product.id == product_id).with_for_update()
        .execution_options(populate_existing=True)).one()


@aftercommit.unit_of_work  # the search follows at once
def take_down(product: Product, *, reason: str, actor, ip_address: str = "") -> Product:
    """Out of the store at once, whatever its status; the seller sees `reason`."""
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ModerationError("a reason is needed")
    product = _lock(product.id)
    if product.blocked_reason:
        raise ModerationError("already taken down")
    before = audit.snapshot(product, *_AUDITED)
    product.blocked_reason = reason
    audit.record(actor, "product.take_down", "product", product.id, before=before,
                 after=audit.snapshot(product, *_AUDITED), reason=reason, ip_address=ip_address)
    search.remove_products([product.id])
    bump_catalogue_version()
    db.session.commit()
    return product


@aftercommit.unit_of_work  # the search follows at once
def restore(product: Product, *, actor, note: str = "", ip_address: str = "") -> Product:
    """Lift a take-down: the listing is back as the seller left it (published if it was)."""
    product = _lock(product.id)
    if not product.blocked_reason:
        raise ModerationError("not taken down")
    before = audit.snapshot(product, *_AUDITED)
    product.blocked_reason = None
    audit.record(actor, "product.restore", "product", product.id, before=before,
                 after=audit.snapshot(product, *_AUDITED), reason=(note or "").strip()[:500],
                 ip_address=ip_address)
    search.index_products([product.id])
    bump_catalogue_version()
    db.session.commit()
    return product
