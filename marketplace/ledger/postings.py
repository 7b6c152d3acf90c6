"""The money movements of the marketplace, each one balanced `post` with a key that makes it
happen once. Called by the order, refund, payout, complaint and dispute services inside
their own transactions.

| movement | debit | credit |
| --- | --- | --- |
| buyer pays an order | cash (total) | held per shipment (goods + shipping), transfer codes, fees passed on |
| shipment released | held | seller available (less commission), commission |
| refund | held of the shipment, transfer codes, fees passed on, refunds owed, then the seller's available, then refund shortfall (at most the order's commission) | cash |
| ship-by deadline, bank transfer | held | refunds owed |
| payout batched | seller available | seller payout |
| payout paid / failed | seller payout | cash / seller available |
| card dispute opened | disputed | cash |
| dispute won / lost | cash / dispute losses | disputed |
| money for no open order, or a gateway's refund that failed | cash | suspense |
| refund of money in suspense (a gateway's dashboard) | suspense | cash |
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import commission
from marketplace.ledger.models import AccountCode as A
from marketplace.ledger.models import LedgerAccount, LedgerEntry
from marketplace.ledger.models import TransactionKind as K
from marketplace.ledger.book import (
    InsufficientBalance,
    account,
    balance,
    credit,
    debit,
    lock,
    natural,
    post,
)


@dataclass(frozen=True)
class ParcelMoney:
    """What the book needs of one shipment: ids and amounts (the order side builds it; the
    book never reads an order)."""

    shipment_id: int
    order_id: int
    shop_id: int | None  # None: the shop was deleted
    paid_idr: int  # goods + shipping
    commission_idr: int = 0


def payment_received(order_id: int, *, total_idr: int, unique_code_idr: int,
                     parcels: list[ParcelMoney], fee_passed_on_idr: int = 0, memo: str = ""):
    """The buyer paid: cash in; held per parcel for its seller; the transfer code, and the
    fee passed on for the way of paying (the store's revenue), per order."""
    lines = [debit(A.CASH, total_idr, order_id=order_id)]
    for parcel in parcels:
        if parcel.shop_id is None:  # the shop was deleted: nobody to hold it for
            lines.append(credit(A.SUSPENSE, parcel.paid_idr, order_id=order_id,
                                shipment_id=parcel.shipment_id))
        else:
            lines.append(credit(A.HELD, parcel.paid_idr, shop_id=parcel.shop_id,
                                order_id=order_id, shipment_id=parcel.shipment_id))
    lines.append(credit(A.TRANSFER_CODES, unique_code_idr, order_id=order_id))
    lines.append(credit(A.FEES_PASSED_ON, fee_passed_on_idr, order_id=order_id))
    return post(K.PAYMENT, f"payment:{order_id}", lines, order_id=order_id, memo=memo)


def unmatched_payment(amount_idr: int, key: str, *, order_id: int | None = None, memo: str = ""):
    """Money arrived that no open order takes (it expired meanwhile, or an unknown session):
    it waits in suspense, listed by the reconciliation report, for an admin to refund it."""
    return post(K.UNMATCHED_PAYMENT, key, [debit(A.CASH, amount_idr, order_id=order_id),
                                           credit(A.SUSPENSE, amount_idr, order_id=order_id)],
                order_id=order_id, memo=memo)


def held_for(shop_id: int | None, shipment_id: int) -> int:
    """What is still held for one shipment of a shop."""
    if shop_id is None:
        return 0
    return balance(A.HELD, shop_id, shipment_id=shipment_id)


def release(shipment: ParcelMoney):
    """What is still held for the shipment becomes the seller's, less commission."""
    if shipment.shop_id is None:
        return None
    lock([account(A.HELD, shipment.shop_id)])
    held = held_for(shipment.shop_id, shipment.shipment_id)
    if held <= 0:
        return None
    fee = commission.commission_on_release(shipment.commission_idr, held, shipment.paid_idr)
    refs = dict(order_id=shipment.order_id, shipment_id=shipment.shipment_id)
    return post(K.RELEASE, f"release:{shipment.shipment_id}", [
        debit(A.HELD, held, shop_id=shipment.shop_id, **refs),
        credit(A.AVAILABLE, held - fee, shop_id=shipment.shop_id, **refs),
        credit(A.COMMISSION, fee, **refs),
    ], **refs)


def refund_due(shipment: ParcelMoney, *, memo: str = ""):
    """Cancelled after payment without a way to pay back at once (bank transfer): the money
    held becomes owed to the buyer until an admin transfers it."""
    if shipment.shop_id is None:
        return None
    lock([account(A.HELD, shipment.shop_id)])
    held = held_for(shipment.shop_id, shipment.shipment_id)
    if held <= 0:
        return None
    refs = dict(order_id=shipment.order_id, shipment_id=shipment.shipment_id)
    return post(K.REFUND_DUE, f"refund-due:{shipment.shipment_id}", [
        debit(A.HELD, held, shop_id=shipment.shop_id, **refs),
        credit(A.REFUNDS_DUE, held, order_id=shipment.order_id)], memo=memo, **refs)


def refundable_idr(order_id: int, shipments: list[ParcelMoney]) -> int:
    """The most a refund of these shipments can give back from money the marketplace still
    has for it: what is held for them, the order's transfer code and refunds owed, the sellers'
    available balances (a clawback after release), and the commission the marketplace took on
    the order less what earlier refunds already cost it. Money already paid out to the seller
    is not there any more: refunding it would spend other buyers' escrowed money."""
    shops = sorted({s.shop_id for s in shipments if s.shop_id is not None})
    held_ids = [s.shipment_id for s in shipments if s.shop_id is not None]
    per_order = [A.TRANSFER_CODES, A.FEES_PASSED_ON, A.REFUNDS_DUE, A.COMMISSION,
                 A.REFUND_SHORTFALL]
    rows = db.session.execute(  # one statement, whatever the order's history
        sa.select(LedgerAccount.code, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
        .where(sa.or_(
            sa.and_(LedgerAccount.code == A.HELD, LedgerEntry.shipment_id.in_(held_ids)),
            sa.and_(LedgerAccount.code.in_(per_order), LedgerEntry.order_id == order_id),
            sa.and_(LedgerAccount.code == A.AVAILABLE, LedgerAccount.shop_id.in_(shops))))
        .group_by(LedgerAccount.code))
    got = {A(code): natural(A(code), int(total)) for code, total in rows}
    return (got.get(A.HELD, 0) + got.get(A.TRANSFER_CODES, 0) + got.get(A.FEES_PASSED_ON, 0)
            + got.get(A.REFUNDS_DUE, 0)
            + got.get(A.AVAILABLE, 0)
            + max(0, got.get(A.COMMISSION, 0) - got.get(A.REFUND_SHORTFALL, 0)))


def _shortfall_allowed(order_id: int) -> int:
    """The marketplace bears a refund's shortfall only up to the commission it earned on the
    order (giving its own income back), never with money that belongs to others."""
    return max(0, balance(A.COMMISSION, order_id=order_id)
               - balance(A.REFUND_SHORTFALL, order_id=order_id))


def refund(order_id: int, amount_idr: int, *, key: str, shipments: list[ParcelMoney],
           refund_id: int | None = None, complaint_id: int | None = None, memo: str = ""):
    """Money back to the buyer, taken first from what is still held for these shipments, then
    from the order's transfer code and what is owed back, then (after release: a clawback)
    from the sellers' available balances, and what none of these covers is the marketplace's
    loss (refund shortfall), at most the commission it took on the order: InsufficientBalance
    beyond (`refundable_idr` tells before)."""
    shops = sorted({s.shop_id for s in shipments if s.shop_id is not None})
    lock([account(A.HELD, shop) for shop in shops] + [account(A.AVAILABLE, shop) for shop in shops]
         + [account(A.TRANSFER_CODES), account(A.FEES_PASSED_ON), account(A.REFUNDS_DUE)])
    left = amount_idr
    lines = []

    def take(code, available, **refs):
        nonlocal left
        part = min(left, available)
        if part > 0:
            lines.append(debit(code, part, **refs))
            left -= part

    for shipment in shipments:
        if shipment.shop_id is not None:
            take(A.HELD, held_for(shipment.shop_id, shipment.shipment_id), shop_id=shipment.shop_id,
                 order_id=order_id, shipment_id=shipment.shipment_id)
    take(A.TRANSFER_CODES, balance(A.TRANSFER_CODES, order_id=order_id), order_id=order_id)
    take(A.FEES_PASSED_ON, balance(A.FEES_PASSED_ON, order_id=order_id), order_id=order_id)
    take(A.REFUNDS_DUE, balance(A.REFUNDS_DUE, order_id=order_id), order_id=order_id)
    for shipment in shipments:
        if shipment.shop_id is not None:
            taken = sum(-line.amount_idr for line in lines if line.code == A.AVAILABLE
                        and line.shop_id == shipment.shop_id)
            take(A.AVAILABLE, balance(A.AVAILABLE, shipment.shop_id) - taken,
                 shop_id=shipment.shop_id, order_id=order_id, shipment_id=shipment.shipment_id)
    if left > _shortfall_allowed(order_id):
        raise InsufficientBalance(f"refund of order {order_id}", amount_idr - left, amount_idr)
    if left > 0:
        lines.append(debit(A.REFUND_SHORTFALL, left, order_id=order_id))
    lines.append(credit(A.CASH, amount_idr, order_id=order_id))
    return post(K.REFUND, key, lines, order_id=order_id, refund_id=refund_id,
                complaint_id=complaint_id,
                shipment_id=shipments[0].shipment_id if len(shipments) == 1 else None, memo=memo)


def refund_from_suspense(amount_idr: int, key: str, *, order_id: int | None = None,
                         refund_id: int | None = None, memo: str = ""):
    """Money went back to a buyer that no escrow held for: a payment waiting in suspense
    (late, a second payment) refunded in a gateway's dashboard, or a refund beyond what the
    marketplace still had for the order (suspense then shows it, for an admin to look at)."""
    return post(K.REFUND, key, [debit(A.SUSPENSE, amount_idr, order_id=order_id),
                                credit(A.CASH, amount_idr, order_id=order_id)],
                order_id=order_id, refund_id=refund_id, memo=memo)


def refund_due_paid(order_id: int, amount_idr: int, *, refund_id: int, memo: str = ""):
    """An admin transferred what was owed back to the buyer."""
    return post(K.REFUND, f"refund:{refund_id}", [
        debit(A.REFUNDS_DUE, amount_idr, order_id=order_id),
        credit(A.CASH, amount_idr, order_id=order_id)], order_id=order_id, refund_id=refund_id,
        memo=memo)


def payout_batched(payout):
    return post(K.PAYOUT, f"payout:{payout.id}", [
        debit(A.AVAILABLE, payout.amount_idr, shop_id=payout.shop_id),
        credit(A.PAYOUT, payout.amount_idr, shop_id=payout.shop_id)], payout_id=payout.id)


def payout_paid(payout):
    return post(K.PAYOUT_PAID, f"payout-settled:{payout.id}", [
        debit(A.PAYOUT, payout.amount_idr, shop_id=payout.shop_id),
        credit(A.CASH, payout.amount_idr)], payout_id=payout.id, memo=payout.bank_reference)


def payout_failed(payout):
    return post(K.PAYOUT_FAILED, f"payout-settled:{payout.id}", [
        debit(A.PAYOUT, payout.amount_idr, shop_id=payout.shop_id),
        credit(A.AVAILABLE, payout.amount_idr, shop_id=payout.shop_id)], payout_id=payout.id,
        memo=payout.failure_reason)


def dispute_opened(dispute_id: int, *, order_id: int, amount_idr: int):
    return post(K.DISPUTE_OPENED, f"dispute-opened:{dispute_id}", [
        debit(A.DISPUTED, amount_idr, order_id=order_id),
        credit(A.CASH, amount_idr, order_id=order_id)],
        order_id=order_id, dispute_id=dispute_id)


def dispute_closed(dispute_id: int, *, order_id: int, amount_idr: int, won: bool):
    """Won: Stripe gives the money back. Lost: the marketplace bears it (the seller keeps
    what was released; a lost card dispute is the marketplace's risk)."""
    target = A.CASH if won else A.DISPUTE_LOSSES
    return post(K.DISPUTE_WON if won else K.DISPUTE_LOST, f"dispute-closed:{dispute_id}", [
        debit(target, amount_idr, order_id=order_id),
        credit(A.DISPUTED, amount_idr, order_id=order_id)],
        order_id=order_id, dispute_id=dispute_id)
