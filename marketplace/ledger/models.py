"""The ledger's tables: accounts, transactions and their entries (append-only), commission
rates, payouts. (Complaints and card disputes are aftersales'; transactions refer to them by id.)"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class AccountCode(enum.StrEnum):
    """Where money sits. Entries are signed: a debit is positive, a credit negative."""

    CASH = "cash"  # the marketplace's bank and Stripe accounts (asset)
    HELD = "seller_held"  # per shop: paid by buyers, waiting for receipt (owed to the seller)
    AVAILABLE = "seller_available"  # per shop: released, waiting for a payout
    PAYOUT = "seller_payout"  # per shop: in a payout batch, waiting for the bank
    COMMISSION = "commission"  # the marketplace's earnings
    TRANSFER_CODES = "transfer_codes"  # the unique rupiah added to bank-transfer totals
    REFUNDS_DUE = "refunds_due"  # owed back to buyers, to be transferred by an admin
    DISPUTED = "disputed"  # taken by Stripe while a card dispute is open (asset)
    DISPUTE_LOSSES = "dispute_losses"  # card disputes lost: the marketplace bears them
    REFUND_SHORTFALL = "refund_shortfall"  # refunds the seller's balance could not cover
    SUSPENSE = "suspense"  # money that matches no order yet (reconciliation lists it)
    # What a gateway keeps of each payment, one expense account per gateway and method.
    FEE_XENDIT_QRIS = "fee_xendit_qris"
    FEE_XENDIT_VA = "fee_xendit_va"
    FEE_XENDIT_EWALLET = "fee_xendit_ewallet"
    FEE_XENDIT_OTC = "fee_xendit_otc"
    # Fees passed on to buyers for the way they paid (per order): the store's revenue.
    FEES_PASSED_ON = "fees_passed_on"


# Accounts whose natural balance is a debit (assets and losses); the others are credits.
GATEWAY_FEES = {AccountCode.FEE_XENDIT_QRIS, AccountCode.FEE_XENDIT_VA,
                AccountCode.FEE_XENDIT_EWALLET, AccountCode.FEE_XENDIT_OTC}
DEBIT_NORMAL = {AccountCode.CASH, AccountCode.DISPUTED, AccountCode.DISPUTE_LOSSES,
                AccountCode.REFUND_SHORTFALL} | GATEWAY_FEES
PER_SHOP = {AccountCode.HELD, AccountCode.AVAILABLE, AccountCode.PAYOUT}
# Never allowed below zero: a posting that would do it is refused.
GUARDED = PER_SHOP | {AccountCode.REFUNDS_DUE, AccountCode.TRANSFER_CODES,
                      AccountCode.FEES_PASSED_ON}


class TransactionKind(enum.StrEnum):
    PAYMENT = "payment"  # a buyer paid an order
    RELEASE = "release"  # a shipment's money becomes the seller's, less commission
    REFUND = "refund"  # money back to a buyer
    REFUND_DUE = "refund_due"  # cancelled automatically: owed back by bank transfer
    PAYOUT = "payout"  # available balance put in a payout batch
    PAYOUT_PAID = "payout_paid"  # the bank paid the seller
    PAYOUT_FAILED = "payout_failed"  # the bank refused: back to the seller's balance
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_WON = "dispute_won"
    DISPUTE_LOST = "dispute_lost"
    UNMATCHED_PAYMENT = "unmatched_payment"  # money for an expired order or unknown session
    GATEWAY_FEE = "gateway_fee"  # what the gateway kept of a payment


class LedgerAccount(db.Model):
    """An account: its row is never updated; it is what a posting locks."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (sa.UniqueConstraint("key", name="uq_ledger_accounts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(40))  # "cash", "seller_held:12"
    code: Mapped[AccountCode] = mapped_column(str_enum(AccountCode, "ledger_account_code"))
    shop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shops.id", ondelete="RESTRICT"),
                                                index=True)


class LedgerTransaction(db.Model):
    """A balanced set of entries (they sum to zero). Append-only."""

    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TransactionKind] = mapped_column(str_enum(TransactionKind, "ledger_kind"))
    # Unique: a replayed webhook or a second click cannot post the same movement twice.
    idempotency_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="RESTRICT"),
                                                 index=True)
    shipment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shipments.id", ondelete="RESTRICT"), index=True)
    payout_id: Mapped[int | None] = mapped_column(sa.ForeignKey("payouts.id", ondelete="RESTRICT"))
    refund_id: Mapped[int | None] = mapped_column(sa.ForeignKey("refunds.id", ondelete="RESTRICT"))
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="RESTRICT"))
    dispute_id: Mapped[int | None] = mapped_column(sa.ForeignKey("disputes.id", ondelete="RESTRICT"))
    memo: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    entries: Mapped[list[LedgerEntry]] = relationship(back_populates="transaction",
                                                      order_by="LedgerEntry.id")


class LedgerEntry(db.Model):
    """One line of a transaction: a signed amount (debit +, credit −) on one account."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.CheckConstraint("amount_idr <> 0", name="amount_not_zero"),
        sa.Index("ix_ledger_entries_account_shipment", "account_id", "shipment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ledger_transactions.id", ondelete="RESTRICT"), index=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id", ondelete="RESTRICT"))
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    # Which order and shipment the money belongs to, so held money is traced per shipment.
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="RESTRICT"),
                                                 index=True)
    shipment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shipments.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    transaction: Mapped[LedgerTransaction] = relationship(back_populates="entries")
    account: Mapped[LedgerAccount] = relationship()


class CommissionRate(db.Model):
    """The marketplace's rate (no category, no shop) and its overrides, in basis points."""

    __tablename__ = "commission_rates"
    __table_args__ = (
        sa.CheckConstraint("rate_bps >= 0 AND rate_bps <= 10000", name="rate_in_range"),
        sa.CheckConstraint("category_id IS NULL OR shop_id IS NULL", name="one_scope"),
        sa.UniqueConstraint("scope_key", name="uq_commission_rates_scope_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_key: Mapped[str] = mapped_column(sa.String(40))  # "marketplace", "category:3", "shop:9"
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("categories.id", ondelete="CASCADE"))
    shop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shops.id", ondelete="CASCADE"))
    rate_bps: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PayoutStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"


class PayoutBatch(db.Model):
    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    payouts: Mapped[list[Payout]] = relationship(back_populates="batch", order_by="Payout.id")


class Payout(db.Model):
    """One transfer to one seller's bank account, with the account as it was then."""

    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("payout_batches.id", ondelete="RESTRICT"),
                                          index=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id", ondelete="RESTRICT"), index=True)
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[PayoutStatus] = mapped_column(str_enum(PayoutStatus, "payout_status"),
                                                 default=PayoutStatus.PENDING)
    bank_name: Mapped[str] = mapped_column(sa.String(60))
    bank_account_holder: Mapped[str] = mapped_column(sa.String(120))
    bank_account_number: Mapped[str] = mapped_column(sa.String(34))
    bank_reference: Mapped[str] = mapped_column(sa.String(120), default="")
    failure_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column()

    batch: Mapped[PayoutBatch] = relationship(back_populates="payouts")
    shop = relationship("Shop")
