"""Home-page curation: sections (titles in Indonesian and English, order, on/off) and the
products curated onto them (order, a window of time).

Every change commits together with its audit entry and a bump of the curation version, which
is what the storefront's cache of the curation is keyed by (catalog.featured.current_curation).
All writes to featured sections and entries go through here, or the cache would not know.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from slugify import slugify
from sqlalchemy.orm import contains_eager, joinedload

from marketplace.admin import audit
from marketplace.catalog.display_models import FeaturedEntry, FeaturedSection
from marketplace.catalog.models import Product, ProductStatus
from marketplace.catalog.queries import visible
from marketplace.catalog.versions import CURATION_VERSION_KEY
from marketplace.database import escape_like
from marketplace.catalog.services import increment_setting
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.timeutil import store_timezone, utcnow

_SECTION_FIELDS = ("key", "title_id", "title_en", "position", "is_active")
_ENTRY_FIELDS = ("section", "product_id", "position", "starts_at", "ends_at")


class CurationError(DomainError):
    pass


class AlreadyInSection(CurationError):
    pass


class NotVisible(CurationError):
    pass


class WindowEndsBeforeStart(CurationError):
    pass


class NotWellPackaged(CurationError):
    """Only listings whose packaging score reaches the threshold go in the packaging section."""


# The home-page section of well-packaged products (seeded by migration 0007).
PACKAGING_SECTION = "kemasan"


# --- Time: forms speak the store's time zone, the database naive UTC ------------------------

def to_utc(local: datetime | None) -> datetime | None:
    """A wall-clock time in the store's time zone (a form's input) as naive UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=store_timezone()).astimezone(UTC).replace(tzinfo=None)


def to_store_time(utc: datetime | None) -> datetime | None:
    """Naive UTC (a column) as a naive wall-clock time in the store's time zone."""
    if utc is None:
        return None
    return utc.replace(tzinfo=UTC).astimezone(store_timezone()).replace(tzinfo=None)


# --- Reading -------------------------------------------------------------------------------

def sections() -> list[FeaturedSection]:
    return list(db.session.scalars(
        sa.select(FeaturedSection).order_by(FeaturedSection.position, FeaturedSection.id)))


def entry_counts() -> dict[str, int]:
    return dict(db.session.execute(
        sa.select(FeaturedEntry.section, sa.func.count(FeaturedEntry.id))
        .group_by(FeaturedEntry.section)).all())


_MAX_ID = 2**31 - 1  # a larger number in a URL is no row (and overflows SQLite's driver)


def get_section(section_id: int) -> FeaturedSection | None:
    return db.session.get(FeaturedSection, section_id) if 0 < section_id <= _MAX_ID else None


def get_entry(entry_id: int) -> FeaturedEntry | None:
    return db.session.get(FeaturedEntry, entry_id) if 0 < entry_id <= _MAX_ID else None


def section_of(entry: FeaturedEntry) -> FeaturedSection | None:
    return db.session.scalar(sa.select(FeaturedSection).where(FeaturedSection.key == entry.section))


def entries_of(section: FeaturedSection) -> list[FeaturedEntry]:
    """The section's entries in order, each with its product and shop (one query)."""
    return list(db.session.scalars(
        sa.select(FeaturedEntry)
        .where(FeaturedEntry.section == section.key)
        .options(joinedload(FeaturedEntry.product).joinedload(Product.shop))
        .order_by(FeaturedEntry.position, FeaturedEntry.id)
    ).unique())


@dataclass(frozen=True)
class EntryState:
    """Why an entry is or is not on the home page now."""

    timing: str  # "current", "scheduled" or "ended"
    available: bool  # the product is for sale (visible) and in stock

    @property
    def shown(self) -> bool:
        return self.timing == "current" and self.available


def entry_state(entry: FeaturedEntry, now: datetime | None = None) -> EntryState:
    now = now or utcnow()
    if entry.starts_at is not None and entry.starts_at > now:
        timing = "scheduled"
    elif entry.ends_at is not None and entry.ends_at <= now:
        timing = "ended"
    else:
        timing = "current"
    product = entry.product
    available = (product.status == ProductStatus.ACTIVE and product.blocked_reason is None
                 and product.shop.is_live and product.in_stock)
    return EntryState(timing=timing, available=available)


