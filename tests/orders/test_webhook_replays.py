"""Each webhook's own event id is stored, in the transaction of its effect, and a replay of
it (Stripe retries, and sends an event again after a timeout) changes nothing, even for a
handler whose effect would not be safe to repeat."""
from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.aftersales.models import Dispute
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from marketplace.orders import notifications
from marketplace.orders import card_payments as order_payments
from marketplace.mail import OutboxMessage
from marketplace.orders.models import Order, OrderStatus, StatusChange
from marketplace.payments import gateway
from marketplace.payments.models import ProcessedWebhookEvent
from tests.admin.helpers import deliver, paid_by_card, place, two_shop_products


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def world() -> dict:
    db.session.expire_all()
    orders = [(o.status, o.refunded_idr) for o in db.session.scalars(sa.select(Order))]
    return {"orders": orders, "ledger entries": count(LedgerEntry),
            "ledger transactions": count(LedgerTransaction), "disputes": count(Dispute),
            "status changes": count(StatusChange), "mail": count(OutboxMessage)}


def processed() -> dict[str, str]:
    db.session.expire_all()
    return {row.id: row.type for row in db.session.scalars(sa.select(ProcessedWebhookEvent))}


@pytest.fixture
def awaiting(app, fake_stripe):
    """A card order whose buyer has just paid: its checkout.session.completed event."""
    tenun, _ = two_shop_products()
    buyer, order = place(app, [tenun], payment="stripe")
    assert buyer.get(f"/orders/{order.number}/pay").status_code == 303
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    return order, fake_stripe.complete_session(order.stripe_session_id)


def test_the_events_own_id_is_stored_with_its_effect(client, awaiting, fake_stripe):
    order, event = awaiting
    assert processed() == {}
    assert deliver(client, fake_stripe, event).status_code == 200
    assert processed() == {event["id"]: "checkout.session.completed"}
    assert db.session.get(Order, order.id).status == OrderStatus.PAID


def test_an_effect_that_fails_takes_its_event_id_back_with_it(app, awaiting, fake_stripe,
                                                              monkeypatch):
    """The id and the effect commit together: if the handler fails half-way (after the order
    moved and the ledger was posted, before the mail), neither stays, and Stripe's next
    delivery of the same event is applied in full."""
    order, event = awaiting
    before = world()

    def mail_server_exploded(order):
        raise RuntimeError("the outbox table is gone")

    monkeypatch.setattr(notifications, "order_paid", mail_server_exploded)
    body, headers = fake_stripe.build_delivery(event)
    with pytest.raises(RuntimeError):
        order_payments.handle_webhook(body, headers["Stripe-Signature"])
    assert processed() == {} and world() == before

    monkeypatch.undo()
    body, headers = fake_stripe.build_delivery(event)  # Stripe retries, signed anew
    assert order_payments.handle_webhook(body, headers["Stripe-Signature"]) is True
    assert processed() == {event["id"]: "checkout.session.completed"}
    assert db.session.get(Order, order.id).status == OrderStatus.PAID
    assert count(LedgerTransaction) == before["ledger transactions"] + 1


def test_replays_of_every_handled_event_change_nothing(app, client, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    gateway.create_refund(payment_intent=order.stripe_payment_intent, amount_idr=100_000,
                          idempotency_key="dashboard-partial")  # made in Stripe's dashboard
    events = [fake_stripe.last_event("checkout.session.completed"),
              fake_stripe.last_event("charge.refunded")]
    dispute = fake_stripe.open_dispute(order.stripe_payment_intent, amount_idr_minor=5_000_000)
    events += [dispute, fake_stripe.close_dispute(dispute["data"]["object"]["id"], won=False)]
    for event in events[1:]:
        assert deliver(client, fake_stripe, event).status_code == 200
    after_first = world()
    assert after_first["orders"] == [(OrderStatus.PARTLY_REFUNDED, 100_000)]
    assert after_first["disputes"] == 1

    for event in events:  # each delivered again, signed anew, as Stripe does
        assert deliver(client, fake_stripe, event).status_code == 200
    assert world() == after_first
    assert set(processed()) == {e["id"] for e in events}


def test_a_handler_unsafe_to_repeat_still_runs_once_per_event(app, client, fake_stripe,
                                                               monkeypatch):
    """Guards the guard: every handler today happens to be safe to repeat, so a handler that
    is not (it posts to the ledger each time it runs) shows what the stored id alone does."""
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    keys = itertools.count(1)

    def post_each_time(dispute):
        postings.unmatched_payment(10_000, f"test-unsafe:{next(keys)}", memo=dispute.dispute_id)

    monkeypatch.setitem(order_payments.HANDLERS, "charge.dispute.funds_withdrawn", post_each_time)
    withdrawn = fake_stripe.make_event("charge.dispute.funds_withdrawn", fake_stripe.open_dispute(
        order.stripe_payment_intent)["data"]["object"])
    before = count(LedgerTransaction)
    for _ in range(3):
        assert deliver(client, fake_stripe, withdrawn).status_code == 200
    assert count(LedgerTransaction) == before + 1

    another = fake_stripe.make_event("charge.dispute.funds_withdrawn", withdrawn["data"]["object"])
    assert deliver(client, fake_stripe, another).status_code == 200  # a new event: it counts
    assert count(LedgerTransaction) == before + 2
