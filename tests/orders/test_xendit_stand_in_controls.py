"""The stand-in's misbehaviours on request over HTTP (its pay page's buttons and
`POST /control/<id>`), against the store served over HTTP as `make run` serves it: duplicate,
late, out-of-order and forged callbacks and a dashboard refund, each ending in the right state
with the ledger balanced."""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from marketplace.admin import reconciliation
from marketplace.extensions import db as _db
from marketplace.ledger.book import balance
from marketplace.ledger.models import AccountCode
from marketplace.orders import services
from marketplace.orders.models import OrderStatus, Refund
from marketplace.timeutil import utcnow
from tests.orders.helpers import latest_order
from tests.orders.test_xendit_payments import xendit_order


@pytest.fixture
def store(app, fake_xendit) -> Iterator[str]:
    """The store on a loopback port, and the stand-in's callbacks sent to it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    fake_xendit.callback_url = f"{url}/payments/xendit/callback"
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def press(fake, payment, action: str) -> str:
    """Press a button on the stand-in's pay page, as a person would; the page answered."""
    _db.session.rollback()  # no transaction of the test's open while the store writes
    body = urllib.parse.urlencode({"action": action}).encode()
    with urllib.request.urlopen(urllib.request.Request(
            f"{fake.base_url}/pay/{payment.payment_request_id}", data=body), timeout=30) as page:
        return page.read().decode()


def control(fake, payment, action: str) -> tuple[int, dict]:
    _db.session.rollback()
    request = urllib.request.Request(
        f"{fake.base_url}/control/{payment.payment_request_id}",
        data=json.dumps({"action": action}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def answers(page: str) -> list[str]:
    return re.findall(r"the store answered (\d+)", page)


def balanced() -> bool:
    _db.session.expire_all()
    return reconciliation.unbalanced() == []


def test_the_pay_page_offers_the_misbehaviours(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    _db.session.rollback()
    with urllib.request.urlopen(f"{fake_xendit.base_url}/pay/{payment.payment_request_id}",
                                timeout=30) as page:
        html = page.read().decode()
    for action in ("pay_twice", "pay_late", "pay_out_of_order", "pay_forged"):
        assert f'value="{action}"' in html


def test_a_callback_sent_twice_pays_once(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "va_bca")
    page = press(fake_xendit, payment, "pay_twice")
    assert answers(page) == ["200", "200"]
    order = latest_order()
    assert order.status == OrderStatus.PAID
    assert balance(AccountCode.CASH) == order.total_idr - 4_000  # one fee, one payment
    assert balanced()
    # and once more from the paid page
    assert answers(press(fake_xendit, payment, "resend")) == ["200"]
    _db.session.expire_all()
    assert balance(AccountCode.CASH) == order.total_idr - 4_000


def test_a_forged_callback_is_refused_and_the_real_one_pays(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    page = press(fake_xendit, payment, "pay_forged")
    assert answers(page) == ["400"] and "forged token" in page
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert 'value="send_held"' in page
    assert answers(press(fake_xendit, payment, "send_held")) == ["200"]
    assert latest_order().status == OrderStatus.PAID and balanced()


def test_a_late_callback_after_expiry_goes_to_suspense(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "ewallet_ovo")
    page = press(fake_xendit, payment, "pay_late")
    assert answers(page) == [] and "held back" in page
    order = latest_order()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    order.expires_at = utcnow()
    _db.session.commit()
    assert services.expire_unpaid() == [order.number]
    status, sent = control(fake_xendit, payment, "send_held")
    assert status == 200 and [s["status"] for s in sent["sent"]] == [200]
    assert latest_order().status == OrderStatus.EXPIRED
    _db.session.expire_all()
    assert balance(AccountCode.SUSPENSE) == order.total_idr and balanced()
    # nothing more is held
    assert control(fake_xendit, payment, "send_held")[0] == 400


def test_a_failure_before_the_success_ends_paid(client, db, fake_xendit, store):
    order, variant, payment, _ = xendit_order(client, fake_xendit, "ewallet_dana")
    status, sent = control(fake_xendit, payment, "pay_out_of_order")
    assert status == 200
    assert [(s["event"], s["status"]) for s in sent["sent"]] == [
        ("payment.failed", 200), ("payment.succeeded", 200)]
    assert latest_order().status == OrderStatus.PAID and balanced()


def test_a_dashboard_refund_from_the_stand_in(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    press(fake_xendit, payment, "pay")
    page = press(fake_xendit, payment, "refund_dashboard")
    assert answers(page) == ["200"]
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Refund)) == 1
    assert balanced()


def test_the_control_endpoint_refuses_what_does_not_apply(client, db, fake_xendit, store):
    order, _, payment, _ = xendit_order(client, fake_xendit, "va_bni")
    assert control(fake_xendit, payment, "explode")[0] == 400
    assert control(fake_xendit, payment, "resend")[0] == 400  # nothing sent yet
    control(fake_xendit, payment, "pay")
    assert control(fake_xendit, payment, "pay")[0] == 400  # paid already
    status, body = control(fake_xendit, payment, "refund_dashboard")
    assert status == 400 and "virtual accounts" in body["error"]
    assert latest_order().status == OrderStatus.PAID
