"""Payouts: available balances above `PAYOUT_MINIMUM_IDR` go into a batch that an admin
exports as CSV for the bank, then marks each payout paid (with the bank's reference) or
failed (the amount returns to the seller's available balance).

A shop whose bank account changed in the last `PAYOUT_BANK_CHANGE_HOLD_DAYS` days (a change
of an existing account: a first account is not held), or that is suspended, is held for
review: listed, not paid. An admin who has checked a changed account may release its hold
early (`release_bank_hold`). Two admins building a batch at once pay
each balance once: the batch starts with a write (SQLite's write lock) and each seller's
available account is locked before its balance is read (PostgreSQL's row lock).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace import csvexport
from marketplace.catalog.models import Shop, ShopStatus
from marketplace.catalog.recipients import queue_shop_mail
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger.models import (
    AccountCode,
    LedgerAccount,
    LedgerEntry,
    Payout,
    PayoutBatch,
    PayoutStatus,
)
from marketplace.ledger.book import account, balance, lock
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.timeutil import utcnow

MAIL_LOCALE = "id"  # mail goes out in Indonesian, the store's language
READY, BELOW_MINIMUM, NO_BANK_ACCOUNT, BANK_CHANGED, SUSPENDED = (
    "ready", "below_minimum", "no_bank_account", "bank_changed", "suspended")


class PayoutError(DomainError):
    """`code`: already_settled, reference_needed, unknown; for a bank hold: not_held,
    changed_again."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Candidate:
    shop: Shop
    available_idr: int
    status: str


