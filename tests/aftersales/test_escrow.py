"""Payment holds each shop's share; receipt (or time) releases it less commission."""
from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from marketplace.orders.models import ShipmentStatus
from marketplace.timeutil import utcnow
from tests.admin.helpers import paid_by_transfer, two_shop_products
from tests.ledger.helpers import balances, ship_and_deliver, unbalanced_transactions


def test_payment_holds_each_parcel_and_receipt_releases_it_less_commission(app):
    tenun, madu = two_shop_products()
    order = paid_by_transfer(app, [tenun, madu])
    tenun_parcel, madu_parcel = sorted(order.shipments, key=lambda s: s.shop_id != tenun.shop_id)
    assert tenun_parcel.commission_idr == 300_000 * 500 // 10_000  # 5 % of the goods only
    assert balance(AccountCode.CASH) == order.total_idr
    assert balances(tenun.shop_id)["held"] == 300_000 + tenun_parcel.shipping_idr
    assert balance(AccountCode.TRANSFER_CODES) == order.unique_code_idr

    delivered = ship_and_deliver(tenun_parcel)
    escrow.confirm_receipt(delivered, user_id=None)
    assert balances(tenun.shop_id) == {
        "held": 0, "available": 300_000 + tenun_parcel.shipping_idr - 15_000, "payout": 0}
    assert balance(AccountCode.COMMISSION) == 15_000
    assert balances(madu.shop_id)["held"] == 120_000 + madu_parcel.shipping_idr
    assert unbalanced_transactions() == []


def test_auto_complete_releases_after_the_configured_days(app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    parcel = ship_and_deliver(order.shipments[0])
    assert escrow.auto_complete() == ([], [])  # delivered just now
    later = utcnow() + timedelta(days=app.config["AUTO_COMPLETE_DAYS"], minutes=1)
    assert escrow.auto_complete(later) == ([parcel.id], [])
    db.session.expire_all()
    assert db.session.get(type(parcel), parcel.id).status == ShipmentStatus.COMPLETED
    assert balances(tenun.shop_id)["available"] > 0


def test_release_only_from_delivered(app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    with pytest.raises(escrow.ReleaseError):
        escrow.confirm_receipt(order.shipments[0], user_id=None)
