"""Seller rules: opening and editing a shop, who may act for it."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.catalog import search
from marketplace.catalog.models import CentreStaff, Product, Shop
from marketplace.catalog.services import bump_catalogue_version, unique_slug
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.sellers.models import ShopActivity
from marketplace.timeutil import utcnow
from marketplace.sellers.models import ShopActivity
from marketplace.catalog import search
from marketplace.catalog.models import Product


class AlreadyHasShop(DomainError):
    pass


@dataclass(frozen=True)
class ShopDetails:
    name: str
    story: str
    province: str
    regency: str
    cooperative: str | None
    whatsapp: str | None  # None: a producer without a phone (an assisted shop)
    bank_name: str
    bank_account_holder: str
    bank_account_number: str | None  # None: keep the current one
    is_pkp: bool
    show_whatsapp: bool = False  # "Chat via WhatsApp" on the shop's pages (catalog/sharing.py)


def shop_of(user: User) -> Shop | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(sa.select(Shop).where(Shop.owner_id == user.id))


def staff_centre_id(user: User) -> int | None:
    """The centre a user is staff of (None for everyone else)."""
    if not user.is_authenticated or not user.has_role(Role.CENTRE_STAFF):
        return None
    return db.session.scalar(sa.select(CentreStaff.centre_id).where(CentreStaff.user_id == user.id))


def assisted_shop_for(user: User, shop_id: int) -> Shop | None:
    """The shop, when `user` is staff of the centre that runs it for its producer; else None.

    Checked on every request, so removing a staff member or handing the shop over to its
    producer ends the staff's access at once.
    """
    centre_id = staff_centre_id(user)
    if centre_id is None or not isinstance(shop_id, int):
        return None
    return db.session.scalar(sa.select(Shop).where(
        Shop.id == shop_id, Shop.centre_id == centre_id, Shop.is_assisted.is_(True)))


def record_activity(shop: Shop, actor: User | None, action: str, detail: str = "") -> None:
    """Note who changed the shop on whose behalf, in the caller's transaction."""
    db.session.add(ShopActivity(shop_id=shop.id, actor_id=getattr(actor, "id", None),
                                actor_email=getattr(actor, "email", None) or "system",
                                action=action[:60], detail=detail[:200]))


def apply_details(shop: Shop, details: ShopDetails) -> None:
    """Write the form's details onto a shop (new or not), without committing."""
    _apply(shop, details)


def _apply(shop: Shop, details: ShopDetails) -> None:
    shop.name = details.name.strip()
    shop.story = (details.story or "").strip()
    shop.province = details.province
    shop.regency = details.regency
    shop.cooperative = (details.cooperative or "").strip() or None
    shop.whatsapp = details.whatsapp
    shop.show_whatsapp = details.show_whatsapp
    shop.is_pkp = details.is_pkp
    new_account = details.bank_account_number
    if shop.bank_account_number and (
        details.bank_name != shop.bank_name
        or details.bank_account_holder.strip() != shop.bank_account_holder
        or (new_account and new_account != shop.bank_account_number)
    ):
        # Payouts to an account changed recently are held for review (someone who took over
        # the seller's log-in would start there). A shop's first account is no change: its
        # first payout is not held.
        shop.bank_details_changed_at = utcnow()
    shop.bank_name = details.bank_name
    shop.bank_account_holder = details.bank_account_holder.strip()
    if new_account:
        shop.bank_account_number = new_account


def open_shop(owner: User, details: ShopDetails) -> Shop:
    """A user becomes a seller. New shops start unverified; they can list at once."""
    if shop_of(owner) is not None:
        raise AlreadyHasShop()
    shop = Shop(owner_id=owner.id, slug=unique_slug(Shop, details.name), is_verified=False)
    _apply(shop, details)
    db.session.add(shop)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # two submissions at once: one shop per owner (unique)
        db.session.rollback()
        raise AlreadyHasShop() from None
    return shop


def update_shop(shop: Shop, details: ShopDetails) -> Shop:
    searched = (shop.name, shop.province, shop.regency)
    _apply(shop, details)
    if (shop.name, shop.province, shop.regency) != searched:
        # Buyers find products by their shop's name and region: re-index them with it.
        search.index_products(list(db.session.scalars(
            sa.select(Product.id).where(Product.shop_id == shop.id))))
    bump_catalogue_version()  # the shop page, and its name and region on every card
    db.session.commit()
    return shop
