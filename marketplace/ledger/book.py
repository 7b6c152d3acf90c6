"""The book: the one way money moves: `post`, a balanced set of entries under a unique key.

`post` refuses a set that does not sum to zero, an empty set, a zero entry and anything that
would take a guarded account (a seller's held, available or payout balance, refunds owed,
transfer codes) below zero. It locks the guarded accounts it debits, in id order, before it
reads their balances, so two postings that spend the same balance queue up instead of both
spending it (PostgreSQL: a row lock; SQLite: the first write takes the database's write lock).

Rows are never updated or deleted: the ORM refuses it (below) and so does the database
(triggers made by migration 0008).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger.models import (
    DEBIT_NORMAL,
    GUARDED,
    PER_SHOP,
    AccountCode,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from marketplace.timeutil import utcnow

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class LedgerError(DomainError):
    """A posting was refused; nothing was written."""


class Unbalanced(LedgerError):
    pass


class InsufficientBalance(LedgerError):
    def __init__(self, account_key: str, balance: int, wanted: int) -> None:
        super().__init__(f"{account_key} holds {balance}, {wanted} wanted")
        self.account_key, self.balance, self.wanted = account_key, balance, wanted


class LedgerIsAppendOnly(RuntimeError):
    pass


@dataclass(frozen=True)
class Line:
    """One entry to post: debit positive, credit negative."""

    code: AccountCode
    amount_idr: int
    shop_id: int | None = None
    order_id: int | None = None
    shipment_id: int | None = None


def debit(code, amount, **refs) -> Line:
    return Line(code, amount, **refs)


def credit(code, amount, **refs) -> Line:
    return Line(code, -amount, **refs)


def account_key(code: AccountCode, shop_id: int | None) -> str:
    if (code in PER_SHOP) != (shop_id is not None):
        raise LedgerError(f"{code} {'needs' if code in PER_SHOP else 'takes no'} shop")
    return f"{code.value}:{shop_id}" if shop_id is not None else code.value


def account(code: AccountCode, shop_id: int | None = None) -> LedgerAccount:
    """The account, created on first use (INSERT ... ON CONFLICT DO NOTHING: two first uses at
    once make one row)."""
    key = account_key(code, shop_id)
    found = db.session.scalar(sa.select(LedgerAccount).where(LedgerAccount.key == key))
    if found is not None:
        return found
    table = LedgerAccount.__table__
    insert = _INSERTS[db.session.get_bind(mapper=LedgerAccount).dialect.name]
    db.session.execute(insert(table).values(key=key, code=code.value, shop_id=shop_id)
                       .on_conflict_do_nothing(index_elements=[table.c.key]))
    return db.session.scalars(sa.select(LedgerAccount).where(LedgerAccount.key == key)).one()


def lock(accounts: list[LedgerAccount]) -> None:
    """Lock accounts for a change of their balance, in id order (no deadlock): a no-op UPDATE
    is a row lock on PostgreSQL and the write lock on SQLite."""
    for acc in sorted({a.id: a for a in accounts}.values(), key=lambda a: a.id):
        db.session.execute(sa.update(LedgerAccount).where(LedgerAccount.id == acc.id)
                           .values(key=LedgerAccount.key)
                           .execution_options(synchronize_session=False))


def raw_sum(account_id: int, *, shipment_id: int | None = None,
            order_id: int | None = None) -> int:
    """Sum of the signed entries of an account (optionally of one shipment or order)."""
    stmt = sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_idr), 0)).where(
        LedgerEntry.account_id == account_id)
    if shipment_id is not None:
        stmt = stmt.where(LedgerEntry.shipment_id == shipment_id)
    if order_id is not None:
        stmt = stmt.where(LedgerEntry.order_id == order_id)
    return int(db.session.scalar(stmt) or 0)


def natural(code: AccountCode, signed: int) -> int:
    """A balance as people read it: positive for money in an asset or owed by a liability."""
    return signed if code in DEBIT_NORMAL else -signed


def balance(code: AccountCode, shop_id: int | None = None, *, shipment_id: int | None = None,
            order_id: int | None = None) -> int:
    key = account_key(code, shop_id)
    acc_id = db.session.scalar(sa.select(LedgerAccount.id).where(LedgerAccount.key == key))
    if acc_id is None:
        return 0
    return natural(code, raw_sum(acc_id, shipment_id=shipment_id, order_id=order_id))


def already_posted(idempotency_key: str) -> LedgerTransaction | None:
    return db.session.scalar(sa.select(LedgerTransaction).where(
        LedgerTransaction.idempotency_key == idempotency_key))


def post(kind: TransactionKind, idempotency_key: str, lines: list[Line], *, memo: str = "",
         **refs) -> LedgerTransaction | None:
    """Write one balanced transaction in the caller's transaction (never commits).

    Returns None when a transaction with this key exists already (a replay: nothing posted).
    `refs`: order_id, shipment_id, payout_id, refund_id, complaint_id, dispute_id.
    """
    lines = [line for line in lines if line.amount_idr != 0]
    if not lines:
        raise Unbalanced("a transaction needs entries")
    if any(not isinstance(line.amount_idr, int) or isinstance(line.amount_idr, bool)
           for line in lines):
        raise LedgerError("ledger amounts are int rupiah")
    if sum(line.amount_idr for line in lines) != 0:
        raise Unbalanced(f"entries of {idempotency_key} sum to "
                         f"{sum(line.amount_idr for line in lines)}, not 0")
    accounts = [account(line.code, line.shop_id) for line in lines]
    # Guarded accounts that this posting takes money from (a debit of a credit-normal account).
    spending: dict[int, int] = defaultdict(int)
    by_id = {acc.id: acc for acc in accounts}
    for line, acc in zip(lines, accounts, strict=True):
        if line.code in GUARDED and natural(line.code, line.amount_idr) < 0:
            spending[acc.id] += natural(line.code, line.amount_idr)
    lock([by_id[acc_id] for acc_id in spending])
    if already_posted(idempotency_key) is not None:
        return None
    for acc_id, change in spending.items():
        now = natural(by_id[acc_id].code, raw_sum(acc_id))
        if now + change < 0:
            raise InsufficientBalance(by_id[acc_id].key, now, -change)
    created = utcnow()
    table = LedgerTransaction.__table__
    insert = _INSERTS[db.session.get_bind(mapper=LedgerTransaction).dialect.name]
    # ON CONFLICT DO NOTHING: a concurrent posting of the same key (two webhook deliveries at
    # once) inserts nothing here instead of failing the caller's transaction.
    txn_id = db.session.execute(
        insert(table).values(kind=kind.value, idempotency_key=idempotency_key[:120],
                             memo=memo[:300], created_at=created, **refs)
        .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
        .returning(table.c.id)).scalar()
    if txn_id is None:
        return None
    db.session.execute(LedgerEntry.__table__.insert(), [
        dict(transaction_id=txn_id, account_id=acc.id, amount_idr=line.amount_idr,
             order_id=line.order_id, shipment_id=line.shipment_id, created_at=created)
        for line, acc in zip(lines, accounts, strict=True)])
    return db.session.get(LedgerTransaction, txn_id)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_ledger(session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, LedgerEntry | LedgerTransaction) and (
                obj in session.deleted or session.is_modified(obj, include_collections=False)):
            raise LedgerIsAppendOnly("ledger rows cannot be changed or deleted")
