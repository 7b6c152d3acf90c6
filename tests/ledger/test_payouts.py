"""Payout batches: ready balances in full, held shops listed, settled once; two admins at once
pay a balance once, on SQLite and PostgreSQL."""
import threading

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.models import AccountCode, Payout, PayoutStatus
from marketplace.ledger.book import balance
from tests.admin.helpers import two_shop_products
from tests.ledger.helpers import balances, released_balance, unbalanced_transactions, with_bank_account


def test_batch_pays_ready_balances_and_holds_a_recent_bank_change(app):
    tenun, madu = two_shop_products()
    with_bank_account(tenun.shop_id)
    with_bank_account(madu.shop_id, changed_days_ago=1)
    released_balance(app, [tenun, madu])
    tenun_available = balances(tenun.shop_id)["available"]
    statuses = {c.shop.id: c.status for c in payouts.candidates()}
    assert statuses == {tenun.shop_id: payouts.READY, madu.shop_id: payouts.BANK_CHANGED}

    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    [payout] = batch.payouts
    assert (payout.shop_id, payout.amount_idr) == (tenun.shop_id, tenun_available)
    assert balances(tenun.shop_id) == {"held": 0, "available": 0, "payout": tenun_available}
    assert balances(madu.shop_id)["available"] > 0  # held for review, not paid
    csv_text = payouts.batch_csv(batch)
    assert "001201000123456" in csv_text and str(tenun_available) in csv_text

    payouts.settle(payout.id, paid=True, reference="BRI TRF 7788")
    db.session.commit()
    assert balances(tenun.shop_id) == {"held": 0, "available": 0, "payout": 0}
    with pytest.raises(payouts.PayoutError):
        payouts.settle(payout.id, paid=False, reason="late")
    db.session.rollback()
    assert payouts.batch_csv(db.session.get(type(batch), batch.id)).count("\r\n") == 1  # header
    assert unbalanced_transactions() == []


def test_failed_payout_returns_to_the_balance(app):
    tenun, _ = two_shop_products()
    with_bank_account(tenun.shop_id)
    released_balance(app, [tenun])
    amount = balances(tenun.shop_id)["available"]
    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    payouts.settle(batch.payouts[0].id, paid=False, reason="Rekening ditutup")
    db.session.commit()
    assert balances(tenun.shop_id) == {"held": 0, "available": amount, "payout": 0}
    assert payouts.build_batch(actor_id=None).payouts[0].amount_idr == amount


def test_below_minimum_and_no_bank_account_are_not_paid(app):
    tenun, madu = two_shop_products()
    with_bank_account(tenun.shop_id)
    released_balance(app, [tenun, madu])
    app.config["PAYOUT_MINIMUM_IDR"] = 10_000_000
    statuses = {c.shop.id: c.status for c in payouts.candidates()}
    assert statuses == {tenun.shop_id: payouts.BELOW_MINIMUM, madu.shop_id: payouts.NO_BANK_ACCOUNT}
    assert payouts.build_batch(actor_id=None) is None


def _race(app, count: int, work) -> list[str]:
    barrier = threading.Barrier(count)
    results, lock = [], threading.Lock()

    def run(n: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                outcome = work(n)
            except Exception as error:  # anything else is a bug: report it, don't hang
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_two_admins_building_batches_at_once_pay_once(app):
    tenun, madu = two_shop_products()
    with_bank_account(tenun.shop_id)
    with_bank_account(madu.shop_id)
    released_balance(app, [tenun, madu])
    expected = balances(tenun.shop_id)["available"] + balances(madu.shop_id)["available"]
    shop_ids = sorted([tenun.shop_id, madu.shop_id])  # plain values: threads share no ORM objects
    db.session.remove()

    def build(n: int) -> str:
        batch = payouts.build_batch(actor_id=None)
        db.session.commit()
        return "none" if batch is None else "batch"

    results = _race(app, 4, build)
    assert [r for r in results if r.startswith("error")] == []
    payouts_made = list(db.session.scalars(sa.select(Payout)))
    assert sum(p.amount_idr for p in payouts_made) == expected
    assert sorted(p.shop_id for p in payouts_made) == shop_ids
    assert sum(balance(AccountCode.PAYOUT, shop_id) for shop_id in shop_ids) == expected
    assert [balances(shop_id)["available"] for shop_id in shop_ids] == [0, 0]


def test_two_admins_settling_one_payout_at_once_settle_it_once(app):
    tenun, _ = two_shop_products()
    with_bank_account(tenun.shop_id)
    released_balance(app, [tenun])
    payout_id = payouts.build_batch(actor_id=None).payouts[0].id
    shop_id = tenun.shop_id
    db.session.commit()
    db.session.remove()

    def settle(n: int) -> str:
        try:
            payouts.settle(payout_id, paid=n % 2 == 0, reference=f"REF{n}", reason="x")
        except payouts.PayoutError:
            db.session.rollback()
            return "refused"
        db.session.commit()
        return "settled"

    results = _race(app, 4, settle)
    assert sorted(results) == ["refused", "refused", "refused", "settled"]
    payout = db.session.get(Payout, payout_id)
    assert payout.status in (PayoutStatus.PAID, PayoutStatus.FAILED)
    assert balances(shop_id)["payout"] == 0
    assert unbalanced_transactions() == []
