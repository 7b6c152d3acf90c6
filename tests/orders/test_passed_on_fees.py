"""A fee the store passes on to buyers, per payment method: set by an admin (fixed rupiah
and/or basis points), shown beside each method at checkout, its own line of the order's total
(order page, invoice, mail), covered by the review page's total check, posted to the ledger as
the store's revenue, and given back with a refund of the whole order."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.admin import reconciliation
from marketplace.extensions import db as _db
from marketplace.ledger.book import balance
from marketplace.ledger.models import AccountCode
from marketplace.mail import OutboxMessage
from marketplace.money import format_idr
from marketplace.orders import payment_fees, refunds, xendit_payments
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments import xendit
from tests.admin.helpers import audit_entries, make_admin
from tests.conftest import submit
from tests.factories import make_product, make_shop
from tests.orders.helpers import KUPANG, add, checkout, latest_order
from tests.orders.test_xendit_payments import deliver, payment_of

PRICE = 450_000


def set_fee(method: str, fixed_idr: int = 0, bps: int = 0) -> None:
    payment_fees.set_fee(method, payment_fees.Fee(fixed_idr=fixed_idr, bps=bps))
    _db.session.commit()


def orders() -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(Order))


def cart_at_review(client):
    product = make_product(make_shop(regency="Belu"), name="Sarung Futus", prices=(PRICE,),
                           stocks=[5])
    add(client, product.variants[0])
    submit(client, "/checkout", KUPANG)
    return product


# -- the rule --------------------------------------------------------------------------------

def test_the_fee_is_fixed_plus_basis_points_rounded_down(app, db):
    assert payment_fees.Fee(fixed_idr=1_000, bps=70).on(450_000) == 1_000 + 3_150
    assert payment_fees.Fee(fixed_idr=0, bps=70).on(100_001) == 700  # 700.007: down
    assert payment_fees.Fee(fixed_idr=0, bps=70).on(99_999) == 699  # 699.993: down
    assert payment_fees.Fee(fixed_idr=4_000, bps=0).on(10) == 4_000
    assert payment_fees.fee_idr("qris", 450_000) == 0  # none set: nothing passed on
    set_fee("qris", 1_000, 70)
    assert payment_fees.fee_idr("qris", 450_000) == 4_150
    assert payment_fees.fee_idr("va_bca", 450_000) == 0


# -- the admin sets it -----------------------------------------------------------------------

def test_the_admin_sets_a_fee_per_method(client, db, login_as, fake_xendit, fake_stripe):
    login_as(make_admin())
    page = client.get("/admin/payment-methods").get_data(as_text=True)
    assert 'name="fee_fixed-qris"' in page and 'name="fee_bps-qris"' in page
    assert 'name="fee_fixed-stripe"' in page
    response = submit(client, "/admin/payment-methods/fees",
                      {"fee_fixed-qris": "Rp1.000", "fee_bps-qris": "70",
                       "fee_fixed-stripe": "", "fee_bps-stripe": "290"},
                      form_url="/admin/payment-methods")
    assert response.status_code == 303
    assert payment_fees.fee_for("qris") == payment_fees.Fee(1_000, 70)
    assert payment_fees.fee_for("stripe") == payment_fees.Fee(0, 290)
    [entry] = audit_entries("payment_methods.fees")
    page = client.get("/admin/payment-methods").get_data(as_text=True)
    assert 'value="1000"' in page and 'value="290"' in page


def test_bad_fee_input_changes_nothing(client, db, login_as, fake_xendit):
    login_as(make_admin())
    set_fee("qris", 500, 0)
    for fixed, bps in (("abc", "0"), ("-5", "0"), ("0", "2,5"), ("0", "-1"), ("0", "1001"),
                       ("2000000", "0"), ("0", "1e3"), ("\x00", "0")):
        response = submit(client, "/admin/payment-methods/fees",
                          {"fee_fixed-qris": fixed, "fee_bps-qris": bps},
                          form_url="/admin/payment-methods")
        assert response.status_code == 400, (fixed, bps)
        page = response.get_data(as_text=True)
        if fixed != "\x00":  # a NUL byte is refused before any form reads it
            assert 'role="alert"' in page and "QRIS" in page
        _db.session.expire_all()
        assert payment_fees.fee_for("qris") == payment_fees.Fee(500, 0)
    assert audit_entries("payment_methods.fees") == []
    # a form without its CSRF token: refused too
    response = client.post("/admin/payment-methods/fees", data={"fee_fixed-qris": "1"})
    assert response.status_code == 400
    assert payment_fees.fee_for("qris") == payment_fees.Fee(500, 0)


# -- checkout, the order, the ledger ---------------------------------------------------------

def test_checkout_shows_each_methods_fee_and_the_order_carries_it(client, db, fake_xendit,
                                                                 login_as):
    set_fee("qris", 1_000, 70)
    set_fee("va_bca", 4_000)
    cart_at_review(client)
    page = client.get("/checkout/review").get_data(as_text=True)
    assert 'data-fee="0"' in page  # bank transfer: nothing passed on
    assert 'data-testid="fee-qris"' in page and 'data-testid="fee-va_bca"' in page
    assert 'data-testid="fee-va_bni"' not in page
    response = checkout(client, KUPANG, payment="xendit:qris")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    order = latest_order()
    base = order.subtotal_idr + order.shipping_idr
    fee = 1_000 + base * 70 // 10_000
    assert order.payment_fee_idr == fee and order.total_idr == base + fee
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    sent = [r for r in fake_xendit.requests if r[1] == "/payment_requests"][0][2]
    assert sent["amount"] == order.total_idr  # the gateway is asked for the total with the fee
    mail = _db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).first()
    assert format_idr(fee, order.locale) in mail.body
    # paid: the ledger holds the goods and shipping for the seller, the fee is the store's
    payment = payment_of(order)
    assert deliver(client, fake_xendit, fake_xendit.pay(payment.payment_request_id)
                   ).status_code == 200
    order = latest_order()
    assert order.status == OrderStatus.PAID
    _db.session.expire_all()
    assert balance(AccountCode.FEES_PASSED_ON) == fee
    assert reconciliation.totals()[AccountCode.HELD] == base
    gateway_fee = xendit_payments.fee_idr(xendit.CHANNELS["qris"], order.total_idr)
    assert balance(AccountCode.CASH) == order.total_idr - gateway_fee
    assert reconciliation.unbalanced() == []
    order_page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    invoice = client.get(f"/orders/{order.number}/invoice").get_data(as_text=True)
    for html in (order_page, invoice):
        assert 'data-testid="payment-fee"' in html and format_idr(fee, "id") in html
    # the admin's pages name the account
    login_as(make_admin())
    for url in ("/admin/reconciliation", f"/admin/orders/{order.number}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Biaya yang dibebankan kepada pembeli" in response.get_data(as_text=True), url
    # a whole refund gives the buyer all of it back, the fee too
    refunds.refund(order, shipment_id=None, actor=None, reason="test")
    _db.session.expire_all()
    assert latest_order().refunded_idr == order.total_idr
    assert balance(AccountCode.FEES_PASSED_ON) == 0
    assert reconciliation.totals()[AccountCode.HELD] == 0
    assert reconciliation.unbalanced() == []


def test_a_card_fee_is_passed_on_too(client, db, fake_stripe):
    set_fee("stripe", 0, 290)
    cart_at_review(client)
    response = checkout(client, KUPANG, payment="stripe")
    assert response.status_code == 303
    order = latest_order()
    base = order.subtotal_idr + order.shipping_idr
    assert order.payment_fee_idr == base * 290 // 10_000
    assert order.total_idr == base + order.payment_fee_idr


def test_a_fee_changed_after_the_review_is_shown_before_anyone_pays_it(client, db, fake_xendit):
    set_fee("qris", 1_000)
    cart_at_review(client)
    page = client.get("/checkout/review")
    set_fee("qris", 2_500)  # the admin changes it while the buyer reads
    from tests.conftest import _hidden_fields  # noqa: PLC0415
    import re

    fields = _hidden_fields(client, "/checkout/review")
    fields.update(dict(re.findall(r'name="(service-\d+)" value="([A-Z]+)"',
                                  page.get_data(as_text=True))[:1]))
    fields["fees_seen"] = re.search(r'name="fees_seen" value="([^"]*)"',
                                    page.get_data(as_text=True))[1]
    response = client.post("/checkout/review", data={**fields, "payment_method": "xendit:qris"})
    assert response.status_code == 400
    assert format_idr(2_500, "id") in response.get_data(as_text=True)
    assert orders() == 0
    # placed from the page that shows the new fee
    assert checkout(client, KUPANG, payment="xendit:qris").status_code == 303
    assert latest_order().payment_fee_idr == 2_500


def test_no_fee_set_changes_nothing(client, db, fake_xendit):
    cart_at_review(client)
    response = checkout(client, KUPANG, payment="xendit:va_bni")
    assert response.status_code == 303
    order = latest_order()
    assert order.payment_fee_idr == 0
    assert order.total_idr == order.subtotal_idr + order.shipping_idr


def test_every_ledger_account_and_kind_has_words_for_the_admin(app):
    from marketplace.ledger.labels import ACCOUNT_LABELS, KIND_LABELS
    from marketplace.ledger.models import TransactionKind

    assert set(ACCOUNT_LABELS) == set(AccountCode)
    assert set(KIND_LABELS) == set(TransactionKind)
