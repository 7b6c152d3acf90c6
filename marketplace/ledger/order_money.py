"""An order's money as the ledger tells it, for the admin answering a complaint or a dispute:
every transaction of the order with its entries, what is still held per parcel, the commission
taken. Read-only."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.ledger.models import AccountCode, LedgerEntry, LedgerTransaction
from marketplace.ledger.book import natural


@dataclass(frozen=True)
class OrderMoney:
    transactions: list[LedgerTransaction]  # oldest first, entries and their accounts loaded
    held_by_shipment: dict[int, int]  # still held for the parcel (0: released or refunded)
    commission_idr: int

    def signed(self, entry: LedgerEntry) -> int:
        """The entry in its account's own sense: + adds to the account, − takes from it."""
        return natural(entry.account.code, entry.amount_idr)


def order_money(order_id: int) -> OrderMoney:
    """Two statements whatever the number of transactions."""
    transactions = list(db.session.scalars(
        sa.select(LedgerTransaction).where(LedgerTransaction.order_id == order_id)
        .options(selectinload(LedgerTransaction.entries).joinedload(LedgerEntry.account))
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id)))
    held: dict[int, int] = defaultdict(int)
    commission = 0
    for transaction in transactions:
        for entry in transaction.entries:
            code = entry.account.code
            if code == AccountCode.HELD and entry.shipment_id is not None:
                held[entry.shipment_id] += natural(code, entry.amount_idr)
            elif code == AccountCode.COMMISSION:
                commission += natural(code, entry.amount_idr)
    return OrderMoney(transactions=transactions, held_by_shipment=dict(held),
                      commission_idr=commission)
