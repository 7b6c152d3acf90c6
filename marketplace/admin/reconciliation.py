"""Reconciliation: confirmed bank transfers and Stripe payments against orders and the
ledger, with everything that does not match listed, and the ledger's totals."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.aftersales.models import Dispute, DisputeStatus
from marketplace.extensions import db
from marketplace.ledger.models import (
    AccountCode,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from marketplace.ledger.book import natural
from marketplace.orders.models import Order, OrderStatus, PaymentMethod

PAID = (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED, OrderStatus.REFUNDED)


@dataclass(frozen=True)
class Mismatch:
    kind: str  # not_in_ledger, amount_differs, refund_differs, suspense
    order: Order | None
    expected_idr: int
    ledger_idr: int
    memo: str = ""


@dataclass(frozen=True)
class MethodTotal:
    method: PaymentMethod
    count: int
    total_idr: int
    matched: int


@dataclass(frozen=True)
class Report:
    methods: list[MethodTotal]
    mismatches: list[Mismatch]
    balances: dict[AccountCode, int]
    unbalanced_transactions: list[int]
    open_disputes: list[Dispute]


def _cash_by_order(kinds: tuple[TransactionKind, ...]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(LedgerEntry.order_id, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerAccount.code == AccountCode.CASH, LedgerTransaction.kind.in_(kinds),
               LedgerEntry.order_id.is_not(None))
        .group_by(LedgerEntry.order_id))
    return {order_id: int(total) for order_id, total in rows}


def totals() -> dict[AccountCode, int]:
    rows = db.session.execute(
        sa.select(LedgerAccount.code, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
        .group_by(LedgerAccount.code))
    found = {AccountCode(code): natural(AccountCode(code), int(total)) for code, total in rows}
    return {code: found.get(code, 0) for code in AccountCode}


def unbalanced() -> list[int]:
    return list(db.session.scalars(
        sa.select(LedgerEntry.transaction_id).group_by(LedgerEntry.transaction_id)
        .having(sa.func.sum(LedgerEntry.amount_idr) != 0)))


def report() -> Report:
    paid_in = _cash_by_order((TransactionKind.PAYMENT,))
    refunded = _cash_by_order((TransactionKind.REFUND,))
    orders = list(db.session.scalars(sa.select(Order).where(Order.status.in_(PAID))
                                     .order_by(Order.paid_at)))
    mismatches, methods = [], {}
    for order in orders:
        count, total, matched = methods.get(order.payment_method, (0, 0, 0))
        in_ledger = paid_in.get(order.id)
        ok = in_ledger == order.total_idr
        methods[order.payment_method] = (count + 1, total + order.total_idr, matched + ok)
        if in_ledger is None:
            mismatches.append(Mismatch("not_in_ledger", order, order.total_idr, 0))
        elif not ok:
            mismatches.append(Mismatch("amount_differs", order, order.total_idr, in_ledger))
        ledger_refunds = -refunded.get(order.id, 0)
        if ledger_refunds != order.refunded_idr:
            mismatches.append(Mismatch("refund_differs", order, order.refunded_idr, ledger_refunds))
    for order_id in set(paid_in) - {o.id for o in orders}:
        order = db.session.get(Order, order_id)
        mismatches.append(Mismatch("ledger_without_payment", order, 0, paid_in[order_id]))
    suspense = db.session.execute(
        sa.select(LedgerTransaction, LedgerEntry.amount_idr)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == AccountCode.SUSPENSE).order_by(LedgerTransaction.id))
    # Per order, what is still in suspense (a late payment refunded from a gateway's dashboard
    # nets to nothing); money that names no order, entry by entry.
    by_order: dict[int, list] = {}
    for txn, amount in suspense:
        if txn.order_id is None:
            mismatches.append(Mismatch("suspense", None, 0, -int(amount), txn.memo))
        else:
            by_order.setdefault(txn.order_id, []).append((txn, int(amount)))
    for order_id, entries in by_order.items():
        left = -sum(amount for _txn, amount in entries)
        if left:
            mismatches.append(Mismatch("suspense", db.session.get(Order, order_id), 0, left,
                                       entries[0][0].memo))
    return Report(
        methods=[MethodTotal(method, *values) for method, values in methods.items()],
        mismatches=mismatches, balances=totals(), unbalanced_transactions=unbalanced(),
        open_disputes=list(db.session.scalars(sa.select(Dispute).where(
            Dispute.status == DisputeStatus.OPEN))))
