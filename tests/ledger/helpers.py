"""Shared steps of the ledger tests: balances, delivered parcels, every transaction's sum."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.ledger.models import AccountCode, LedgerEntry
from marketplace.ledger.posting import balance
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
