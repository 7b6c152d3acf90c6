"""Delete my account: personal data erased or replaced by a pseudonym, the books kept.

What the law or the books require stays (orders and ledger entries, for the tax retention
period), with the person's name, e-mail, phone and street replaced; everything else that
names them goes: log-ins, roles, saved addresses, cart, favourites, prepared downloads, mail
to them, the text of the messages they wrote about parcels (the other side's stay); their
reviews stay, shown as by an anonymous buyer, without their photos (privacy.review_data). A
shop must settle first (no money held, to be paid out or in a payout, no open orders), and so
must the person's own orders on their way; `what_is_left` says what remains, in words.

After the targeted changes, one pass over every text column of every table replaces what is
left of the person's name, e-mail, phone and street (in free text: a complaint, a note, a mail
body) with `***`. The audit log is the exception: it is append-only evidence of what admins
did, and keeps the admin's own e-mail (README, "Delete my account").

Guests' delivery addresses are erased GUEST_ADDRESS_RETENTION_DAYS after the order, once the
order is finished (`purge_guest_addresses`, run by cron).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash

from marketplace.accounts.logins import end_all_logins
from marketplace.accounts.models import User, UserRole
from marketplace.accounts.services import WrongPassword
from marketplace.aftersales import messages
from marketplace.catalog.favourites import Favourite
from marketplace.catalog.models import CentreStaff, Product, ProductStatus, Shop, ShopStatus
from marketplace.catalog.search import index_products
from marketplace.catalog.services import bump_catalogue_version
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import statements
from marketplace.ledger.models import Payout
from marketplace.mail import OutboxMessage
from marketplace.orders.models import CartItem, Order, OrderStatus, SavedAddress, Shipment, ShipmentStatus
from marketplace.privacy import export
from marketplace.privacy.review_data import anonymise_reviews
from marketplace.privacy.models import DataExport
from marketplace.timeutil import utcnow

PSEUDONYM_NAME = "Akun terhapus"
SCRUBBED = "***"
# Tables whose text the final pass leaves alone: the audit log is append-only evidence, the
# account row is rewritten field by field above, Alembic's own table holds no people.
_NOT_SCRUBBED = {"audit_entries", "users", "alembic_version"}
# Columns that name *another* person (a recipient, an account holder, a producer): this
# person's own rows are rewritten above, and someone else who shares the name keeps theirs.
_OTHER_PEOPLES_NAMES = {("orders", "ship_recipient"), ("saved_addresses", "recipient"),
                        ("shops", "bank_account_holder"), ("payouts", "bank_account_holder"),
                        ("shop_consents", "producer_name"), ("shop_consents", "witness")}
_OPEN_SHIPMENTS = (ShipmentStatus.AWAITING_PAYMENT, ShipmentStatus.PROCESSING,
                   ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)


@dataclass(frozen=True)
class Remaining:
    """Something to settle before the account can go: a kind and the figures to say it."""

    kind: str  # "held", "available", "in_payout", "shop_orders", "own_orders"
    amount_idr: int = 0
    count: int = 0


class NotSettled(DomainError):
    def __init__(self, remaining: list[Remaining]) -> None:
        super().__init__(remaining)
        self.remaining = remaining


def pseudonym_email(user: User) -> str:
    return f"deleted-{user.id}@deleted.invalid"


def _shop_of(user: User) -> Shop | None:
    return db.session.scalar(sa.select(Shop).where(Shop.owner_id == user.id))


def what_is_left(user: User) -> list[Remaining]:
    left: list[Remaining] = []
    shop = _shop_of(user)
    if shop is not None:
        money = statements.summary(shop.id)
        for kind, amount in (("held", money.held_idr), ("available", money.available_idr),
                             ("in_payout", money.in_payout_idr)):
            if amount:
                left.append(Remaining(kind, amount_idr=amount))
        open_for_shop = db.session.scalar(sa.select(sa.func.count()).select_from(Shipment).where(
            Shipment.shop_id == shop.id, Shipment.status.in_(_OPEN_SHIPMENTS)))
        if open_for_shop:
            left.append(Remaining("shop_orders", count=open_for_shop))
    own_open = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Order.id))).select_from(Order)
        .join(Shipment, Shipment.order_id == Order.id)
        .where(Order.user_id == user.id, Shipment.status.in_(_OPEN_SHIPMENTS)))
    if own_open:
        left.append(Remaining("own_orders", count=own_open))
    return left


def _needles(user: User, shop: Shop | None) -> set[str]:
    """The strings that name the person, as the final pass looks for them."""
    values = {user.name, user.email, user.pending_email or ""}
    for address in db.session.scalars(sa.select(SavedAddress).where(SavedAddress.user_id == user.id)):
        values |= {address.recipient, address.phone, address.street}
    for order in db.session.scalars(sa.select(Order).where(Order.user_id == user.id)):
        values |= {order.ship_recipient, order.ship_phone, order.ship_street, order.email}
    if shop is not None:
        values |= {shop.whatsapp or "", shop.bank_account_holder or "",
                   shop.bank_account_number or ""}
    return {value.strip() for value in values if value and len(value.strip()) > len(SCRUBBED)}


def _scrub_everywhere(needles: set[str]) -> None:
    for table in db.metadata.sorted_tables:
        if table.name in _NOT_SCRUBBED:
            continue
        for column in table.columns:
            if not isinstance(column.type, sa.String) or isinstance(column.type, sa.Enum) \
                    or (table.name, column.name) in _OTHER_PEOPLES_NAMES:
                continue
            for needle in needles:
                db.session.execute(
                    table.update().where(column.contains(needle, autoescape=True))
                    .values({column.name: sa.func.replace(column, needle, SCRUBBED)}))


def erase_account(user: User, password: str) -> None:
    """Erase `user` (who re-entered `password`); raises WrongPassword or NotSettled."""
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        raise WrongPassword()
    remaining = what_is_left(user)
    if remaining:
        raise NotSettled(remaining)
    shop = _shop_of(user)
    needles = _needles(user, shop)
    email = pseudonym_email(user)

    for prepared in db.session.scalars(sa.select(DataExport).where(DataExport.user_id == user.id)):
        path = export.export_path(prepared)
        if path is not None and path.exists():
            path.unlink()
        db.session.delete(prepared)
    for model in (SavedAddress, CartItem, Favourite):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.execute(sa.delete(UserRole).where(UserRole.user_id == user.id))
    db.session.execute(sa.delete(CentreStaff).where(CentreStaff.user_id == user.id))
    db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.recipient.in_({user.email, user.pending_email or user.email})))
    end_all_logins(user)
    messages.forget_author(user.id, SCRUBBED)  # the other side's words stay, theirs

    # Orders stay for the books: the name replaced, phone and street gone; the city, region and
    # country stay (where the goods went, for tax).
    db.session.execute(sa.update(Order).where(Order.user_id == user.id).values(
        ship_recipient=PSEUDONYM_NAME, ship_phone="", ship_street="", ship_village="",
        ship_district="", ship_postal_code="", email=email)
        .execution_options(synchronize_session=False))

    if shop is not None:
        product_ids = list(db.session.scalars(sa.select(Product.id).where(Product.shop_id == shop.id)))
        db.session.execute(sa.update(Product).where(Product.shop_id == shop.id)
                           .values(status=ProductStatus.ARCHIVED)
                           .execution_options(synchronize_session=False))
        index_products(product_ids)  # out of search once archived
        for payout in db.session.scalars(sa.select(Payout).where(Payout.shop_id == shop.id)):
            # The books keep where the money went, as far as the last four digits.
            payout.bank_account_holder = PSEUDONYM_NAME
            payout.bank_account_number = payout.bank_account_number[-4:]
        shop.owner_id = None
        shop.status = ShopStatus.SUSPENDED
        shop.whatsapp = None
        shop.bank_account_holder = PSEUDONYM_NAME
        shop.bank_account_number = None
        bump_catalogue_version()

    anonymise_reviews(user)  # words and stars stay, shown as by "a buyer" (privacy.review_data)

    user.name = PSEUDONYM_NAME
    user.email = email
    user.pending_email = None
    user.password_hash = None
    user.is_active = False
    user.email_verified_at = None
    user.erased_at = utcnow()
    db.session.flush()
    _scrub_everywhere(needles)
    db.session.commit()


def purge_guest_addresses(now=None) -> int:
    """Erase the delivery addresses of guests' orders older than the retention period whose
    parcels are all finished; returns how many orders were purged."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["GUEST_ADDRESS_RETENTION_DAYS"])
    still_open = sa.select(Shipment.order_id).where(Shipment.status.in_(_OPEN_SHIPMENTS))
    result = db.session.execute(
        sa.update(Order)
        .where(Order.user_id.is_(None), Order.created_at < cutoff,
               Order.status != OrderStatus.AWAITING_PAYMENT, Order.id.not_in(still_open),
               Order.ship_street != "")
        .values(ship_recipient=PSEUDONYM_NAME, ship_phone="", ship_street="", ship_village="",
                ship_district="", ship_postal_code="")
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
