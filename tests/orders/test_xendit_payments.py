"""Orders paid through Xendit (QRIS, virtual accounts, e-wallets, retail outlets): the
official SDK against the stand-in on loopback, callbacks through the store's own route.
Only a callback with the right token, confirmed by asking Xendit back, makes an order paid;
the ledger balances after every step."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from marketplace.admin import reconciliation
from marketplace.orders import refunds
from marketplace.catalog.models import Variant
from marketplace.extensions import db as _db
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from marketplace.orders import services, xendit_payments
from marketplace.orders.models import OrderStatus, PaymentMethod, ShipmentStatus
from marketplace.orders.xendit_models import XenditPayment
from marketplace.payments import xendit
from marketplace.timeutil import utcnow
from tests.factories import make_product, make_shop
from tests.orders.helpers import KUPANG, add, checkout, latest_order

CALLBACK = "/payments/xendit/callback"


def deliver(client, fake, delivery, token=None):
    return client.post(CALLBACK, data=delivery.body, headers={
        "Content-Type": "application/json", "webhook-id": delivery.webhook_id,
        "x-callback-token": fake.callback_token if token is None else token})


def pay(client, fake, payment):
    """The buyer pays (the stand-in plays the bank) and Xendit calls the store back."""
    return deliver(client, fake, fake.pay(payment.payment_request_id))


def xendit_order(client, fake, channel="qris", stocks=(5,), price=450_000):
    product = make_product(make_shop(regency="Belu"), name="Sarung Futus", prices=(price,),
                           stocks=list(stocks))
    add(client, product.variants[0])
    response = checkout(client, KUPANG, payment=f"xendit:{channel}")
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"].endswith("/pay/xendit")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    order = latest_order()
    return order, product.variants[0], payment_of(order), page.get_data(as_text=True)


def payment_of(order) -> XenditPayment:
    _db.session.expire_all()
    return _db.session.scalar(sa.select(XenditPayment).where(XenditPayment.order_id == order.id))


def _stock(variant) -> int:
    _db.session.expire_all()
    return _db.session.get(Variant, variant.id).stock


def test_checkout_offers_the_channels_that_are_on(client, db, fake_xendit):
    product = make_product()
    add(client, product.variants[0])
    from tests.conftest import submit

    submit(client, "/checkout", KUPANG)
    page = client.get("/checkout/review").get_data(as_text=True)
    for channel in ("qris", "va_bca", "va_bni", "va_bri", "va_mandiri", "va_permata",
                    "ewallet_ovo", "ewallet_dana", "ewallet_shopeepay", "ewallet_linkaja"):
        assert f'value="xendit:{channel}"' in page
    xendit_payments.set_switched_off({"va_bri", "ewallet_ovo"})
    _db.session.commit()
    page = client.get("/checkout/review").get_data(as_text=True)
    assert 'value="xendit:va_bri"' not in page and 'value="xendit:ewallet_ovo"' not in page
    assert 'value="xendit:qris"' in page


def test_no_xendit_channels_without_its_settings(client, db):
    product = make_product()
    add(client, product.variants[0])
    from tests.conftest import submit

    submit(client, "/checkout", KUPANG)
    page = client.get("/checkout/review").get_data(as_text=True)
    assert "xendit:" not in page
    assert checkout(client, KUPANG, payment="xendit:qris").status_code == 400


@pytest.mark.parametrize("channel", sorted(xendit.CHANNELS))
def test_every_channel_pays_the_order(client, db, fake_xendit, channel):
    order, _, payment, page = xendit_order(client, fake_xendit, channel)
    assert order.payment_method == PaymentMethod.XENDIT and payment.channel == channel
    kind = xendit.CHANNELS[channel].kind
    if kind == xendit.QR:
        assert "<svg" in page and 'data-testid="qris"' in page
    elif kind == xendit.VA:
        assert payment.account_number in page and "data-copy" in page
    elif kind == xendit.OTC:
        assert payment.payment_code in page
    else:
        assert payment.redirect_url in page
    assert "Check again" in page or "Periksa lagi" in page
    assert len(page.encode()) < 40_000  # light on a metered phone connection
    sent = [r for r in fake_xendit.requests if r[1] == "/payment_requests"][0][2]
    assert sent["amount"] == order.total_idr and sent["reference_id"] == order.number
    # coming back proves nothing
    assert client.get(f"/orders/{order.number}/pay/xendit/status").json == {"status": "waiting"}

    assert pay(client, fake_xendit, payment).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.PAID
    assert all(s.status == ShipmentStatus.PROCESSING for s in order.shipments)
    assert client.get(f"/orders/{order.number}/pay/xendit/status").json == {"status": "paid"}
    fee = xendit_payments.fee_idr(xendit.CHANNELS[channel], order.total_idr)
    assert fee > 0 and payment_of(order).fee_idr == fee
    fee_account = {xendit.QR: AccountCode.FEE_XENDIT_QRIS, xendit.VA: AccountCode.FEE_XENDIT_VA,
                   xendit.EWALLET: AccountCode.FEE_XENDIT_EWALLET,
                   xendit.OTC: AccountCode.FEE_XENDIT_OTC}[kind]
    _db.session.expire_all()
    assert balance(fee_account) == fee
    assert balance(AccountCode.CASH) == order.total_idr - fee
    # escrow as for a card payment
    assert reconciliation.totals()[AccountCode.HELD] == order.total_idr
    assert reconciliation.unbalanced() == []


def test_fees_follow_the_setting(app, db, fake_xendit):
    app.config["XENDIT_FEES"] = "qris=0.63%,va=4500,ewallet=2%,otc=6000"
    assert xendit_payments.fee_idr(xendit.CHANNELS["qris"], 100_000) == 630
    assert xendit_payments.fee_idr(xendit.CHANNELS["qris"], 100_001) == 631  # rounded up
    assert xendit_payments.fee_idr(xendit.CHANNELS["va_bca"], 100_000) == 4_500
    app.config["XENDIT_FEES"] = "qris=0,7%"
    with pytest.raises(ValueError):
        xendit_payments.fee_idr(xendit.CHANNELS["qris"], 100_000)


def test_forged_and_replayed_callbacks_change_nothing(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "va_bca")
    delivery = fake_xendit.pay(payment.payment_request_id)
    for token in ("", "wrong", fake_xendit.callback_token[:-1]):
        assert deliver(client, fake_xendit, delivery, token=token).status_code == 400
    assert client.post(CALLBACK, data=delivery.body).status_code == 400  # no token at all
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert deliver(client, fake_xendit, delivery).status_code == 200
    changes = _db.session.scalar(sa.text("SELECT count(*) FROM status_changes"))
    cash = balance(AccountCode.CASH)
    assert deliver(client, fake_xendit, delivery).status_code == 200  # a replay
    assert _db.session.scalar(sa.text("SELECT count(*) FROM status_changes")) == changes
    _db.session.expire_all()
    assert balance(AccountCode.CASH) == cash
    assert reconciliation.unbalanced() == []


def test_a_callback_xendit_does_not_confirm_changes_nothing(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    # the right token (leaked, say) on a made-up success: Xendit, asked back, says PENDING
    fake_xendit.payments[payment.payment_request_id]["status"] = "SUCCEEDED"
    made_up = fake_xendit.callback_for(payment.payment_request_id, "payment.succeeded")
    fake_xendit.payments[payment.payment_request_id]["status"] = "PENDING"
    assert deliver(client, fake_xendit, made_up).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert balance(AccountCode.CASH) == 0


def test_a_wrong_amount_goes_to_suspense(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "va_bni")
    fake_xendit.payments[payment.payment_request_id]["amount"] = 1000.0  # what Xendit holds
    delivery = fake_xendit.pay(payment.payment_request_id)
    assert deliver(client, fake_xendit, delivery).status_code == 200
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    _db.session.expire_all()
    assert balance(AccountCode.SUSPENSE) == 1000
    assert reconciliation.unbalanced() == []
    kinds = [m.kind for m in reconciliation.report().mismatches]
    assert kinds == ["suspense"]


def test_a_late_payment_goes_to_suspense_for_a_refund(client, db, fake_xendit):
    order, variant, payment, _ = xendit_order(client, fake_xendit, "qris", stocks=(1,))
    assert _stock(variant) == 0
    order.expires_at = utcnow()
    _db.session.commit()
    assert services.expire_unpaid() == [order.number]
    assert _stock(variant) == 1  # the stock is back on sale
    assert pay(client, fake_xendit, payment).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.EXPIRED
    _db.session.expire_all()
    assert balance(AccountCode.SUSPENSE) == order.total_idr
    assert reconciliation.unbalanced() == []


def test_xendits_expiry_expires_the_order_and_returns_stock(client, db, fake_xendit):
    order, variant, payment, _ = xendit_order(client, fake_xendit, "va_mandiri", stocks=(1,))
    sent = [r for r in fake_xendit.requests if r[1] == "/payment_requests"][0][2]
    expiry = sent["payment_method"]["virtual_account"]["channel_properties"]["expires_at"]
    assert expiry.startswith(order.expires_at.strftime("%Y-%m-%dT%H:%M:%S"))  # the order's
    expiry_callback = fake_xendit.expire(payment.payment_request_id)
    assert deliver(client, fake_xendit, expiry_callback).status_code == 200
    assert latest_order().status == OrderStatus.EXPIRED
    assert _stock(variant) == 1


def test_callbacks_out_of_order_end_paid(client, db, fake_xendit):
    order, variant, payment, _ = xendit_order(client, fake_xendit, "ewallet_dana", stocks=(1,))
    paid = fake_xendit.pay(payment.payment_request_id)
    failed = fake_xendit.callback_for(payment.payment_request_id, "payment.failed")
    assert deliver(client, fake_xendit, failed).status_code == 200  # sent later, arrives first
    assert deliver(client, fake_xendit, paid).status_code == 200
    assert latest_order().status == OrderStatus.PAID
    assert deliver(client, fake_xendit, failed).status_code == 200
    assert latest_order().status == OrderStatus.PAID and _stock(variant) == 0


def test_qris_refunds_go_back_through_xendit(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    order = latest_order()
    made = refunds.refund(order, shipment_id=None, actor=None, reason="test")
    assert made.method == "xendit" and made.reference.startswith("rfd-")
    assert [r["amount"] for r in fake_xendit.refunds.values()] == [float(order.total_idr)]
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED
    _db.session.expire_all()
    fee = payment_of(order).fee_idr
    assert balance(AccountCode.CASH) == -fee  # all paid back; Xendit keeps its fee
    assert reconciliation.totals()[AccountCode.HELD] == 0
    assert reconciliation.unbalanced() == []


def test_virtual_account_refunds_are_transferred_by_hand(client, db, fake_xendit):
    order, _, payment, _ = xendit_order(client, fake_xendit, "va_bri")
    deliver(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    order = latest_order()
    with pytest.raises(refunds.RefundError):
        refunds.refund(order, shipment_id=None, actor=None, reason="test")  # no reference
    made = refunds.refund(latest_order(), shipment_id=None, actor=None, reason="test",
                          reference="BRI 0099")
    assert made.method == "manual" and fake_xendit.refunds == {}
    assert latest_order().status == OrderStatus.REFUNDED
    assert reconciliation.unbalanced() == []


def test_callback_bodies_that_are_not_callbacks_are_refused(client, db, fake_xendit):
    headers = {"x-callback-token": fake_xendit.callback_token}
    for body in (b"", b"{", b"[]", json.dumps({"event": "payment.succeeded"}).encode(),
                 json.dumps({"event": "payment.succeeded", "created": "x", "data": {}}).encode(),
                 b"x" * 70_000):
        assert client.post(CALLBACK, data=body, headers=headers).status_code == 400
    # an event the store does not act on is taken and ignored
    other = json.dumps({"event": "payment_method.activated", "created": "2026-12-07T00:00:00Z",
                        "data": {"id": "pm-1", "status": "ACTIVE"}}).encode()
    assert client.post(CALLBACK, data=other, headers=headers).status_code == 200


def test_xendit_down_gives_a_message_not_an_error(client, db, fake_xendit):
    product = make_product(prices=(450_000,))
    add(client, product.variants[0])
    fake_xendit.stop()
    response = checkout(client, KUPANG, payment="xendit:qris")
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert page.status_code == 303 and page.headers["Location"].endswith(latest_order().number)


def test_only_the_buyer_sees_the_pay_page(client, db, fake_xendit, app):
    order, _, _, _ = xendit_order(client, fake_xendit, "qris")
    other = app.test_client()
    assert other.get(f"/orders/{order.number}/pay/xendit").status_code == 404
    assert other.get(f"/orders/{order.number}/pay/xendit/status").status_code == 404


def test_gopay_is_offered_and_paid_through_qris(client, db, fake_xendit):
    """xendit-python 7.0.0's payment requests know no GOPAY e-wallet channel (Xendit offers it
    only through its newer v3 Payments API): a GoPay buyer scans the QRIS code in GoPay."""
    product = make_product()
    add(client, product.variants[0])
    from tests.conftest import submit

    submit(client, "/checkout", KUPANG)
    review = client.get("/checkout/review").get_data(as_text=True)
    assert 'value="xendit:gopay_qris"' in review
    label = review.split('for="pay-gopay_qris">', 1)[1].split("</label>", 1)[0]
    assert "GoPay" in label and "QRIS" in label
    order, _, payment, page = xendit_order(client, fake_xendit, "gopay_qris")
    assert payment.channel == "gopay_qris"
    sent = [r for r in fake_xendit.requests if r[1] == "/payment_requests"][-1][2]
    assert sent["payment_method"]["type"] == "QR_CODE"
    assert sent["payment_method"]["qr_code"]["channel_code"] == "QRIS"
    assert 'data-testid="qris"' in page and "GoPay" in page
    assert pay(client, fake_xendit, payment).status_code == 200
    assert latest_order().status == OrderStatus.PAID
    _db.session.expire_all()
    assert balance(AccountCode.FEE_XENDIT_QRIS) == xendit_payments.fee_idr(
        xendit.CHANNELS["qris"], order.total_idr)
    assert reconciliation.unbalanced() == []
