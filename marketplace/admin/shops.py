"""Reviewing sellers: the queue of shops to verify, and verify / reject / suspend / reinstate.

Every decision is written to the shop (the seller sees it with its reason on the dashboard)
and to the audit log, in one transaction. Suspending hides the shop's listings at once
(the catalogue and the cart show only active shops) but leaves its paid orders with it:
the seller still packs and ships them from /seller/orders.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from marketplace import aftercommit
from marketplace.accounts.models import User
from marketplace.admin import audit
from marketplace.admin.models import AuditEntry
from marketplace.catalog.models import Product, Shop, ShopStatus
from marketplace.catalog.services import bump_catalogue_version
from marketplace.errors import DomainError
from marketplace.catalog import search
from marketplace.database import escape_like
from marketplace.extensions import db
from marketplace.pagination import Page
from marketplace.ledger import payouts
from marketplace.orders.models import Shipment, ShipmentStatus
from marketplace.timeutil import utcnow
from marketplace.catalog.queries import visible

PER_PAGE = 50
_AUDITED = ("is_verified", "status", "review_decision", "review_reason")


class ShopDecision(enum.StrEnum):
    """Kept in `Shop.review_decision`: the admin's last word on the shop."""

    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"


class ShopView(enum.StrEnum):
    QUEUE = "queue"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    ALL = "all"


class ReviewError(DomainError):
    """The decision does not fit the shop's state (e.g. verifying a verified shop)."""


def _changed_since_rejection():
    # The seller edited the shop after it was rejected: it comes back for another look.
    # (Decisions set updated_at to reviewed_at themselves, so only the seller's edits count.)
    return Shop.updated_at > Shop.reviewed_at


def _in_queue():
    """Unverified active shops waiting for a decision: never reviewed, reinstated, or
    rejected and edited since."""
    return sa.and_(
        Shop.is_verified.is_(False),
        Shop.status == ShopStatus.ACTIVE,
        sa.or_(Shop.review_decision.is_(None),
               Shop.review_decision != ShopDecision.REJECTED.value,
               _changed_since_rejection()),
    )


_VIEWS = {
    ShopView.QUEUE: _in_queue,
    ShopView.REJECTED: lambda: sa.and_(Shop.review_decision == ShopDecision.REJECTED.value,
                                       Shop.is_verified.is_(False),
                                       Shop.status == ShopStatus.ACTIVE),
    ShopView.SUSPENDED: lambda: Shop.status == ShopStatus.SUSPENDED,
    ShopView.ALL: lambda: sa.true(),
}


@dataclass(frozen=True)
class ShopRow:
    shop: Shop
    owner_email: str | None
    listings: int


def _listing_count():
    return (sa.select(sa.func.count(Product.id)).where(Product.shop_id == Shop.id)
            .correlate(Shop).scalar_subquery())


def count_queue() -> int:
    return db.session.scalar(sa.select(sa.func.count(Shop.id)).where(_in_queue())) or 0


def list_shops(view: ShopView, *, query: str = "", page: int = 1,
               per_page: int = PER_PAGE) -> Page:
    """One page of shops for the admin (two statements): the queue oldest first, so that
    nobody waits for ever; the other views newest first."""
    condition = _VIEWS[view]()
    if query:
        pattern = f"%{escape_like(query.lower())}%"
        condition = sa.and_(condition, sa.or_(
            sa.func.lower(Shop.name).like(pattern, escape="\\"),
            sa.func.lower(Shop.regency).like(pattern, escape="\\"),
            sa.func.lower(User.email).like(pattern, escape="\\"),
        ))
    base = sa.select(Shop).outerjoin(User, User.id == Shop.owner_id).where(condition)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(base.with_only_columns(Shop.id).subquery())) or 0
    result = Page.numbered(total, page, per_page)
    if total:
        order = ((Shop.created_at.asc(), Shop.id.asc()) if view == ShopView.QUEUE
                 else (Shop.created_at.desc(), Shop.id.desc()))
        stmt = (base.add_columns(User.email, _listing_count())
                .order_by(*order).limit(per_page).offset(result.offset))
        result.items = [ShopRow(shop, email, count or 0)
                        for shop, email, count in db.session.execute(stmt)]
    return result


def queue_size() -> int:
    return db.session.scalar(sa.select(sa.func.count(Shop.id)).where(_in_queue())) or 0


@dataclass(frozen=True)
class ShopFile:
    """What the admin looks at before deciding."""

    shop: Shop
    owner: User | None
    listings: int
    listings_for_sale: int
    open_shipments: int  # paid, waiting to be shipped
    history: list[AuditEntry]
    payout_hold_until: datetime | None = None  # a changed bank account holds payouts until

    @property
    def in_queue(self) -> bool:
        shop = self.shop
        return (not shop.is_verified and shop.status == ShopStatus.ACTIVE
                and (shop.review_decision != ShopDecision.REJECTED
                     or (shop.reviewed_at is not None and shop.updated_at > shop.reviewed_at)))


