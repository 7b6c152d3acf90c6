"""Who receives a shop's mail (new paid orders, complaints, releases, answers...).

A shop's owner; for an assisted shop, which a marketing centre runs for a producer who has no
account, every active member of that centre's staff, since they are the ones who pack, answer
and ship for it. Every seller-facing mail asks here, so no mail goes nowhere.
"""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.catalog.models import CentreStaff, Shop
from marketplace.extensions import db


def centre_staff_emails(centre_id: int) -> list[str]:
    return list(db.session.scalars(
        sa.select(User.email).join(CentreStaff, CentreStaff.user_id == User.id)
        .where(CentreStaff.centre_id == centre_id, User.is_active.is_(True)).order_by(User.id)))


def shop_mail_recipients(shop: Shop | None) -> list[str]:
    """The addresses a shop's mail goes to (none for a deleted shop)."""
    if shop is None:
        return []
    if shop.owner_id is not None:
        email = db.session.scalar(sa.select(User.email).where(User.id == shop.owner_id))
        return [email] if email else []
    if shop.is_assisted and shop.centre_id is not None:
        return centre_staff_emails(shop.centre_id)
    return []
