"""What a payment gateway keeps of each payment, booked to its own expense account per
gateway and method (e.g. Xendit's QRIS MDR), so that the marketplace sees what each way of
paying costs it. Sellers do not bear it: escrow and commission are as for any payment.

| movement | debit | credit |
| --- | --- | --- |
| gateway fee | fee account of the gateway and method | cash |

Takes ids and amounts, never an order.
"""
from __future__ import annotations

from marketplace.ledger.models import AccountCode as A
from marketplace.ledger.models import TransactionKind as K
from marketplace.ledger.book import credit, debit, post

# By gateway and the kind of method (the gateway's own word for it).
FEE_ACCOUNTS: dict[tuple[str, str], A] = {
    ("xendit", "QR_CODE"): A.FEE_XENDIT_QRIS,
    ("xendit", "VIRTUAL_ACCOUNT"): A.FEE_XENDIT_VA,
    ("xendit", "EWALLET"): A.FEE_XENDIT_EWALLET,
    ("xendit", "OVER_THE_COUNTER"): A.FEE_XENDIT_OTC,
}


def fee_charged(gateway: str, method_kind: str, fee_idr: int, *, key: str,
                order_id: int | None = None, memo: str = ""):
    """The gateway kept `fee_idr` of a payment (once per `key`; None when posted before or
    when there is no fee)."""
    if fee_idr <= 0:
        return None
    code = FEE_ACCOUNTS[(gateway, method_kind)]
    return post(K.GATEWAY_FEE, f"fee:{key}"[:120], [
        debit(code, fee_idr, order_id=order_id), credit(A.CASH, fee_idr, order_id=order_id)],
        order_id=order_id, memo=memo)
