"""Centre rules: the centre's shops, onboarding a producer without a device, handing a shop over.

Builds on sellers (shop details, the activity log) and orders (shipments waiting, sales);
changes to listings and orders of an assisted shop go through the seller services themselves,
reached through the seller pages (sellers.access lets the centre's staff act there).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marketplace.accounts.models import User
from marketplace.catalog.models import Centre, Product, ProductStatus, Shop, Variant
from marketplace.catalog.services import bump_catalogue_version, unique_slug
from marketplace.centres import mail
from marketplace.centres.models import ConsentMethod, HandoverInvite, ShopConsent
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.orders import services as orders
from marketplace.orders.sales import sales_figures
from marketplace.phone import InvalidPhone, normalise_indonesian_mobile
from marketplace.sellers import services as sellers
from marketplace.sellers.models import ShopActivity
from marketplace.timeutil import utcnow
from marketplace.orders import services as orders
from marketplace.centres import mail


class CentreError(DomainError):
    pass


class InvalidContact(CentreError):
    """Neither an e-mail address nor an Indonesian mobile number."""


class InviteInvalid(CentreError):
    """Forged, expired, used, revoked or superseded: the link no longer works."""


class InviteForSomeoneElse(CentreError):
    """The invite names an e-mail address that is not the signed-in account's."""


class AlreadyHasShop(CentreError):
    pass


class NotAssisted(CentreError):
    pass


@dataclass(frozen=True)
class Consent:
    producer_name: str
    method: ConsentMethod
    given_on: date
    witness: str = ""
    note: str = ""


def centre_of_staff(user: User) -> Centre | None:
    centre_id = sellers.staff_centre_id(user)
    return db.session.get(Centre, centre_id) if centre_id is not None else None


def own_shop(centre: Centre, shop_id: int) -> Shop | None:
    """A shop of this centre (assisted or coached); another centre's is not found."""
    if not 0 < shop_id < 2**31:
        return None
    return db.session.scalar(sa.select(Shop).where(Shop.id == shop_id, Shop.centre_id == centre.id))


# --- What the staff see --------------------------------------------------------------------

@dataclass(frozen=True)
class ShopFigures:
    shop: Shop
    listings_for_sale: int
    drafts: int
    units_in_stock: int
    waiting_to_ship: int
    sales_30_days_idr: int


def shop_figures(centre: Centre) -> list[ShopFigures]:
    """Each shop of the centre with its listings, stock, parcels waiting and 30 days' sales."""
    shops = list(db.session.scalars(
        sa.select(Shop).where(Shop.centre_id == centre.id).order_by(Shop.is_assisted.desc(), Shop.name)))
    counts = {
        (shop_id, status): n for shop_id, status, n in db.session.execute(
            sa.select(Product.shop_id, Product.status, sa.func.count(Product.id))
            .where(Product.shop_id.in_([s.id for s in shops]))
            .group_by(Product.shop_id, Product.status))
    }
    stock = dict(db.session.execute(
        sa.select(Product.shop_id, sa.func.coalesce(sa.func.sum(Variant.stock), 0))
        .join(Variant, Variant.product_id == Product.id)
        .where(Product.shop_id.in_([s.id for s in shops]), Variant.is_active.is_(True),
               Product.status != ProductStatus.ARCHIVED)
        .group_by(Product.shop_id)).all())
    return [ShopFigures(
        shop=shop,
        listings_for_sale=counts.get((shop.id, ProductStatus.ACTIVE), 0),
        drafts=counts.get((shop.id, ProductStatus.DRAFT), 0),
        units_in_stock=int(stock.get(shop.id, 0)),
        waiting_to_ship=orders.count_waiting_to_ship(shop.id),
        sales_30_days_idr=sales_figures(shop).month_idr,
    ) for shop in shops]


def listings_to_coach(centre: Centre, limit: int = 20) -> list[Product]:
    """The centre's shops' listings (not archived), lowest packaging score first."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        sa.select(Product).join(Product.shop)
        .where(Shop.centre_id == centre.id, Product.status != ProductStatus.ARCHIVED)
        .options(selectinload(Product.variants), selectinload(Product.images),
                 selectinload(Product.textile), selectinload(Product.food_label))
        .order_by(Product.packaging_score, Product.updated_at.desc(), Product.id)
        .limit(limit)))


def activity_of(shop: Shop, limit: int = 100) -> list[ShopActivity]:
    return list(db.session.scalars(
        sa.select(ShopActivity).where(ShopActivity.shop_id == shop.id)
        .order_by(ShopActivity.created_at.desc(), ShopActivity.id.desc()).limit(limit)))


def consents_of(shop: Shop) -> list[ShopConsent]:
    return list(db.session.scalars(
        sa.select(ShopConsent).where(ShopConsent.shop_id == shop.id).order_by(ShopConsent.id.desc())))


# --- Onboarding a producer without a device ------------------------------------------------

def open_assisted_shop(centre: Centre, staff: User, details: sellers.ShopDetails,
                       consent: Consent) -> Shop:
    """A shop the centre runs for a producer, with the producer's consent recorded first."""
    shop = Shop(owner_id=None, slug=unique_slug(Shop, details.name), is_verified=False,
                centre_id=centre.id, is_assisted=True)
    sellers.apply_details(shop, details)
    db.session.add(shop)
    db.session.flush()
    db.session.add(ShopConsent(
        shop_id=shop.id, producer_name=consent.producer_name.strip(), method=consent.method,
        given_on=consent.given_on, witness=consent.witness.strip(), note=consent.note.strip(),
        recorded_by_id=staff.id))
    sellers.record_activity(shop, staff, "centre.open_assisted_shop",
                            f"consent: {consent.producer_name.strip()} ({consent.method.value})")
    bump_catalogue_version()  # the centre's shops on its page and in counts
    db.session.commit()
    return shop


