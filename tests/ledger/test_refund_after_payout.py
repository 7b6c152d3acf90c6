"""A refund after the seller was paid out: the history the property test found, where the
refund was paid with other buyers' escrowed money and the marketplace's cash went negative.
Refused now (`paid_out`), nothing changed; a refund after release but before the payout still
claws back the seller's balance and the marketplace gives its commission back."""
import pytest
import sqlalchemy as sa

from marketplace.orders import refunds
from marketplace.orders.models import Refund
from marketplace.extensions import db
from marketplace.ledger import payouts, postings
from marketplace.ledger.models import AccountCode, LedgerTransaction
from marketplace.ledger.book import InsufficientBalance, balance
from marketplace.orders import services
from marketplace.orders.models import Order, OrderStatus
from tests.admin.helpers import two_shop_products
from tests.ledger.helpers import balances, released_balance, unbalanced_transactions, with_bank_account


def _paid_out_to_tenun(app):
    """One order from two shops, both parcels delivered and confirmed; the first shop (bank
    account checked) is paid out, the second (bank account just changed) is not."""
    tenun, madu = two_shop_products()
    with_bank_account(tenun.shop_id)
    with_bank_account(madu.shop_id, changed_days_ago=1)
    parcels = released_balance(app, [tenun, madu])
    [payout] = payouts.build_batch(actor_id=None).payouts
    db.session.commit()
    payouts.settle(payout.id, paid=True, reference="BRI PO")
    db.session.commit()
    by_shop = {p.shop_id: p for p in parcels}
    return by_shop[tenun.shop_id], by_shop[madu.shop_id]


def _state(order_id):
    db.session.expire_all()
    order = db.session.get(Order, order_id)
    return (order.status, order.refunded_idr,
            db.session.scalar(sa.select(sa.func.count()).select_from(Refund)),
            db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransaction)),
            balance(AccountCode.CASH))


@pytest.mark.parametrize("whole", [False, True])
def test_a_refund_of_money_paid_out_to_the_seller_is_refused_and_changes_nothing(app, whole):
    paid_out, _ = _paid_out_to_tenun(app)
    order_number, order_id = paid_out.order.number, paid_out.order_id
    before = _state(order_id)

    with pytest.raises(refunds.RefundError) as refused:
        refunds.refund(services.load_order(order_number),
                       shipment_id=None if whole else paid_out.id, actor=None,
                       reference="BRI REF")
    assert refused.value.code == "paid_out"
    db.session.rollback()
    assert _state(order_id) == before
    assert before[0] == OrderStatus.PAID and balance(AccountCode.CASH) >= 0
    options = refunds.options(services.load_order(order_number))
    assert options.whole_idr is None and paid_out.id not in options.shipments


def test_the_ledger_refuses_it_too_when_asked_directly(app):
    paid_out, _ = _paid_out_to_tenun(app)
    order = services.load_order(paid_out.order.number)
    shipment = next(s for s in order.shipments if s.id == paid_out.id)
    parcel = shipment.parcel_money
    assert postings.refundable_idr(order.id, [parcel]) < parcel.paid_idr
    with pytest.raises(InsufficientBalance):
        postings.refund(order.id, parcel.paid_idr, key="refund:x", shipments=[parcel])
    db.session.rollback()


def test_a_refund_after_release_but_before_payout_claws_back_and_gives_commission_back(app):
    _, released = _paid_out_to_tenun(app)
    order = services.load_order(released.order.number)
    shipment = next(s for s in order.shipments if s.id == released.id)
    seller_had = balances(released.shop_id)["available"]
    assert seller_had > 0

    refund = refunds.refund(order, shipment_id=released.id, actor=None, reference="BRI REF")
    assert refund.amount_idr == shipment.parcel_money.paid_idr
    assert balances(released.shop_id)["available"] == 0  # clawed back
    shortfall = balance(AccountCode.REFUND_SHORTFALL)
    assert 0 < shortfall <= balance(AccountCode.COMMISSION, order_id=order.id)
    assert balance(AccountCode.CASH) >= 0
    assert unbalanced_transactions() == []
