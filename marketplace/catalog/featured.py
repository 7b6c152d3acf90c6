"""The home page's curation: sections of featured products, cached in process memory.

The curation (sections and the product ids and windows of their entries) changes rarely and
is cached in process memory, keyed by a version number that every curation change bumps in
its own transaction (admin.curation). The products themselves are loaded live on every
request, so an archived, blocked or sold-out product drops out without any invalidation, and
windows are compared with the clock on every request, not when the cache was filled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from marketplace import caching
from marketplace.catalog.display_models import FeaturedEntry, FeaturedSection
from marketplace.catalog.models import Product
from marketplace.catalog.queries import ORDER_BY, Sort, card_query, visible
from marketplace.catalog.versions import CURATION_VERSION_KEY, page_versions, stored_versions
from marketplace.extensions import db
from marketplace.timeutil import utcnow

_CURATION_CACHE = "sentra.curation"
FEATURED_PER_SECTION = 8
NEWEST_ON_HOME = 8


@dataclass(frozen=True)
class CuratedEntry:
    product_id: int
    starts_at: datetime | None
    ends_at: datetime | None

    def is_current(self, now: datetime) -> bool:
        return ((self.starts_at is None or self.starts_at <= now)
                and (self.ends_at is None or self.ends_at > now))


@dataclass(frozen=True)
class CuratedSection:
    key: str
    title_id: str
    title_en: str
    entries: tuple[CuratedEntry, ...]


@dataclass(frozen=True)
class HomeSection:
    """A section as the home page shows it: its title and its current, available products."""

    key: str
    title_id: str
    title_en: str
    products: list[Product]

    def title(self, locale: str) -> str:
        return self.title_en if str(locale) == "en" else self.title_id


@dataclass(frozen=True)
class HomeProducts:
    sections: list[HomeSection]
    newest: list[Product]


def _curation_version() -> str | None:
    return stored_versions().get(CURATION_VERSION_KEY)


def _load_curation() -> tuple[CuratedSection, ...]:
    """Active sections in order with all their entries (current or not), in one query."""
    rows = db.session.execute(
        sa.select(FeaturedSection.key, FeaturedSection.title_id, FeaturedSection.title_en,
                  FeaturedEntry.product_id, FeaturedEntry.starts_at, FeaturedEntry.ends_at)
        .outerjoin(FeaturedEntry, FeaturedEntry.section == FeaturedSection.key)
        .where(FeaturedSection.is_active.is_(True))
        .order_by(FeaturedSection.position, FeaturedSection.id, FeaturedEntry.position,
                  FeaturedEntry.id)
    )
    sections: dict[str, tuple[tuple[str, str], list[CuratedEntry]]] = {}
    for key, title_id, title_en, product_id, starts_at, ends_at in rows:
        _titles, entries = sections.setdefault(key, ((title_id, title_en), []))
        if product_id is not None:
            entries.append(CuratedEntry(product_id, starts_at, ends_at))
    return tuple(CuratedSection(key, titles[0], titles[1], tuple(entries))
                 for key, (titles, entries) in sections.items())


def current_curation() -> tuple[CuratedSection, ...]:
    """The curation, from the cache when its version is still the stored one.

    No stored version means nothing was ever changed through admin.curation (a new
    installation): then it is read once per request, never kept longer, so rows written
    without a version bump are never hidden behind a stale cache.
    """
    from flask import current_app, g

    # The version is read before the curation: a change committed in between is cached
    # under the old version and so read again on the next request (never the reverse).
    version = _curation_version()
    cached = current_app.extensions.get(_CURATION_CACHE)
    if version is not None and cached is not None and cached[0] == version:
        return cached[1]
    if version is None and caching.CURATION_G_KEY in g:
        return g.get(caching.CURATION_G_KEY)
    curation = _load_curation()
    if version is not None:
        current_app.extensions[_CURATION_CACHE] = (version, curation)
    else:
        setattr(g, caching.CURATION_G_KEY, curation)
    return curation


def home_products(per_section: int = FEATURED_PER_SECTION,
                  newest: int = NEWEST_ON_HOME) -> HomeProducts:
    """The home page's products: each active section with its current entries whose product
    is visible and in stock (at most `per_section`; a section left empty is not shown), and
    the newest products.

    Curated and newest products come from one query (and their photos from one more), so
    the home page runs the same few statements however many sections it shows.
    """
    now = utcnow()
    curation = current_curation()
    featured_ids = sorted({entry.product_id for section in curation for entry in section.entries
                           if entry.is_current(now)})
    newest_ids = (
        sa.select(Product.id).join(Product.shop).where(visible())
        .order_by(*ORDER_BY[Sort.NEWEST]).limit(newest).correlate(None)
    )
    stmt = card_query().where(sa.or_(
        sa.and_(Product.id.in_(featured_ids), Product.in_stock.is_(True)),
        Product.id.in_(newest_ids),
    ))
    products = list(db.session.scalars(stmt).unique())
    by_id = {product.id: product for product in products}

    sections = []
    for section in curation:
        chosen: list[Product] = []
        for entry in section.entries:
            product = by_id.get(entry.product_id)
            if (product is None or not product.in_stock or not entry.is_current(now)
                    or product in chosen):
                continue
            chosen.append(product)
            if len(chosen) == per_section:
                break
        if chosen:
            sections.append(HomeSection(section.key, section.title_id, section.title_en, chosen))
    # Every returned product is visible, and the `newest` newest visible ones are all among
    # them, so the newest of the returned rows are the newest of the store.
    latest = sorted(products, key=lambda p: (p.created_at, p.id), reverse=True)[:newest]
    return HomeProducts(sections=sections, newest=latest)


def home_versions() -> tuple[str, ...]:
    """The home page also changes when a featured entry's start or end passes."""
    now = utcnow()
    current = "".join("1" if entry.is_current(now) else "0"
                      for section in current_curation() for entry in section.entries)
    return (*page_versions(), current)