# --- Handing the shop over to the producer's own account ---------------------------------
#
# The link carries a token signed with the app's secret (itsdangerous, salted for this use)
# holding the invite's id and a random secret; the database keeps only the secret's SHA-256.
# It works until HANDOVER_INVITE_HOURS have passed, once, and only while it is the shop's
# newest invite; an invite sent to an e-mail address works only for the account with that
# address. Claiming locks the invite row, so two clicks cannot both take the shop.

_SALT = "sentra.shop-handover"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_contact(raw: str) -> str:
    value = (raw or "").strip()
    if "@" in value:
        local, _, domain = value.partition("@")
        if not local or "." not in domain or " " in value or len(value) > 254:
            raise InvalidContact(raw)
        return value.lower()
    try:
        return normalise_indonesian_mobile(value)
    except InvalidPhone:
        raise InvalidContact(raw) from None


def invite_owner(shop: Shop, staff: User, contact: str) -> tuple[HandoverInvite, str]:
    """Invite the producer to take the shop over; returns the invite and its link's token.

    An earlier invite of the shop stops working. Mail goes to an e-mail address through the
    outbox; a phone number gets no message from here (no SMS gateway): the staff pass the link
    on, e.g. by WhatsApp.
    """
    if not shop.is_assisted or shop.owner_id is not None:
        raise NotAssisted()
    contact = normalise_contact(contact)
    now = utcnow()
    db.session.execute(
        sa.update(HandoverInvite)
        .where(HandoverInvite.shop_id == shop.id, HandoverInvite.used_at.is_(None),
               HandoverInvite.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False))
    secret = secrets.token_urlsafe(32)
    hours = current_app.config["HANDOVER_INVITE_HOURS"]
    invite = HandoverInvite(shop_id=shop.id, contact=contact, secret_hash=_hash(secret),
                            created_by_id=staff.id, created_at=now,
                            expires_at=now + timedelta(hours=hours))
    db.session.add(invite)
    db.session.flush()
    token = _serializer().dumps({"i": invite.id, "s": secret})
    sellers.record_activity(shop, staff, "centre.invite_owner", contact)
    if invite.is_email:
        mail.queue_handover_invite(invite, token)
    db.session.commit()
    return invite, token


def invite_from_token(token: str, *, lock: bool = False) -> HandoverInvite:
    """The live invite a link stands for, or InviteInvalid."""
    max_age = current_app.config["HANDOVER_INVITE_HOURS"] * 3600
    try:
        data = _serializer().loads(token or "", max_age=max_age)
        invite_id, secret = int(data["i"]), str(data["s"])
    except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
        raise InviteInvalid() from None
    stmt = sa.select(HandoverInvite).where(HandoverInvite.id == invite_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    invite = db.session.scalar(stmt)
    if (invite is None or not hmac.compare_digest(invite.secret_hash, _hash(secret))
            or invite.used_at is not None or invite.revoked_at is not None
            or invite.expires_at <= utcnow()):
        raise InviteInvalid()
    return invite


def check_claimant(invite: HandoverInvite, user: User) -> None:
    if invite.is_email and invite.contact != user.email.lower():
        raise InviteForSomeoneElse()
    if sellers.shop_of(user) is not None:
        raise AlreadyHasShop()


def claim_shop(token: str, user: User) -> Shop:
    """The producer's account becomes the shop's owner; the centre's staff stop acting for it
    (it stays the centre's, for coaching and its public page)."""
    # FOR UPDATE is ignored on SQLite: the conditional UPDATE below is what makes the claim
    # single-use on both databases (only one transaction finds the invite unused).
    invite = invite_from_token(token, lock=True)
    check_claimant(invite, user)
    now = utcnow()
    taken = db.session.execute(
        sa.update(HandoverInvite)
        .where(HandoverInvite.id == invite.id, HandoverInvite.used_at.is_(None),
               HandoverInvite.revoked_at.is_(None))
        .values(used_at=now, used_by_id=user.id).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        db.session.rollback()
        raise InviteInvalid()
    shop = db.session.get(Shop, invite.shop_id)
    if shop is None or shop.owner_id is not None or not shop.is_assisted:
        db.session.rollback()
        raise InviteInvalid()
    shop.owner_id = user.id
    shop.is_assisted = False
    sellers.record_activity(shop, user, "centre.claim_shop", f"invite {invite.id}")
    bump_catalogue_version()  # "run with the centre's help" becomes "coached by the centre"
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the account opened a shop meanwhile (one shop per owner)
        db.session.rollback()
        raise AlreadyHasShop() from None
    return shop
