"""Commission rates: the marketplace's, and overrides per category or shop. Every change is
audited. Rates apply to orders placed afterwards; placed orders keep the commission frozen on
their shipments."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from marketplace.admin import audit
from marketplace.catalog.models import Category, Shop
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import commission
from marketplace.ledger.models import CommissionRate

_PERCENT = re.compile(r"(\d{1,3})(?:[.,](\d{1,2}))?\s*%?")


class InvalidRate(DomainError):
    pass


def parse_percent(text: str) -> int:
    """"5", "5,5", "2.25 %" → basis points (500, 550, 225); 0 to 100 %."""
    match = _PERCENT.fullmatch((text or "").strip())
    if not match:
        raise InvalidRate(text)
    bps = int(Decimal(f"{match.group(1)}.{match.group(2) or '0'}") * 100)
    if bps > commission.BPS:
        raise InvalidRate(text)
    return bps


@dataclass(frozen=True)
class Override:
    rate: CommissionRate
    name: str
    kind: str  # "category" or "shop"


def overrides() -> list[Override]:
    rows = list(db.session.scalars(sa.select(CommissionRate).where(
        CommissionRate.scope_key != commission.MARKETPLACE)))
    categories = dict(db.session.execute(sa.select(Category.id, Category.name_id)).all())
    shops = dict(db.session.execute(sa.select(Shop.id, Shop.name).where(
        Shop.id.in_({r.shop_id for r in rows if r.shop_id}))).all())
    result = [Override(r, categories.get(r.category_id, "?"), "category") for r in rows
              if r.category_id] + [Override(r, shops.get(r.shop_id, "?"), "shop") for r in rows
                                   if r.shop_id]
    return sorted(result, key=lambda o: (o.kind, o.name))


def set_rate(bps: int, *, actor, category_id: int | None = None, shop_id: int | None = None,
             reason: str = "", ip_address: str = "") -> CommissionRate:
    key = commission.scope_key(category_id=category_id, shop_id=shop_id)
    row = db.session.scalar(sa.select(CommissionRate).where(CommissionRate.scope_key == key))
    before = {"rate_bps": row.rate_bps} if row else {"rate_bps": commission.rate_table().rate(
        shop_id, category_id)}
    if row is None:
        row = CommissionRate(scope_key=key, category_id=category_id, shop_id=shop_id,
                             rate_bps=bps)
        db.session.add(row)
    row.rate_bps = bps
    audit.record(actor, "commission.set", "commission", key, before=before,
                 after={"rate_bps": bps}, reason=reason, ip_address=ip_address)
    db.session.commit()
    return row


def remove_override(row: CommissionRate, *, actor, ip_address: str = "") -> None:
    if row.scope_key == commission.MARKETPLACE:
        raise InvalidRate("the marketplace rate is not an override")
    audit.record(actor, "commission.remove", "commission", row.scope_key,
                 before={"rate_bps": row.rate_bps}, ip_address=ip_address)
    db.session.delete(row)
    db.session.commit()
