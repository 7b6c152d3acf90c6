"""A seller's money as the ledger tells it: balances, and every movement explained (order
number, date, commission), by month for statements. Months are Jakarta time (WIB)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger.models import (
    PER_SHOP,
    AccountCode,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    TransactionKind,
)
from marketplace.ledger.book import balance, natural

JAKARTA = ZoneInfo("Asia/Jakarta")

OrderNumbers = Callable[[set[int]], dict[int, str]]
# How a statement names an order (its public number): the order side registers it when it is
# imported, since the book knows orders by id only.
_order_numbers: list[OrderNumbers] = []


def register_order_numbers(lookup: OrderNumbers) -> None:
    _order_numbers[:] = [lookup]


def _numbers(order_ids: set[int]) -> dict[int, str]:
    if not order_ids or not _order_numbers:
        return {}
    return _order_numbers[0](order_ids)


@dataclass(frozen=True)
class Summary:
    held_idr: int
    available_idr: int
    in_payout_idr: int
    paid_out_idr: int
    commission_idr: int


@dataclass
class Row:
    """One transaction as the seller sees it: what it changed in each of their balances."""

    transaction_id: int
    created_at: datetime
    kind: TransactionKind
    order_number: str = ""
    payout: Payout | None = None
    memo: str = ""
    changes: dict[AccountCode, int] = field(default_factory=lambda: defaultdict(int))
    commission_idr: int = 0

    @property
    def held_idr(self) -> int:
        return self.changes[AccountCode.HELD]

    @property
    def available_idr(self) -> int:
        return self.changes[AccountCode.AVAILABLE]

    @property
    def in_payout_idr(self) -> int:
        return self.changes[AccountCode.PAYOUT]


def _shop_entries(shop_id: int):
    return (sa.select(LedgerEntry.transaction_id, LedgerAccount.code, LedgerEntry.amount_idr)
            .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
            .where(LedgerAccount.shop_id == shop_id))


def summary(shop_id: int) -> Summary:
    paid_out = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_idr), 0))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerAccount.shop_id == shop_id, LedgerAccount.code == AccountCode.PAYOUT,
               LedgerTransaction.kind == TransactionKind.PAYOUT_PAID)) or 0
    release_ids = (sa.select(LedgerEntry.transaction_id)
                   .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
                   .where(LedgerAccount.shop_id == shop_id))
    commission = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_idr), 0))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == AccountCode.COMMISSION,
               LedgerEntry.transaction_id.in_(release_ids))) or 0
    return Summary(held_idr=balance(AccountCode.HELD, shop_id),
                   available_idr=balance(AccountCode.AVAILABLE, shop_id),
                   in_payout_idr=balance(AccountCode.PAYOUT, shop_id),
                   paid_out_idr=int(paid_out), commission_idr=-int(commission))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first and next month's first instant in Jakarta, as naive UTC."""
    start = datetime(month.year, month.month, 1, tzinfo=JAKARTA)
    following = (start + timedelta(days=32)).replace(day=1)
    to_utc = lambda moment: moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)  # noqa: E731
    return to_utc(start), to_utc(following)


def rows(shop_id: int, *, start: datetime | None = None, end: datetime | None = None,
         limit: int | None = None) -> list[Row]:
    """The shop's movements, newest first (statements: oldest first within the month)."""
    stmt = _shop_entries(shop_id).join(
        LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
    if start is not None:
        stmt = stmt.where(LedgerTransaction.created_at >= start)
    if end is not None:
        stmt = stmt.where(LedgerTransaction.created_at < end)
    changes: dict[int, dict[AccountCode, int]] = defaultdict(lambda: defaultdict(int))
    for txn_id, code, amount in db.session.execute(stmt):
        changes[txn_id][AccountCode(code)] += natural(AccountCode(code), amount)
    ids = sorted(changes, reverse=True)[:limit] if limit else sorted(changes, reverse=True)
    if not ids:
        return []
    txns = {t.id: t for t in db.session.scalars(
        sa.select(LedgerTransaction).where(LedgerTransaction.id.in_(ids)))}
    numbers = _numbers({t.order_id for t in txns.values() if t.order_id})
    payouts = {p.id: p for p in db.session.scalars(sa.select(Payout).where(
        Payout.id.in_({t.payout_id for t in txns.values() if t.payout_id})))}
    commission = dict(db.session.execute(
        sa.select(LedgerEntry.transaction_id, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == AccountCode.COMMISSION, LedgerEntry.transaction_id.in_(ids))
        .group_by(LedgerEntry.transaction_id)).all())
    result = []
    for txn_id in ids:
        txn = txns[txn_id]
        row = Row(transaction_id=txn.id, created_at=txn.created_at, kind=txn.kind,
                  order_number=numbers.get(txn.order_id, ""), payout=payouts.get(txn.payout_id),
                  memo=txn.memo, commission_idr=-int(commission.get(txn_id, 0)))
        row.changes.update({code: amount for code, amount in changes[txn_id].items()
                            if code in PER_SHOP})
        result.append(row)
    return result


@dataclass(frozen=True)
class Statement:
    month: date
    opening: dict[AccountCode, int]
    rows: list[Row]
    closing: dict[AccountCode, int]

    @property
    def commission_idr(self) -> int:
        return sum(row.commission_idr for row in self.rows)


def statement(shop_id: int, month: date) -> Statement:
    start, end = month_bounds(month)
    opening = {code: 0 for code in (AccountCode.HELD, AccountCode.AVAILABLE, AccountCode.PAYOUT)}
    before = (sa.select(LedgerAccount.code, sa.func.sum(LedgerEntry.amount_idr))
              .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
              .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
              .where(LedgerAccount.shop_id == shop_id, LedgerTransaction.created_at < start)
              .group_by(LedgerAccount.code))
    for code, total in db.session.execute(before):
        opening[AccountCode(code)] = natural(AccountCode(code), int(total))
    month_rows = list(reversed(rows(shop_id, start=start, end=end)))
    closing = {code: opening[code] + sum(row.changes[code] for row in month_rows)
               for code in opening}
    return Statement(month=month, opening=opening, rows=month_rows, closing=closing)
