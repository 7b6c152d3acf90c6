"""Cron: parcels not shipped in time are cancelled and refunded (card) or owed back (transfer)
with stock returned; delivered parcels complete after the configured days."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Response

from marketplace.orders import deadlines
from marketplace.mail import OutboxMessage
from marketplace.money import format_idr
from marketplace.orders.models import Refund
from marketplace.catalog.models import Variant
from marketplace.extensions import db
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from marketplace.orders.models import Order, OrderStatus, Shipment, ShipmentStatus
from tests.admin.helpers import confirm_on_its_page, make_admin, paid_by_card, paid_by_transfer, two_shop_products
from tests.conftest import submit
from tests.ledger.helpers import balances, ship_and_deliver, unbalanced_transactions


def age(order, days: int) -> None:
    db.session.get(Order, order.id).paid_at -= timedelta(days=days)
    db.session.commit()


def test_card_parcel_not_shipped_in_time_is_refunded_with_stock_back(app, runner, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    madu_parcel = next(s for s in order.shipments if s.shop_id == madu.shop_id)
    ship_and_deliver(madu_parcel)  # the honey went out in time
    assert runner.invoke(args=["orders", "enforce-deadlines"]).output.startswith("Refunded by card: 0")
    age(order, app.config["SHIP_BY_DAYS"] + 1)
    result = runner.invoke(args=["orders", "enforce-deadlines"])
    assert "Refunded by card: 1" in result.output, result.output
    db.session.expire_all()
    tenun_parcel = next(s for s in db.session.get(Order, order.id).shipments
                        if s.shop_id == tenun.shop_id)
    assert tenun_parcel.status == ShipmentStatus.CANCELLED
    assert db.session.get(Variant, tenun.variants[0].id).stock == 5
    assert balances(tenun.shop_id)["held"] == 0
    assert balances(madu.shop_id)["held"] > 0
    assert db.session.scalar(sa.select(Refund.amount_idr)) == (
        tenun_parcel.subtotal_idr + tenun_parcel.shipping_idr)
    subjects = list(db.session.scalars(sa.select(OutboxMessage.subject)))
    assert any(order.number in s and "Refund" in s or "Pengembalian" in s for s in subjects)
    assert unbalanced_transactions() == []


def test_bank_transfer_parcel_is_owed_back_until_an_admin_transfers(app, runner, client, login_as):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    age(order, app.config["SHIP_BY_DAYS"] + 1)
    assert "owed back by transfer: 1" in runner.invoke(args=["orders", "enforce-deadlines"]).output
    db.session.expire_all()
    assert db.session.get(Shipment, order.shipments[0].id).status == ShipmentStatus.CANCELLED
    owed = order.shipments[0].subtotal_idr + order.shipments[0].shipping_idr
    assert balance(AccountCode.REFUNDS_DUE) == owed
    assert [(o.number, amount) for o, amount in deadlines.owed_by_order()] == [(order.number, owed)]
    assert db.session.get(Variant, tenun.variants[0].id).stock == 5

    login_as(make_admin())
    response = submit(client, f"/admin/reconciliation/owed/{order.number}", {"reference": ""},
                      form_url="/admin/reconciliation")
    assert response.status_code == 303 and balance(AccountCode.REFUNDS_DUE) == owed
    url = f"/admin/reconciliation/owed/{order.number}"
    page = submit(client, url, {"reference": "BRI 321"}, form_url="/admin/reconciliation")
    # A confirmation page first, saying what will be recorded; nothing is recorded yet.
    assert page.status_code == 200 and balance(AccountCode.REFUNDS_DUE) == owed
    text = page.get_data(as_text=True)
    assert order.number in text and order.email in text and "BRI 321" in text
    assert format_idr(owed, "en") in text
    # Owed a different amount meanwhile (a stale page): refused, nothing recorded.
    stale = re.sub(r'name="expected_idr" value="\d+"', 'name="expected_idr" value="1"', text)
    assert confirm_on_its_page(client, url, Response(stale)).status_code == 303
    assert balance(AccountCode.REFUNDS_DUE) == owed
    assert confirm_on_its_page(client, url, page).status_code == 303
    db.session.expire_all()
    assert balance(AccountCode.REFUNDS_DUE) == 0
    # the unique transfer code is all that stays with the marketplace
    assert balance(AccountCode.CASH) == order.unique_code_idr
    refreshed = db.session.get(Order, order.id)
    assert refreshed.refunded_idr == owed and refreshed.status == OrderStatus.PARTLY_REFUNDED
    page = client.get("/admin/reconciliation").get_data(as_text=True)
    assert "Nothing is owed." in page
    assert unbalanced_transactions() == []


def test_settling_owed_money_records_only_the_amount_the_admin_confirmed(app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    age(order, app.config["SHIP_BY_DAYS"] + 1)
    deadlines.enforce_deadlines()
    owed = deadlines.owed_on(order)
    assert owed > 0
    admin = make_admin()
    for reference, expected, code in (("", owed, "reference_needed"),
                                      ("BRI 321", owed - 1, "amount_changed")):
        with pytest.raises(deadlines.SettleError) as raised:
            deadlines.settle_refund_due(order, reference=reference, actor=admin,
                                        expected_idr=expected)
        assert raised.value.code == code
        db.session.rollback()
        assert balance(AccountCode.REFUNDS_DUE) == owed
        assert db.session.scalar(sa.select(sa.func.count(Refund.id))) == 0
    refund = deadlines.settle_refund_due(order, reference="BRI 321", actor=admin,
                                         expected_idr=owed)
    assert (refund.amount_idr, refund.method, refund.reference) == (owed, "manual", "BRI 321")
    assert balance(AccountCode.REFUNDS_DUE) == 0
    # settled: the same confirmation again (a second click) records nothing more
    with pytest.raises(deadlines.SettleError) as raised:
        deadlines.settle_refund_due(order, reference="BRI 321", actor=admin, expected_idr=owed)
    assert raised.value.code == "nothing_owed"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Refund.id))) == 1
    assert unbalanced_transactions() == []


def test_auto_complete_command(app, runner):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    parcel = ship_and_deliver(order.shipments[0])
    parcel.delivered_at -= timedelta(days=app.config["AUTO_COMPLETE_DAYS"] + 1)
    db.session.commit()
    result = runner.invoke(args=["orders", "auto-complete"])
    assert "Completed 1 parcel(s); 0 wait" in result.output
    assert balances(tenun.shop_id)["available"] > 0
