"""Stock: the only code that changes a variant's stock.

Every change is one conditional UPDATE (`stock = stock + :change WHERE stock + :change >= 0`),
safe on SQLite and PostgreSQL alike without read-then-write, followed by a history row and
the product's summary refresh, all in the caller's transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.catalog.models import StockMovement, StockReason, Variant
from marketplace.catalog.services import refresh_product_summary
from marketplace.errors import DomainError
from marketplace.extensions import db


class InsufficientStock(DomainError):
    def __init__(self, variant_ids: list[int]):
        super().__init__(f"not enough stock for variants {variant_ids}")
        self.variant_ids = variant_ids


def adjust_stock(variant: Variant, change: int, reason: StockReason, actor_id: int | None,
                 note: str = "") -> int:
    """Add (or with a negative change, take) stock; returns the new figure.

    Raises InsufficientStock when the change would take the stock below zero.
    """
    if change == 0:
        return variant.stock
    result = db.session.execute(
        sa.update(Variant)
        .where(Variant.id == variant.id, Variant.stock + change >= 0)
        .values(stock=Variant.stock + change)
        .returning(Variant.stock)
        .execution_options(synchronize_session=False)
    )
    row = result.first()
    if row is None:
        raise InsufficientStock([variant.id])
    stock_after = row[0]
    db.session.add(StockMovement(variant_id=variant.id, change=change, stock_after=stock_after,
                                 reason=reason, note=note[:200], actor_id=actor_id))
    db.session.expire(variant, ["stock"])
    refresh_product_summary(variant.product_id)
    return stock_after


@dataclass(frozen=True)
class Allocation:
    """One line of an order to take stock for, at the price the buyer saw."""

    variant_id: int
    quantity: int
    unit_price_idr: int


def allocate(lines: list[Allocation], note: str) -> list[int]:
    """Take the stock of an order's lines in the caller's transaction: one conditional UPDATE
    per line, in variant-id order (no deadlock between two orders), and only while the variant
    is active, has the quantity and still has the price the buyer saw. Returns the variant ids
    that could not be taken (the caller rolls back); the summaries are the caller's to refresh
    once the order is written. Placing an order starts with this write, so on SQLite its
    transaction waits for the write lock instead of failing on a stale read snapshot."""
    short = []
    for line in sorted(lines, key=lambda item: item.variant_id):
        result = db.session.execute(
            sa.update(Variant)
            .where(Variant.id == line.variant_id, Variant.is_active.is_(True),
                   Variant.stock >= line.quantity, Variant.price_idr == line.unit_price_idr)
            .values(stock=Variant.stock - line.quantity)
            .returning(Variant.stock)
            .execution_options(synchronize_session=False)
        ).first()
        if result is None:
            short.append(line.variant_id)
            continue
        db.session.add(StockMovement(variant_id=line.variant_id, change=-line.quantity,
                                     stock_after=result[0], reason=StockReason.SALE, note=note))
    return short


def give_back(lines: list[tuple[int, int, int | None]], note: str) -> None:
    """Return sold stock (cancel, expiry, refund of goods not shipped) in the caller's
    transaction: `lines` are (variant id, quantity, product id)."""
    product_ids = set()
    for variant_id, quantity, product_id in lines:
        stock_after = db.session.execute(
            sa.update(Variant).where(Variant.id == variant_id)
            .values(stock=Variant.stock + quantity).returning(Variant.stock)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        db.session.add(StockMovement(variant_id=variant_id, change=quantity,
                                     stock_after=stock_after, reason=StockReason.RETURN,
                                     note=note[:200]))
        product_ids.add(product_id)
    refresh_product_summary(sorted(pid for pid in product_ids if pid))


def set_stock_from_form(variant: Variant, new_figure: int, figure_seen: int, actor_id: int | None,
                        reason: StockReason = StockReason.CORRECTION, note: str = "") -> int:
    """A seller typed `new_figure` over `figure_seen`: apply the difference to what is there now,
    so a sale made while the form was open is kept."""
    return adjust_stock(variant, new_figure - figure_seen, reason, actor_id, note)


def record_initial_stock(variant: Variant, actor_id: int | None) -> None:
    """A new variant's first figure, recorded in its history."""
    db.session.add(StockMovement(variant=variant, change=variant.stock, stock_after=variant.stock,
                                 reason=StockReason.INITIAL, actor_id=actor_id))


def stock_history(variant_ids: list[int], limit: int = 100) -> list[StockMovement]:
    return list(db.session.scalars(
        sa.select(StockMovement).where(StockMovement.variant_id.in_(variant_ids))
        .order_by(StockMovement.created_at.desc(), StockMovement.id.desc()).limit(limit)
    ))
