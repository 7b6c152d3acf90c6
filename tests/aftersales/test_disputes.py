"""Card disputes from signed webhooks: held while open; won gives the money back, lost is the
marketplace's loss, posted as such."""
from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.aftersales.models import Dispute, DisputeStatus
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from tests.admin.helpers import deliver, paid_by_card, two_shop_products
from tests.ledger.helpers import balances, ship_and_deliver, unbalanced_transactions


def test_dispute_holds_then_lost_is_the_marketplaces_loss(app, client, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    parcel = ship_and_deliver(order.shipments[0])

    event = fake_stripe.open_dispute(order.stripe_payment_intent)
    assert deliver(client, fake_stripe, event).status_code == 200
    assert deliver(client, fake_stripe, event).status_code == 200  # a replay changes nothing
    db.session.expire_all()
    [dispute] = db.session.query(Dispute).all()
    assert dispute.amount_idr == order.total_idr and dispute.status == DisputeStatus.OPEN
    assert balance(AccountCode.CASH) == 0
    assert balance(AccountCode.DISPUTED) == order.total_idr
    # the parcel's money waits while the dispute is open
    assert escrow.auto_complete(parcel.delivered_at.replace(year=parcel.delivered_at.year + 1)) == (
        [], [parcel.id])

    closed = fake_stripe.close_dispute(event["data"]["object"]["id"], won=False)
    assert deliver(client, fake_stripe, closed).status_code == 200
    db.session.expire_all()
    assert balance(AccountCode.DISPUTED) == 0
    assert balance(AccountCode.DISPUTE_LOSSES) == order.total_idr
    # the seller is paid all the same: the marketplace bears a lost dispute
    escrow.confirm_receipt(parcel, user_id=None)
    assert balances(tenun.shop_id)["available"] == order.total_idr - parcel.commission_idr
    assert unbalanced_transactions() == []


def test_dispute_won_gives_the_money_back(app, client, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    event = fake_stripe.open_dispute(order.stripe_payment_intent, reason="product_not_received")
    deliver(client, fake_stripe, event)
    deliver(client, fake_stripe, fake_stripe.close_dispute(event["data"]["object"]["id"], won=True))
    db.session.expire_all()
    assert balance(AccountCode.CASH) == order.total_idr
    assert balance(AccountCode.DISPUTED) == 0 and balance(AccountCode.DISPUTE_LOSSES) == 0
    assert db.session.query(Dispute).one().status == DisputeStatus.WON


def test_dispute_for_an_unknown_payment_is_ignored(app, client, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    event = fake_stripe.open_dispute(order.stripe_payment_intent)
    event["data"]["object"]["payment_intent"] = "pi_unknown"
    assert deliver(client, fake_stripe, event).status_code == 200
    assert db.session.query(Dispute).count() == 0
