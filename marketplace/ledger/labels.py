"""Words shown for the ledger's transaction kinds and accounts (seller and admin pages)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.ledger.models import AccountCode
from marketplace.ledger.models import TransactionKind as K

KIND_LABELS = {
    K.PAYMENT: _l("Buyer paid: held until receipt"),
    K.RELEASE: _l("Released after receipt, less commission"),
    K.REFUND: _l("Refund to the buyer"),
    K.REFUND_DUE: _l("Cancelled: owed back to the buyer"),
    K.PAYOUT: _l("Payout to your bank account started"),
    K.PAYOUT_PAID: _l("Paid out to your bank account"),
    K.PAYOUT_FAILED: _l("Payout failed: back in your balance"),
    K.DISPUTE_OPENED: _l("Card dispute opened"),
    K.DISPUTE_WON: _l("Card dispute won"),
    K.DISPUTE_LOST: _l("Card dispute lost"),
    K.UNMATCHED_PAYMENT: _l("Payment not matched to an order"),
    K.GATEWAY_FEE: _l("Payment gateway fee"),
}

ACCOUNT_LABELS = {
    AccountCode.CASH: _l("Cash (bank and Stripe)"),
    AccountCode.HELD: _l("Held for sellers until receipt"),
    AccountCode.AVAILABLE: _l("Available to sellers"),
    AccountCode.PAYOUT: _l("In payout batches"),
    AccountCode.COMMISSION: _l("Commission earned"),
    AccountCode.TRANSFER_CODES: _l("Unique transfer codes"),
    AccountCode.REFUNDS_DUE: _l("Owed back to buyers"),
    AccountCode.DISPUTED: _l("Taken by Stripe for open disputes"),
    AccountCode.DISPUTE_LOSSES: _l("Card disputes lost"),
    AccountCode.REFUND_SHORTFALL: _l("Refunds not covered by a seller's balance"),
    AccountCode.SUSPENSE: _l("Suspense (unmatched money)"),
    AccountCode.FEE_XENDIT_QRIS: _l("Xendit fees: QRIS"),
    AccountCode.FEE_XENDIT_VA: _l("Xendit fees: virtual accounts"),
    AccountCode.FEE_XENDIT_EWALLET: _l("Xendit fees: e-wallets"),
    AccountCode.FEE_XENDIT_OTC: _l("Xendit fees: retail outlets"),
    AccountCode.FEES_PASSED_ON: _l("Fees passed on to buyers"),
}
