"""The posting function and the database refuse what would break the books."""
import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import book
from marketplace.ledger.models import AccountCode as A
from marketplace.ledger.models import LedgerEntry, LedgerTransaction, TransactionKind as K
from marketplace.ledger.book import credit, debit
from tests.factories import make_shop


def _sale(shop_id: int, key: str = "t1", amount: int = 1_000):
    return book.post(K.PAYMENT, key, [debit(A.CASH, amount),
                                         credit(A.HELD, amount, shop_id=shop_id)])


def test_unbalanced_empty_and_float_sets_are_refused(app):
    shop = make_shop()
    with pytest.raises(book.Unbalanced):
        book.post(K.PAYMENT, "x", [debit(A.CASH, 100), credit(A.HELD, 99, shop_id=shop.id)])
    with pytest.raises(book.Unbalanced):
        book.post(K.PAYMENT, "x", [])
    with pytest.raises(book.LedgerError):
        book.post(K.PAYMENT, "x", [debit(A.CASH, 1.5), credit(A.COMMISSION, 1.5)])
    with pytest.raises(book.LedgerError):  # a seller's account needs its shop
        book.post(K.PAYMENT, "x", [debit(A.CASH, 1), credit(A.HELD, 1)])
    assert db.session.scalar(sa.select(sa.func.count(LedgerEntry.id))) == 0


def test_the_same_key_posts_once(app):
    shop = make_shop()
    assert _sale(shop.id) is not None
    assert _sale(shop.id) is None
    db.session.commit()
    assert book.balance(A.HELD, shop.id) == 1_000


def test_a_guarded_balance_cannot_go_below_zero(app):
    shop = make_shop()
    _sale(shop.id)
    with pytest.raises(book.InsufficientBalance):
        book.post(K.RELEASE, "r", [debit(A.HELD, 1_001, shop_id=shop.id),
                                      credit(A.AVAILABLE, 1_001, shop_id=shop.id)])


def test_rows_cannot_be_changed_or_deleted(app):
    shop = make_shop()
    txn = _sale(shop.id)
    db.session.commit()
    entry = db.session.scalars(sa.select(LedgerEntry)).first()
    entry.amount_idr = 5
    with pytest.raises(book.LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(LedgerTransaction, txn.id))
    with pytest.raises(book.LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    # and the database refuses it too, whoever asks
    for table in ("ledger_entries", "ledger_transactions"):
        with pytest.raises(sa.exc.DatabaseError):
            db.session.execute(sa.text(f"UPDATE {table} SET created_at = created_at"))
        db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DatabaseError):
            db.session.execute(sa.text("DELETE FROM ledger_entries"))
        db.session.rollback()
    assert book.balance(A.HELD, shop.id) == 1_000


def test_postgresql_refuses_an_unbalanced_transaction_at_commit(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a deferred constraint trigger needs PostgreSQL; SQLite relies on post()")
    shop = make_shop()
    txn = _sale(shop.id)
    db.session.commit()
    account_id = db.session.scalar(sa.select(LedgerEntry.account_id).limit(1))
    db.session.execute(sa.insert(LedgerEntry).values(transaction_id=txn.id, account_id=account_id,
                                                     amount_idr=7))
    with pytest.raises(sa.exc.DatabaseError):
        db.session.commit()
    db.session.rollback()
