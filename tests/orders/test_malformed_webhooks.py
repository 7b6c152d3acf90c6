"""Correctly signed webhooks whose body is not what Stripe sends: 400 and nothing changed, never
a 500 (Stripe retries a 500 for days). Each body is signed as Stripe signs it, with the
endpoint's secret, and posted to the store's webhook route."""
from __future__ import annotations

import copy
import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.extensions import db
from marketplace.aftersales.models import Dispute
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.models import Order, StatusChange
from marketplace.payments.models import ProcessedWebhookEvent
from tests.admin.helpers import paid_by_card, place, two_shop_products

WEBHOOK = "/payments/stripe/webhook"
HUGE = 10**30


def post_signed(client, fake, body: bytes):
    return client.post(WEBHOOK, data=body, headers={
        "Content-Type": "application/json", "Stripe-Signature": fake.signature_header(body)})


def world() -> dict:
    """Everything a webhook could change."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    orders = [(o.number, o.status, o.refunded_idr, o.stripe_payment_intent, o.stripe_session_id)
              for o in db.session.scalars(sa.select(Order).order_by(Order.id))]
    return {"orders": orders, "events": count(ProcessedWebhookEvent),
            "ledger": count(LedgerEntry), "disputes": count(Dispute),
            "status_changes": count(StatusChange)}


def _set(path: str, value):
    """A mutation: put `value` at a dotted path of the event ("data.object.amount_total")."""
    def mutate(event):
        *parents, last = path.split(".")
        node = event
        for key in parents:
            node = node[key]
        node[last] = value
    return mutate


def _drop(path: str):
    def mutate(event):
        *parents, last = path.split(".")
        node = event
        for key in parents:
            node = node[key]
        del node[last]
    return mutate


ENVELOPE = {
    "event id null": _set("id", None),
    "event id a number": _set("id", 12345),
    "event id empty": _set("id", ""),
    "event id too long for its column": _set("id", "evt_" + "x" * 300),
    "event id with a NUL byte": _set("id", "evt_\x00abc"),
    "event id missing": _drop("id"),
    "type null": _set("type", None),
    "type a list": _set("type", ["checkout.session.completed"]),
    "type too long for its column": _set("type", "checkout.session." + "x" * 200),
    "created a string": _set("created", "1700000000"),
    "created a float": _set("created", 1700000000.5),
    "created true": _set("created", True),
    "created 10^30": _set("created", HUGE),
    "created negative": _set("created", -1),
    "created missing": _drop("created"),
    "object not an event": _set("object", "charge"),
    "data a list": _set("data", []),
    "data missing": _drop("data"),
    "data.object a list": _set("data.object", []),
    "data.object a string": _set("data.object", "cs_test"),
    "data.object null": _set("data.object", None),
}

SESSION = {
    "amount 10^30": _set("data.object.amount_total", HUGE),
    "amount 13 digits": _set("data.object.amount_total", 10**12),
    "amount a string": _set("data.object.amount_total", "50000000"),
    "amount a float": _set("data.object.amount_total", 50_000_000.0),
    "amount true": _set("data.object.amount_total", True),
    "amount negative": _set("data.object.amount_total", -100),
    "amount missing": _drop("data.object.amount_total"),
    "session id null": _set("data.object.id", None),
    "session id a number": _set("data.object.id", 7),
    "session id missing": _drop("data.object.id"),
    "metadata missing": _drop("data.object.metadata"),
    "metadata a list": _set("data.object.metadata", ["reference"]),
    "metadata a string": _set("data.object.metadata", "reference"),
    "metadata reference a number": lambda e: (_set("data.object.client_reference_id", None)(e),
                                              _set("data.object.metadata", {"reference": 5})(e)),
    "client reference a number": _set("data.object.client_reference_id", 12),
    "client reference a list": _set("data.object.client_reference_id", ["SEN"]),
    "client reference too long": _set("data.object.client_reference_id", "S" * 201),
    "client reference with a NUL byte": _set("data.object.client_reference_id", "SEN\x00"),
    "client reference missing": _drop("data.object.client_reference_id"),
    "payment status null": _set("data.object.payment_status", None),
    "payment status a bool": _set("data.object.payment_status", True),
    "payment intent a number": _set("data.object.payment_intent", 3),
    "payment intent an object without id": _set("data.object.payment_intent", {"object": "pi"}),
    "payment intent too long for its column": _set("data.object.payment_intent", "pi_" + "x" * 300),
    "payment intent missing": _drop("data.object.payment_intent"),
    "currency a number": _set("data.object.currency", 360),
    "object not a session": _set("data.object.object", "charge"),
}

CHARGE = {
    "refunded 10^30": _set("data.object.amount_refunded", HUGE),
    "refunded a string": _set("data.object.amount_refunded", "10000000"),
    "refunded a float": _set("data.object.amount_refunded", 10_000_000.0),
    "refunded true": _set("data.object.amount_refunded", True),
    "refunded missing": _drop("data.object.amount_refunded"),
    "charge id null": _set("data.object.id", None),
    "payment intent a list": _set("data.object.payment_intent", ["pi"]),
    "object not a charge": _set("data.object.object", "refund"),
}

DISPUTE = {
    "amount 10^30": _set("data.object.amount", HUGE),
    "amount a string": _set("data.object.amount", "10000000"),
    "dispute id null": _set("data.object.id", None),
    "dispute id too long for its column": _set("data.object.id", "dp_" + "x" * 300),
    "reason a number": _set("data.object.reason", 4),
    "status null": _set("data.object.status", None),
    "payment intent a number": _set("data.object.payment_intent", 9),
    "object not a dispute": _set("data.object.object", "charge"),
}


def refused_cases(client, fake, event: dict, cases: dict) -> list[str]:
    """Post each mutated copy of `event`; the names of those not refused cleanly."""
    before = world()
    wrong = []
    for name, mutate in cases.items():
        broken = copy.deepcopy(event)
        mutate(broken)
        status = post_signed(client, fake, json.dumps(broken).encode()).status_code
        if status != 400 or world() != before:
            wrong.append(f"{name}: {status}")
    return wrong


@pytest.fixture
def card_order(app, fake_stripe):
    """An order of Rp500.000 being paid by card, and its checkout.session.completed event."""
    tenun, _ = two_shop_products()
    buyer, order = place(app, [tenun], payment="stripe")
    assert buyer.get(f"/orders/{order.number}/pay").status_code == 303
    db.session.expire_all()
    session_id = db.session.get(Order, order.id).stripe_session_id
    return order, fake_stripe.complete_session(session_id)


def test_the_genuine_event_is_accepted(client, card_order, fake_stripe):
    """The events below are broken copies of this one, which works."""
    order, event = card_order
    assert post_signed(client, fake_stripe, json.dumps(event).encode()).status_code == 200
    assert world()["orders"][0][1] == "paid"


def test_a_malformed_envelope_is_refused(client, card_order, fake_stripe):
    _, event = card_order
    assert refused_cases(client, fake_stripe, event, ENVELOPE) == []


def test_a_malformed_checkout_session_is_refused(client, card_order, fake_stripe):
    _, event = card_order
    assert refused_cases(client, fake_stripe, event, SESSION) == []
    expired = {**event, "type": "checkout.session.expired"}
    assert refused_cases(client, fake_stripe, expired, SESSION) == []


def test_a_malformed_refund_or_dispute_is_refused(app, client, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    refunded = fake_stripe.make_event("charge.refunded", {
        **fake_stripe.charge(order.stripe_payment_intent), "amount_refunded": 10_000_000})
    assert refused_cases(client, fake_stripe, refunded, CHARGE) == []
    dispute = fake_stripe.open_dispute(order.stripe_payment_intent)
    assert refused_cases(client, fake_stripe, dispute, DISPUTE) == []
    closed = {**fake_stripe.close_dispute(dispute["data"]["object"]["id"], won=False)}
    assert refused_cases(client, fake_stripe, closed, DISPUTE) == []


@pytest.mark.parametrize("body", [
    # deeper than any JSON parser goes: a RecursionError inside json.loads
    b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed", '
    b'"created": 1700000000, "data": {"object": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
    b'{"id": "evt_1", "object": "event", "data": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
    b'{"id": "evt_1", "object": "event", "created": NaN}',
    b'{"id": "evt_1", "object": "event", "created": 1' + b"0" * 5000 + b"}",
    b'"a string"', b"null", b"1e999", b"",
], ids=["nested lists", "nested objects", "NaN", "5000 digits", "a string", "null",
        "infinity", "empty"])
def test_bodies_no_parser_reads_as_an_event_are_refused(client, card_order, fake_stripe, body):
    before = world()
    assert post_signed(client, fake_stripe, body).status_code == 400
    assert world() == before


# --- anything at all, signed correctly: never a 500 ------------------------------------------

_scalars = (st.none() | st.booleans() | st.integers(min_value=-HUGE, max_value=HUGE)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
            | st.sampled_from(["", "\x00", "paid", "unpaid", "idr", "usd", "won", "lost",
                               "checkout.session", "charge", "dispute", "x" * 300]))
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=12)
_TYPES = ["checkout.session.completed", "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed", "checkout.session.expired",
          "charge.refunded", "charge.dispute.created", "charge.dispute.closed"]
_FIELDS = ["id", "object", "amount_total", "amount_refunded", "amount", "currency",
           "client_reference_id", "metadata", "payment_intent", "payment_status", "status",
           "reason"]


@st.composite
def event_like(draw, templates: dict[str, dict], known: list[str]):
    """A genuine event of a type the store handles, with a few fields of its object (and now
    and then of the envelope) replaced by anything or left out. `known` are strings of the
    real order (number, session, payment intent) so that handlers find it and go deeper."""
    event_type = draw(st.sampled_from(_TYPES))
    obj = copy.deepcopy(templates[event_type.rsplit(".", 1)[0]])
    value = _json | st.sampled_from(known) | st.integers(min_value=0, max_value=10**13)
    for field in draw(st.lists(st.sampled_from(_FIELDS), max_size=4)):
        if draw(st.integers(0, 4)):
            obj[field] = draw(value)
        else:
            obj.pop(field, None)
    event = {"id": draw(st.text(min_size=1, max_size=40)), "object": "event",
             "type": event_type, "created": draw(st.integers(min_value=0, max_value=2**40)),
             "data": {"object": obj}}
    for key in draw(st.lists(st.sampled_from(["id", "type", "created", "data", "object"]),
                             max_size=1)):
        event[key] = draw(_json)
    return event


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_signed_body_is_ever_a_server_error(client, card_order, fake_stripe, data):
    order, event = card_order
    session = event["data"]["object"]
    intent = session["payment_intent"]
    templates = {"checkout.session": session, "charge": fake_stripe.charge(intent),
                 "charge.dispute": fake_stripe.open_dispute(intent)["data"]["object"]}
    known = [order.number, session["id"], intent, "pi_unknown"]
    body = data.draw(event_like(templates, known) | _json)
    try:
        raw = json.dumps(body).encode()
    except (ValueError, OverflowError):
        return
    assert post_signed(client, fake_stripe, raw).status_code in (200, 400)
