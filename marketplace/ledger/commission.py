"""Commission: the marketplace's rate in basis points, overridable per category or per shop.

The rule, stated once: a shipment's commission is on its goods only (shipping passes through
to the courier), frozen when the order is placed, and is

    floor( Σ line price × quantity × line rate (bps) / 10 000 )

rounded down to whole rupiah, in the seller's favour. The rate of a line is the shop's
override, else its category's, else its parent category's, else the marketplace's (an admin's
setting, else `COMMISSION_RATE_BPS`). A partial refund before release lowers the commission in
proportion to what the seller keeps, again rounded down (`commission_on_release`).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from marketplace.catalog.models import Category
from marketplace.extensions import db
from marketplace.ledger.models import CommissionRate

BPS = 10_000
MARKETPLACE = "marketplace"


def scope_key(*, category_id: int | None = None, shop_id: int | None = None) -> str:
    if shop_id is not None:
        return f"shop:{shop_id}"
    if category_id is not None:
        return f"category:{category_id}"
    return MARKETPLACE


@dataclass(frozen=True)
class RateTable:
    marketplace_bps: int
    by_category: dict[int, int]
    by_shop: dict[int, int]
    parents: dict[int, int | None]

    def rate(self, shop_id: int | None, category_id: int | None) -> int:
        if shop_id in self.by_shop:
            return self.by_shop[shop_id]
        if category_id in self.by_category:
            return self.by_category[category_id]
        parent = self.parents.get(category_id) if category_id is not None else None
        if parent in self.by_category:
            return self.by_category[parent]
        return self.marketplace_bps


def rate_table() -> RateTable:
    rows = list(db.session.scalars(sa.select(CommissionRate)))
    marketplace = next((r.rate_bps for r in rows if r.scope_key == MARKETPLACE),
                       int(current_app.config["COMMISSION_RATE_BPS"]))
    parents = dict(db.session.execute(sa.select(Category.id, Category.parent_id)).all())
    return RateTable(marketplace_bps=marketplace,
                     by_category={r.category_id: r.rate_bps for r in rows if r.category_id},
                     by_shop={r.shop_id: r.rate_bps for r in rows if r.shop_id},
                     parents=parents)


def commission_idr(lines: list[tuple[int, int]]) -> int:
    """[(line total in rupiah, rate in bps)] → the shipment's commission, rounded down."""
    return sum(total * bps for total, bps in lines) // BPS


def commission_on_release(frozen_idr: int, kept_idr: int, paid_idr: int) -> int:
    """The frozen commission, in proportion to what the seller keeps of what was paid for the
    shipment (all of it unless part was refunded), rounded down."""
    if paid_idr <= 0 or kept_idr <= 0:
        return 0
    if kept_idr >= paid_idr:
        return frozen_idr
    return frozen_idr * kept_idr // paid_idr
