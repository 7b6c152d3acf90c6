"""Random histories of orders, payments, cancellations, deliveries, refunds, complaints,
deadlines and payouts: after every step every transaction balances, no guarded balance is
negative, and what buyers paid is exactly what sellers received or are still owed, plus
commission, plus fees passed on to buyers, plus refunds (less what the marketplace covered
itself). Orders are paid by bank transfer (with its unique code) or through a Xendit virtual
account carrying a passed-on fee (refunded by hand, like a transfer)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from marketplace.aftersales import decisions
from marketplace.admin import reconciliation
from marketplace.orders import deadlines, refunds
from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.aftersales.models import Complaint
from marketplace.ledger import payouts
from marketplace.ledger.models import (
    AccountCode as A,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    PayoutStatus,
    TransactionKind as K,
)
from marketplace.ledger.book import natural
from marketplace.orders import cart, checkout, payment_fees, services
from marketplace.orders.xendit_models import XenditPayment
from marketplace.orders.addresses import validate_address
from marketplace.orders.models import Order, OrderStatus, PaymentMethod, Shipment, ShipmentStatus
from marketplace.timeutil import utcnow
from tests.conftest import empty_all_tables
from tests.factories import make_product, make_shop, make_user
from tests.ledger.helpers import with_bank_account
from tests.orders.helpers import KUPANG
from tests.orders.test_concurrency import DictCart

FAR_FUTURE = timedelta(days=365)
VA = "va_bri"

step = st.one_of(
    st.tuples(st.just("order"), st.integers(0, 2), st.integers(1, 3), st.booleans()),
    st.tuples(st.just("pay"), st.integers(0, 9)),
    st.tuples(st.just("cancel"), st.integers(0, 9)),
    st.tuples(st.just("deliver"), st.integers(0, 19)),
    st.tuples(st.just("confirm"), st.integers(0, 19)),
    st.tuples(st.just("refund"), st.integers(0, 9), st.booleans(), st.integers(0, 19)),
    st.tuples(st.just("complain"), st.integers(0, 19)),
    st.tuples(st.just("decide"), st.integers(0, 9), st.sampled_from(["refund", "partial", "release"]),
              st.integers(1, 400_000)),
    st.tuples(st.just("deadline")),
    st.tuples(st.just("settle_owed"), st.integers(0, 9)),
    st.tuples(st.just("payout")),
    st.tuples(st.just("settle_payout"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("settle_payout"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("confirm"), st.integers(0, 19)),
)


class World:
    def __init__(self, app) -> None:
        self.app = app
        shops = [make_shop(regency="Kupang"), make_shop(regency="Belu")]
        self.products = [make_product(shop, prices=(price,), stocks=[1_000])
                         for shop, price in zip(shops, (150_000, 87_500), strict=True)]
        for shop in shops:
            with_bank_account(shop.id)
        self.admin = make_user(email="admin@sentra.id")
        app.config["PAYOUT_MINIMUM_IDR"] = 1
        self.address, _ = validate_address(KUPANG)
        # Rp4.000 and 1.5 % passed on to buyers who pay through a BRI virtual account.
        payment_fees.set_fee(VA, payment_fees.Fee(fixed_idr=4_000, bps=150))
        db.session.commit()

    def place(self, which: int, quantity: int, by_va: bool = False) -> None:
        products = self.products if which == 2 else [self.products[which]]
        store = DictCart(products[0].variants[0].id, products[0].variants[0].price_idr)
        for product in products[1:]:
            store.put(product.variants[0].id, quantity, product.variants[0].price_idr)
        store.put(products[0].variants[0].id, quantity, products[0].variants[0].price_idr)
        view = cart.view_cart(store)
        chosen = {q.group.shop.id: q.options[0].service for q in checkout.quote(view, self.address)}
        order = checkout.place_order(
            cart=view, address=self.address, services=chosen, email="b@contoh.id", user_id=None,
            payment_method=PaymentMethod.XENDIT if by_va else PaymentMethod.BANK_TRANSFER,
            fee_method=VA if by_va else None)
        if by_va:
            assert order.payment_fee_idr > 0
            db.session.add(XenditPayment(order_id=order.id, channel=VA, amount_idr=order.total_idr,
                                         status="PENDING"))
            db.session.commit()

    @staticmethod
    def pick(model, index: int, *where):
        rows = list(db.session.scalars(sa.select(model).where(*where).order_by(model.id)))
        return rows[index % len(rows)] if rows else None

    def run(self, action) -> None:
        name, *args = action
        if name == "order":
            self.place(*args)
        elif name == "pay" and (order := self.pick(
                Order, args[0], Order.status == OrderStatus.AWAITING_PAYMENT)):
            if order.payment_method == PaymentMethod.XENDIT:  # what Xendit's callback does
                services.mark_paid(order, actor_id=None, actor_label="xendit", note="pr-test")
            else:
                services.confirm_bank_transfer(order, reference="BRI", admin_id=None)
            db.session.commit()
        elif name == "cancel" and (order := self.pick(Order, args[0])):
            if order.status == OrderStatus.AWAITING_PAYMENT:
                services.cancel_by_buyer(order, None)
        elif name == "deliver" and (shipment := self.pick(
                Shipment, args[0], Shipment.status == ShipmentStatus.PROCESSING)):
            services.ship(shipment, courier="JNE", tracking_number="1", actor_id=None)
            services.mark_delivered(db.session.get(Shipment, shipment.id), actor_id=None)
        elif name == "confirm" and (shipment := self.pick(
                Shipment, args[0], Shipment.status == ShipmentStatus.DELIVERED)):
            try:
                escrow.confirm_receipt(shipment, user_id=None)
            except escrow.ReleaseError:
                db.session.rollback()
        elif name == "refund" and (order := self.pick(Order, args[0], Order.paid_at.is_not(None))):
            whole, index = args[1], args[2]
            shipment_id = None if whole else order.shipments[index % len(order.shipments)].id
            try:
                refunds.refund(services.load_order(order.number), shipment_id=shipment_id,
                               actor=None, reference="BRI REF")
            except refunds.RefundError:
                db.session.rollback()
        elif name == "complain" and (shipment := self.pick(
                Shipment, args[0], Shipment.status == ShipmentStatus.DELIVERED)):
            if not escrow.open_complaint(shipment.id):
                db.session.add(Complaint(shipment_id=shipment.id, order_id=shipment.order_id,
                                         reason="damaged", description="x"))
                db.session.commit()
        elif name == "decide" and (complaint := self.pick(
                Complaint, args[0], Complaint.status == "open")):
            try:
                decisions.decide(complaint, outcome=args[1], actor=None, amount_idr=args[2],
                                 reference="BRI REF")
            except decisions.DecisionError:
                db.session.rollback()
        elif name == "deadline":
            deadlines.enforce_deadlines(utcnow() + FAR_FUTURE)
        elif name == "settle_owed" and (order := self.pick(Order, args[0])):
            try:
                deadlines.settle_refund_due(order, reference="BRI OWED", actor=None)
            except deadlines.SettleError:
                db.session.rollback()
        elif name == "payout":
            payouts.build_batch(actor_id=None)
            db.session.commit()
        elif name == "settle_payout" and (payout := self.pick(
                Payout, args[0], Payout.status == PayoutStatus.PENDING)):
            payouts.settle(payout.id, paid=args[1], reference="BRI PO", reason="x")
            db.session.commit()
        db.session.rollback()


def _cash_of(kind: K) -> int:
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_idr), 0))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerAccount.code == A.CASH, LedgerTransaction.kind == kind)))


def check_the_books() -> None:
    db.session.expire_all()
    assert reconciliation.unbalanced() == []
    per_account = db.session.execute(
        sa.select(LedgerAccount.code, LedgerAccount.key, sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
        .group_by(LedgerAccount.code, LedgerAccount.key))
    for code, key, total in per_account:
        assert natural(A(code), int(total)) >= 0, key  # no balance is negative, cash included
    b = reconciliation.totals()
    paid_in = _cash_of(K.PAYMENT)
    refunded = -_cash_of(K.REFUND)
    paid_out = -_cash_of(K.PAYOUT_PAID)
    sellers = paid_out + b[A.HELD] + b[A.AVAILABLE] + b[A.PAYOUT]
    assert paid_in == (sellers + b[A.COMMISSION] + refunded + b[A.TRANSFER_CODES]
                       + b[A.FEES_PASSED_ON] + b[A.REFUNDS_DUE] - b[A.REFUND_SHORTFALL])
    assert b[A.CASH] == paid_in - refunded - paid_out
    # orders and ledger agree: every paid order in the ledger, every refund too
    assert reconciliation.report().mismatches == []
    # money is held only for parcels that can still be completed or refunded
    for shipment in db.session.scalars(sa.select(Shipment).where(
            Shipment.status.in_([ShipmentStatus.COMPLETED, ShipmentStatus.CANCELLED]))):
        from marketplace.ledger.postings import held_for

        assert held_for(shipment.shop_id, shipment.id) == 0, shipment.status


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
# derandomize: the same histories on every run and in CI (no example database shared between
# runs); a failure is then reproducible from the report alone.
@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=5, max_size=20))
# Found by this test: a refund of a parcel already paid out to its seller drove cash negative.
@example(steps=[("confirm", 0), ("payout",), ("settle_payout", 0, True), ("refund", 0, False, 0)])
@example(steps=[("confirm", 0), ("payout",), ("settle_payout", 0, True), ("refund", 0, True, 0)])
def test_random_histories_keep_the_books(app, steps):
    # Objects of the previous example must not stay in the session: their rows are gone, and
    # touching one would raise ObjectDeletedError instead of the assertion that failed.
    db.session.remove()
    try:
        world = World(app)
        for action in [("order", 2, 1), ("pay", 0), ("deliver", 0), ("order", 2, 1, True),
                       ("pay", 0)] + steps:
            world.run(action)
            check_the_books()
    finally:
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