def find_products(section: FeaturedSection, text: str, limit: int = 20) -> list[Product]:
    """Products buyers can see whose name or slug contains `text`, not yet in the section."""
    text = (text or "").strip().lower()
    if not text:
        return []
    pattern = f"%{escape_like(text)}%"
    order = [Product.in_stock.desc(), Product.name, Product.id]
    if section.key == PACKAGING_SECTION:
        order.insert(0, Product.packaging_score.desc())
    already = sa.select(FeaturedEntry.product_id).where(FeaturedEntry.section == section.key)
    stmt = (
        sa.select(Product).join(Product.shop)
        .where(visible(),
               sa.or_(sa.func.lower(Product.name).like(pattern, escape="\\"),
                      Product.slug.like(pattern, escape="\\")),
               Product.id.not_in(already))
        .options(contains_eager(Product.shop))
        .order_by(*order)
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


# --- Changing ------------------------------------------------------------------------------

def bump_curation_version() -> None:
    """Count one more change of the curation, in the caller's transaction (an admin's rare
    edit, so the row lock it takes until the commit holds nobody up)."""
    increment_setting(db.session, CURATION_VERSION_KEY)


def _commit(actor, action: str, target_type: str, target_id, *, before: dict, after: dict,
            ip_address: str) -> None:
    audit.record(actor, action, target_type, target_id, before=before, after=after,
                 ip_address=ip_address)
    bump_curation_version()
    db.session.commit()


def _unique_key(title: str) -> str:
    base = slugify(title, max_length=32, replacements=[["'", ""], ["’", ""]]) or "section"
    taken = set(db.session.scalars(sa.select(FeaturedSection.key)))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def create_section(title_id: str, title_en: str, *, actor, ip_address: str = "") -> FeaturedSection:
    last = db.session.scalar(sa.select(sa.func.max(FeaturedSection.position)))
    section = FeaturedSection(key=_unique_key(title_id), title_id=title_id.strip(),
                              title_en=title_en.strip(), position=(last or 0) + 1, is_active=True)
    db.session.add(section)
    db.session.flush()
    _commit(actor, "curation.section_create", "featured_section", section.key, before={},
            after=audit.snapshot(section, *_SECTION_FIELDS), ip_address=ip_address)
    return section


def rename_section(section: FeaturedSection, title_id: str, title_en: str, *, actor,
                   ip_address: str = "") -> FeaturedSection:
    before = audit.snapshot(section, *_SECTION_FIELDS)
    section.title_id, section.title_en = title_id.strip(), title_en.strip()
    _commit(actor, "curation.section_rename", "featured_section", section.key, before=before,
            after=audit.snapshot(section, *_SECTION_FIELDS), ip_address=ip_address)
    return section


def set_section_active(section: FeaturedSection, active: bool, *, actor,
                       ip_address: str = "") -> FeaturedSection:
    before = audit.snapshot(section, *_SECTION_FIELDS)
    section.is_active = active
    action = "curation.section_activate" if active else "curation.section_deactivate"
    _commit(actor, action, "featured_section", section.key, before=before,
            after=audit.snapshot(section, *_SECTION_FIELDS), ip_address=ip_address)
    return section


def _swap_with_neighbour(rows: list, row, step: int) -> bool:
    """Number `rows` 0, 1, 2... in their current order, then swap `row` with the one `step`
    away; False when it is already first or last."""
    index = rows.index(row)
    other = index + step
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows):
        item.position = position
    return True


def move_section(section: FeaturedSection, step: int, *, actor, ip_address: str = "") -> bool:
    before = audit.snapshot(section, *_SECTION_FIELDS)
    if not _swap_with_neighbour(sections(), section, step):
        return False
    _commit(actor, "curation.section_move", "featured_section", section.key, before=before,
            after=audit.snapshot(section, *_SECTION_FIELDS), ip_address=ip_address)
    return True


def _check_window(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise WindowEndsBeforeStart("the window ends before it starts")


def add_entry(section: FeaturedSection, product_id: int, *, starts_at: datetime | None = None,
              ends_at: datetime | None = None, actor, ip_address: str = "") -> FeaturedEntry:
    """Put a product buyers can see at the end of a section. Times are naive UTC."""
    _check_window(starts_at, ends_at)
    found = db.session.scalar(
        sa.select(Product.id).join(Product.shop).where(Product.id == product_id, visible()))
    if found is None:
        raise NotVisible("only products buyers can see can be featured")
    if section.key == PACKAGING_SECTION:
        score = db.session.scalar(sa.select(Product.packaging_score).where(Product.id == product_id))
        if score < current_app.config["PACKAGING_COMPLETE_SCORE"]:
            raise NotWellPackaged("the packaging score is below the threshold")
    taken = db.session.scalar(sa.select(FeaturedEntry.id).where(
        FeaturedEntry.section == section.key, FeaturedEntry.product_id == product_id))
    if taken is not None:
        raise AlreadyInSection("the product is already in this section")
    last = db.session.scalar(sa.select(sa.func.max(FeaturedEntry.position))
                             .where(FeaturedEntry.section == section.key))
    entry = FeaturedEntry(section=section.key, product_id=product_id,
                          position=0 if last is None else last + 1,
                          starts_at=starts_at, ends_at=ends_at)
    db.session.add(entry)
    db.session.flush()
    _commit(actor, "curation.entry_add", "featured_entry", entry.id, before={},
            after=audit.snapshot(entry, *_ENTRY_FIELDS), ip_address=ip_address)
    return entry


def move_entry(entry: FeaturedEntry, step: int, *, actor, ip_address: str = "") -> bool:
    before = audit.snapshot(entry, *_ENTRY_FIELDS)
    siblings = list(db.session.scalars(
        sa.select(FeaturedEntry).where(FeaturedEntry.section == entry.section)
        .order_by(FeaturedEntry.position, FeaturedEntry.id)))
    if not _swap_with_neighbour(siblings, entry, step):
        return False
    _commit(actor, "curation.entry_move", "featured_entry", entry.id, before=before,
            after=audit.snapshot(entry, *_ENTRY_FIELDS), ip_address=ip_address)
    return True


def schedule_entry(entry: FeaturedEntry, starts_at: datetime | None, ends_at: datetime | None,
                   *, actor, ip_address: str = "") -> FeaturedEntry:
    """Show the entry from `starts_at` until `ends_at` (naive UTC; None: no limit)."""
    _check_window(starts_at, ends_at)
    if (entry.starts_at, entry.ends_at) == (starts_at, ends_at):
        return entry  # saved unchanged: nothing to record
    before = audit.snapshot(entry, *_ENTRY_FIELDS)
    entry.starts_at, entry.ends_at = starts_at, ends_at
    _commit(actor, "curation.entry_schedule", "featured_entry", entry.id, before=before,
            after=audit.snapshot(entry, *_ENTRY_FIELDS), ip_address=ip_address)
    return entry


def remove_entry(entry: FeaturedEntry, *, actor, ip_address: str = "") -> None:
    before = audit.snapshot(entry, *_ENTRY_FIELDS)
    target_id = entry.id
    db.session.delete(entry)
    _commit(actor, "curation.entry_remove", "featured_entry", target_id, before=before, after={},
            ip_address=ip_address)
