"""Shared steps of the ledger tests: balances, delivered parcels, every transaction's sum."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger.models import AccountCode, LedgerEntry
from marketplace.ledger.book import balance
from marketplace.orders import services
from marketplace.orders.models import Shipment


def balances(shop_id: int) -> dict[str, int]:
    db.session.expire_all()
    return {"held": balance(AccountCode.HELD, shop_id),
            "available": balance(AccountCode.AVAILABLE, shop_id),
            "payout": balance(AccountCode.PAYOUT, shop_id)}


def unbalanced_transactions() -> list[int]:
    return list(db.session.scalars(
        sa.select(LedgerEntry.transaction_id).group_by(LedgerEntry.transaction_id)
        .having(sa.func.sum(LedgerEntry.amount_idr) != 0)))


def ship_and_deliver(shipment: Shipment) -> Shipment:
    shipment = db.session.get(Shipment, shipment.id)
    services.ship(shipment, courier="JNE", tracking_number="JNE123", actor_id=None)
    services.mark_delivered(db.session.get(Shipment, shipment.id), actor_id=None)
    return db.session.get(Shipment, shipment.id)


def with_bank_account(shop_id: int, changed_days_ago: int = 30) -> None:
    from datetime import timedelta

    from marketplace.catalog.models import Shop
    from marketplace.timeutil import utcnow

    shop = db.session.get(Shop, shop_id)
    shop.bank_name, shop.bank_account_holder = "BRI", "Ina Boi"
    shop.bank_account_number = "001201000123456"
    shop.bank_details_changed_at = utcnow() - timedelta(days=changed_days_ago)
    db.session.commit()


def released_balance(app, products) -> list[Shipment]:
    """Orders paid by transfer, shipped, delivered and confirmed: money available to sellers."""
    from marketplace.aftersales import escrow
    from tests.admin.helpers import paid_by_transfer

    order = paid_by_transfer(app, products)
    parcels = []
    for shipment in order.shipments:
        parcel = ship_and_deliver(shipment)
        escrow.confirm_receipt(parcel, user_id=None)
        parcels.append(db.session.get(Shipment, parcel.id))
    return parcels
