"""An account's saved delivery address, offered at the next checkout."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.addresses import Address
from marketplace.orders.models import SavedAddress

_FIELDS = ("country", "recipient", "phone", "street", "village", "district", "city", "region",
           "postal_code")


def save_address(user_id: int, address: Address) -> None:
    row = db.session.scalar(sa.select(SavedAddress).where(SavedAddress.user_id == user_id))
    if row is None:
        row = SavedAddress(user_id=user_id)
        db.session.add(row)
    for name in _FIELDS:
        setattr(row, name, getattr(address, name))
    db.session.commit()


def saved_address(user_id: int) -> dict | None:
    row = db.session.scalar(sa.select(SavedAddress).where(SavedAddress.user_id == user_id))
    return {name: getattr(row, name) for name in _FIELDS} if row else None