def _available_by_shop() -> dict[int, int]:
    rows = db.session.execute(
        sa.select(LedgerAccount.shop_id, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
        .where(LedgerAccount.code == AccountCode.AVAILABLE)
        .group_by(LedgerAccount.shop_id))
    return {shop_id: -int(total) for shop_id, total in rows if total}


def available_idr(shop_id: int) -> int:
    return balance(AccountCode.AVAILABLE, shop_id)


def bank_hold_until(shop: Shop, now=None) -> datetime | None:
    """Until when payouts to the shop wait for review because its bank account was changed
    (a shop's first account is no change), or None: not held, or released by an admin."""
    changed, released = shop.bank_details_changed_at, shop.bank_hold_released_at
    if changed is None or (released is not None and released >= changed):
        return None
    until = changed + timedelta(days=current_app.config["PAYOUT_BANK_CHANGE_HOLD_DAYS"])
    return until if until > (now or utcnow()) else None


def release_bank_hold(shop_id: int, *, changed_at_seen: str, now=None) -> Shop:
    """An admin has checked the changed account with the seller: payouts may go to it now.
    In the caller's transaction (the admin side records it in the audit log with the reason).

    `changed_at_seen` is the change the admin looked at (`bank_details_changed_at` as ISO
    text): if the seller changed the account again meanwhile, PayoutError("changed_again")
    and nothing is released. PayoutError("not_held") when no hold is left to release."""
    shop = db.session.scalars(sa.select(Shop).where(Shop.id == shop_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()
    if shop is None:
        raise PayoutError("unknown")
    now = now or utcnow()
    if bank_hold_until(shop, now) is None:
        raise PayoutError("not_held")
    if shop.bank_details_changed_at.isoformat() != changed_at_seen:
        raise PayoutError("changed_again")
    shop.bank_hold_released_at = now
    return shop


def status_of(shop: Shop, available_idr: int, now=None) -> str:
    if not (shop.bank_account_number and shop.bank_name and shop.bank_account_holder):
        return NO_BANK_ACCOUNT
    if shop.status == ShopStatus.SUSPENDED:
        return SUSPENDED
    if bank_hold_until(shop, now) is not None:
        return BANK_CHANGED
    if available_idr < current_app.config["PAYOUT_MINIMUM_IDR"]:
        return BELOW_MINIMUM
    return READY


def candidates(now=None) -> list[Candidate]:
    """Every shop with an available balance, and whether it can be paid now."""
    amounts = _available_by_shop()
    shops = db.session.scalars(sa.select(Shop).where(Shop.id.in_(amounts)).order_by(Shop.name))
    return [Candidate(shop, amounts[shop.id], status_of(shop, amounts[shop.id], now))
            for shop in shops]


def count_ready(now=None) -> int:
    """Shops that can be paid now (what the next batch would pay)."""
    return sum(1 for candidate in candidates(now) if candidate.status == READY)


def build_batch(*, actor_id: int | None, now=None) -> PayoutBatch | None:
    """A batch of every ready balance, in full; None (nothing written) when none is ready."""
    ready = [c.shop.id for c in candidates(now) if c.status == READY]
    db.session.rollback()  # end the reads: the batch's transaction starts with its first write
    if not ready:
        return None
    try:
        batch = PayoutBatch(created_by_id=actor_id)
        db.session.add(batch)
        db.session.flush()
        for shop_id in ready:
            lock([account(AccountCode.AVAILABLE, shop_id)])
            amount = balance(AccountCode.AVAILABLE, shop_id)  # read under the lock
            shop = db.session.get(Shop, shop_id)
            if status_of(shop, amount, now) != READY:
                continue  # paid by another batch meanwhile, or its bank account changed
            payout = Payout(batch_id=batch.id, shop_id=shop_id, amount_idr=amount,
                            bank_name=shop.bank_name, bank_account_holder=shop.bank_account_holder,
                            bank_account_number=shop.bank_account_number)
            db.session.add(payout)
            db.session.flush()
            postings.payout_batched(payout)
        if not batch.payouts:
            db.session.rollback()
            return None
        return batch
    except BaseException:
        db.session.rollback()
        raise


def settle(payout_id: int, *, paid: bool, reference: str = "", reason: str = "") -> Payout:
    """The bank paid it (with its reference) or refused it (the amount returns to available).
    In the caller's transaction. Only a pending payout can be settled, once."""
    reference, reason = reference.strip()[:120], reason.strip()[:300]
    if paid and not reference:
        raise PayoutError("reference_needed")
    if paid:
        values = dict(status=PayoutStatus.PAID, bank_reference=reference)
    else:
        values = dict(status=PayoutStatus.FAILED, failure_reason=reason)
    settled = db.session.execute(
        sa.update(Payout).where(Payout.id == payout_id, Payout.status == PayoutStatus.PENDING)
        .values(settled_at=utcnow(), **values).returning(Payout.id).execution_options(synchronize_session=False)
    ).scalar()
    if settled is None:
        raise PayoutError("already_settled" if db.session.get(Payout, payout_id) else "unknown")
    payout = db.session.scalars(sa.select(Payout).where(Payout.id == payout_id)
                                .execution_options(populate_existing=True)).one()
    (postings.payout_paid if paid else postings.payout_failed)(payout)
    _tell_seller(payout)
    return payout


def _tell_seller(payout: Payout) -> None:
    """Paid or refused, whoever receives the shop's mail is told (a refusal needs them to check
    the bank details)."""
    shop = db.session.get(Shop, payout.shop_id)
    with force_locale(MAIL_LOCALE):
        amount = format_idr(payout.amount_idr, MAIL_LOCALE)
        if payout.status == PayoutStatus.PAID:
            queue_shop_mail(shop.id, _("Payout of %(amount)s sent", amount=amount),
                            _("Sentra has transferred %(amount)s to your bank account %(account)s "
                              "(bank reference %(reference)s).\n\n%(url)s\n\nSentra",
                              amount=amount, account=shop.masked_bank_account,
                              reference=payout.bank_reference, url=external_url("ledger.balance")))
        else:
            queue_shop_mail(shop.id, _("Payout of %(amount)s failed", amount=amount),
                            _("The bank could not pay %(amount)s into your account %(account)s "
                              "(%(reason)s). The amount is back in your balance: please check "
                              "the bank details of your shop.\n\n%(url)s\n\nSentra",
                              amount=amount, account=shop.masked_bank_account,
                              reason=payout.failure_reason or "-",
                              url=external_url("sellers.edit_shop")))


def batches(limit: int = 50) -> list[PayoutBatch]:
    return list(db.session.scalars(sa.select(PayoutBatch).order_by(PayoutBatch.id.desc())
                                   .limit(limit)))


CSV_HEADER = ["payout_id", "shop", "bank", "account_holder", "account_number", "amount_idr",
              "description"]


def batch_rows(batch: PayoutBatch) -> list[list[str | int]]:
    """One row per pending payout, for the bank's bulk-transfer upload."""
    return [[payout.id, payout.shop.name, payout.bank_name, payout.bank_account_holder,
             payout.bank_account_number, payout.amount_idr, f"SENTRA PAYOUT {payout.id}"]
            for payout in batch.payouts if payout.status == PayoutStatus.PENDING]


def batch_csv(batch: PayoutBatch) -> str:
    """The batch as the bank takes it: UTF-8 without a byte order mark, comma, CRLF."""
    return csvexport.csv_text(CSV_HEADER, batch_rows(batch))
