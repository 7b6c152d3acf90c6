"""Refunds made outside the store (in Stripe's or Xendit's dashboard) and Xendit's refund
callbacks: recorded once, their reversal posted once, the admin alerted in the audit log; the
ledger balances after each."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.admin import reconciliation
from marketplace.extensions import db as _db
from marketplace.ledger.book import balance
from marketplace.ledger.models import AccountCode
from marketplace.orders import refunds
from marketplace.orders.models import OrderStatus, Refund, ShipmentStatus
from tests.admin.helpers import audit_entries, deliver, paid_by_card, two_shop_products
from tests.orders.helpers import latest_order
from tests.orders.test_xendit_payments import deliver as deliver_callback
from tests.orders.test_xendit_payments import payment_of, xendit_order


def refund_rows() -> list[Refund]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(Refund).order_by(Refund.id)))


def held() -> int:
    _db.session.expire_all()
    return reconciliation.totals().get(AccountCode.HELD, 0)


def cash() -> int:
    _db.session.expire_all()
    return balance(AccountCode.CASH)


# -- Stripe ----------------------------------------------------------------------------------

def test_a_refund_in_stripes_dashboard_posts_its_reversal_once(client, db, app, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    assert cash() == order.total_idr
    event = fake_stripe.dashboard_refund(order.stripe_payment_intent, amount_idr=100_000)
    assert event["type"] == "charge.refunded"
    assert deliver(client, fake_stripe, event).status_code == 200

    order = latest_order()
    assert order.status == OrderStatus.PARTLY_REFUNDED and order.refunded_idr == 100_000
    [row] = refund_rows()
    assert row.amount_idr == 100_000 and row.method == "stripe" and row.created_by_id is None
    assert cash() == order.total_idr - 100_000
    assert held() == order.total_idr - 100_000
    [alert] = audit_entries("order.refund_outside")
    assert alert.target_id == order.number and "Stripe" in alert.reason
    assert all(s.status == ShipmentStatus.PROCESSING for s in order.shipments)  # part only

    # the same event again, and another charge.refunded with the same total: nothing twice
    assert deliver(client, fake_stripe, event).status_code == 200
    again = fake_stripe.make_event("charge.refunded", fake_stripe.charge(order.stripe_payment_intent))
    assert deliver(client, fake_stripe, again).status_code == 200
    assert len(refund_rows()) == 1 and cash() == order.total_idr - 100_000
    assert reconciliation.unbalanced() == []

    # the rest in the dashboard too: the order is refunded, unshipped parcels cancelled
    event = fake_stripe.dashboard_refund(order.stripe_payment_intent,
                                         amount_idr=order.total_idr - 100_000)
    assert deliver(client, fake_stripe, event).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED and order.refunded_idr == order.total_idr
    assert all(s.status == ShipmentStatus.CANCELLED for s in order.shipments)
    assert cash() == 0 and held() == 0
    assert len(audit_entries("order.refund_outside")) == 2
    assert reconciliation.unbalanced() == []


def test_a_refund_the_store_made_is_not_counted_again_by_its_webhook(client, db, app,
                                                                     fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    refunds.refund(order, shipment_id=None, actor=None, reason="habis")
    assert deliver(client, fake_stripe, fake_stripe.last_event("charge.refunded")
                   ).status_code == 200
    assert len(refund_rows()) == 1 and cash() == 0
    assert audit_entries("order.refund_outside") == []
    assert reconciliation.unbalanced() == []


# -- Xendit ----------------------------------------------------------------------------------

def test_xendits_refund_callback_for_a_refund_the_store_made_changes_nothing(client, db,
                                                                            fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver_callback(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    made = refunds.refund(latest_order(), shipment_id=None, actor=None, reason="test")
    before = cash()
    callback = fake_xendit.refund_callback(made.reference)
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    assert deliver_callback(client, fake_xendit, callback).status_code == 200  # replayed
    assert len(refund_rows()) == 1 and cash() == before
    assert audit_entries("order.refund_outside") == []
    assert reconciliation.unbalanced() == []


def test_a_refund_in_xendits_dashboard_is_recorded_once_and_alerts(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "ewallet_dana")
    deliver_callback(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    order = latest_order()
    fee = payment_of(order).fee_idr
    callback = fake_xendit.dashboard_refund(payment.payment_request_id, amount_idr=50_000)
    # a forged copy first: nothing
    assert deliver_callback(client, fake_xendit, callback, token="nope").status_code == 400
    assert refund_rows() == []
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.PARTLY_REFUNDED and order.refunded_idr == 50_000
    [row] = refund_rows()
    assert row.method == "xendit" and row.reference.startswith("rfd-")
    assert row.amount_idr == 50_000
    assert cash() == order.total_idr - fee - 50_000
    [alert] = audit_entries("order.refund_outside")
    assert "Xendit" in alert.reason
    # the same refund reported again (a retry with a new id, say): nothing twice
    again = fake_xendit.refund_callback(row.reference)
    assert deliver_callback(client, fake_xendit, again).status_code == 200
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    assert len(refund_rows()) == 1 and cash() == order.total_idr - fee - 50_000
    assert reconciliation.unbalanced() == []


def test_a_refund_xendit_says_failed_comes_back_to_suspense(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver_callback(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    made = refunds.refund(latest_order(), shipment_id=None, actor=None, reason="test")
    after_refund = cash()
    failed = fake_xendit.fail_refund(made.reference)
    assert deliver_callback(client, fake_xendit, failed).status_code == 200
    assert deliver_callback(client, fake_xendit, failed).status_code == 200  # replayed
    # the money is back with the marketplace, owed to the buyer: in suspense, for the admin
    assert cash() == after_refund + made.amount_idr
    assert balance(AccountCode.SUSPENSE) == made.amount_idr
    [alert] = audit_entries("order.refund_failed")
    assert alert.target_id == order.number
    assert reconciliation.unbalanced() == []
    assert "suspense" in [m.kind for m in reconciliation.report().mismatches]


def test_a_refund_callback_xendit_does_not_confirm_changes_nothing(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver_callback(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    callback = fake_xendit.dashboard_refund(payment.payment_request_id, amount_idr=50_000)
    refund_id = next(iter(fake_xendit.refunds))
    fake_xendit.refunds[refund_id]["status"] = "PENDING"  # Xendit, asked back, has not paid
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    assert refund_rows() == [] and latest_order().status == OrderStatus.PAID


def test_stripes_webhook_arriving_before_the_store_records_its_refund_counts_once(
        client, db, app, fake_stripe):
    """Stripe reports the refund (charge.refunded) while the store still waits for Stripe's
    answer: the webhook records it as a refund from outside; the store's own refund then takes
    that record over rather than posting the money a second time."""
    import threading

    from werkzeug.serving import make_server

    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        fake_stripe.refund_events_to = (f"http://127.0.0.1:{server.server_port}"
                                        "/payments/stripe/webhook")
        made = refunds.refund(order, shipment_id=None, actor=None, reason="habis")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    [row] = refund_rows()
    assert row.id == made.id and row.stripe_refund_id in fake_stripe.refunds
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED and order.refunded_idr == order.total_idr
    assert cash() == 0 and held() == 0
    assert all(s.status == ShipmentStatus.CANCELLED for s in order.shipments)
    assert reconciliation.unbalanced() == []


def test_a_late_payment_refunded_in_xendits_dashboard_clears_the_suspense(client, db,
                                                                          fake_xendit):
    from marketplace.orders import services
    from marketplace.timeutil import utcnow

    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    order.expires_at = utcnow()
    _db.session.commit()
    services.expire_unpaid()
    deliver_callback(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    _db.session.expire_all()
    assert balance(AccountCode.SUSPENSE) == order.total_idr  # waiting for a refund
    callback = fake_xendit.dashboard_refund(payment.payment_request_id,
                                            amount_idr=order.total_idr)
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    assert deliver_callback(client, fake_xendit, callback).status_code == 200
    _db.session.expire_all()
    assert balance(AccountCode.SUSPENSE) == 0
    assert latest_order().status == OrderStatus.EXPIRED
    assert len(refund_rows()) == 1 and len(audit_entries("order.refund_outside")) == 1
    assert reconciliation.unbalanced() == []
    assert "suspense" not in [m.kind for m in reconciliation.report().mismatches]