def shop_file(shop_id: int) -> ShopFile | None:
    row = db.session.execute(
        sa.select(Shop).outerjoin(Shop.owner).where(Shop.id == shop_id)
        .options(contains_eager(Shop.owner))
    ).unique().scalar_one_or_none()
    if row is None:
        return None
    counts = db.session.execute(
        sa.select(sa.func.count(Product.id),
                  sa.func.count(Product.id).filter(visible()))
        .select_from(Product).join(Product.shop).where(Product.shop_id == shop_id)
    ).one()
    open_shipments = db.session.scalar(sa.select(sa.func.count(Shipment.id)).where(
        Shipment.shop_id == shop_id, Shipment.status == ShipmentStatus.PROCESSING)) or 0
    history = list(db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.target_type == "shop",
                                    AuditEntry.target_id == str(shop_id))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(20)))
    return ShopFile(shop=row, owner=row.owner, listings=counts[0], listings_for_sale=counts[1],
                    open_shipments=open_shipments, history=history,
                    payout_hold_until=payouts.bank_hold_until(row))


def _lock(shop_id: int) -> Shop:
    return db.session.scalars(
        sa.select(Shop).where(Shop.id == shop_id).with_for_update()
        .execution_options(populate_existing=True)).one()


@aftercommit.unit_of_work  # the search follows at once
def _decide(shop: Shop, action: str, decision: ShopDecision, *, actor, reason: str,
            ip_address: str, **changes) -> Shop:
    before = audit.snapshot(shop, *_AUDITED)
    now = utcnow()
    for name, value in changes.items():
        setattr(shop, name, value)
    shop.review_decision = decision.value
    shop.review_reason = reason
    shop.reviewed_at = now
    shop.updated_at = now  # set here, so that only the seller's later edits count as changes
    audit.record(actor, action, "shop", shop.id, before=before,
                 after=audit.snapshot(shop, *_AUDITED), reason=reason, ip_address=ip_address)
    # Suspension hides every listing (and the verified badge is in the index's documents).
    search.index_products(list(db.session.scalars(sa.select(Product.id).where(Product.shop_id == shop.id))))
    bump_catalogue_version()  # the verified badge, or the shop's listings leaving the store
    db.session.commit()
    return shop


def _reason(reason: str | None, *, required: bool) -> str:
    reason = (reason or "").strip()[:500]
    if required and not reason:
        raise ReviewError("a reason is needed")
    return reason


def verify(shop: Shop, *, actor, ip_address: str = "", note: str = "") -> Shop:
    shop = _lock(shop.id)
    if shop.is_verified:
        raise ReviewError("already verified")
    if shop.status != ShopStatus.ACTIVE:
        raise ReviewError("suspended: reinstate first")
    return _decide(shop, "shop.verify", ShopDecision.VERIFIED, actor=actor,
                   reason=_reason(note, required=False), ip_address=ip_address, is_verified=True)


def reject(shop: Shop, *, actor, reason: str, ip_address: str = "") -> Shop:
    """Not verified, with the reason the seller reads; they fix the shop and it comes back."""
    reason = _reason(reason, required=True)
    shop = _lock(shop.id)
    if shop.is_verified:
        raise ReviewError("already verified")
    if shop.status != ShopStatus.ACTIVE:
        raise ReviewError("suspended: reinstate first")
    return _decide(shop, "shop.reject", ShopDecision.REJECTED, actor=actor, reason=reason,
                   ip_address=ip_address)


def suspend(shop: Shop, *, actor, reason: str, ip_address: str = "") -> Shop:
    reason = _reason(reason, required=True)
    shop = _lock(shop.id)
    if shop.status == ShopStatus.SUSPENDED:
        raise ReviewError("already suspended")
    return _decide(shop, "shop.suspend", ShopDecision.SUSPENDED, actor=actor, reason=reason,
                   ip_address=ip_address, status=ShopStatus.SUSPENDED)


def reinstate(shop: Shop, *, actor, ip_address: str = "", note: str = "") -> Shop:
    """Lift a suspension. Verification is kept as it was: an unverified shop is back in the
    queue."""
    shop = _lock(shop.id)
    if shop.status != ShopStatus.SUSPENDED:
        raise ReviewError("not suspended")
    return _decide(shop, "shop.reinstate", ShopDecision.REINSTATED, actor=actor,
                   reason=_reason(note, required=False), ip_address=ip_address,
                   status=ShopStatus.ACTIVE)
