"""Favourites: products a signed-in buyer keeps for later, and the mail when one comes back.

Storefront pages are shared by every visitor (catalog.routes, caching), so which products a
person keeps can never be part of their HTML. Every card and product page carries the same
small heart form; `favourite_ids` answers, per person and uncached, which of them are theirs
(static/js/favourites.js asks for it and marks the hearts; without JavaScript the heart adds,
and the favourites page lists and removes).

A buyer may ask, per favourite, for a mail when it is back in stock or its price drops. Each
favourite keeps what the person last knew (`seen_price_idr`, `seen_in_stock`): every change of
a product's price or stock passes through `catalog.services.refresh_product_summary`, which
calls `notice_changes` in the same transaction; the mail goes to the outbox and out after
commit, at most once a day per favourite, and never for a product buyers cannot see.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductStatus, Shop, ShopStatus
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.pagination import Page
from marketplace.timeutil import utcnow

MAIL_LOCALE = "id"
ALERT_EVERY = timedelta(days=1)
MAX_FAVOURITES = 500  # a list for later, not a copy of the catalogue


class Favourite(db.Model):
    """A product a buyer keeps; with `alerts`, they are mailed when it comes back or is cheaper."""

    __tablename__ = "favourites"
    __table_args__ = (sa.UniqueConstraint("user_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    alerts: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # What the person last knew of the product: a mail says what changed since.
    seen_price_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    seen_in_stock: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    last_alert_at: Mapped[datetime | None] = mapped_column()

    product: Mapped[Product] = relationship()


def is_visible(product: Product) -> bool:
    """Buyers may see it (catalog.queries.visible, for a product in hand)."""
    return (product.status == ProductStatus.ACTIVE and product.blocked_reason is None
            and product.shop.status == ShopStatus.ACTIVE)


@dataclass(frozen=True)
class FavouriteRow:
    favourite: Favourite
    product: Product
    visible: bool


class FavouriteError(Exception):
    """`str(error)` is the reason: "unavailable" or "full"."""


def _visible_product(product_id: int) -> Product | None:
    return db.session.scalar(
        sa.select(Product).join(Product.shop)
        .where(Product.id == product_id, Product.status == ProductStatus.ACTIVE,
               Product.blocked_reason.is_(None), Shop.status == ShopStatus.ACTIVE))


def add_favourite(user_id: int, product_id: int) -> Product:
    """Keep a product (nothing changes when it is kept already); raises FavouriteError."""
    product = _visible_product(product_id)
    if product is None:
        raise FavouriteError("unavailable")
    exists = db.session.scalar(sa.select(Favourite.id).where(
        Favourite.user_id == user_id, Favourite.product_id == product_id))
    if exists is None:
        count = db.session.scalar(sa.select(sa.func.count()).where(Favourite.user_id == user_id))
        if count >= MAX_FAVOURITES:
            raise FavouriteError("full")
        db.session.add(Favourite(user_id=user_id, product_id=product_id,
                                 seen_price_idr=product.price_from_idr,
                                 seen_in_stock=product.in_stock))
    db.session.commit()
    return product


def remove_favourite(user_id: int, product_id: int) -> None:
    db.session.execute(sa.delete(Favourite).where(Favourite.user_id == user_id,
                                                  Favourite.product_id == product_id))
    db.session.commit()


def set_alerts(user_id: int, product_id: int | None, on: bool) -> None:
    """Mail about one favourite (`product_id`), or about all of them (None), or stop it."""
    stmt = sa.update(Favourite).where(Favourite.user_id == user_id)
    if product_id is not None:
        stmt = stmt.where(Favourite.product_id == product_id)
    db.session.execute(stmt.values(alerts=on).execution_options(synchronize_session=False))
    db.session.commit()


def favourite_ids(user_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Favourite.product_id)
                                   .where(Favourite.user_id == user_id)
                                   .order_by(Favourite.product_id)))


def favourites_page(user_id: int, page: int, per_page: int) -> Page:
    """The person's favourites, newest first; hidden products stay listed (to remove them)."""
    total = db.session.scalar(sa.select(sa.func.count()).where(Favourite.user_id == user_id))
    result = Page.numbered(total, page, per_page)
    result.items = [FavouriteRow(f, f.product, is_visible(f.product)) for f in db.session.scalars(
        sa.select(Favourite).where(Favourite.user_id == user_id)
        .options(joinedload(Favourite.product).joinedload(Product.shop))
        .order_by(Favourite.created_at.desc(), Favourite.id.desc())
        .offset(result.offset).limit(per_page))]
    return result


def user_favourites(user_id: int) -> list[Favourite]:
    return list(db.session.scalars(sa.select(Favourite).where(Favourite.user_id == user_id)
                                   .options(joinedload(Favourite.product))
                                   .order_by(Favourite.id)))


# --- Mail when a favourite comes back or is cheaper ----------------------------------------

def notice_changes(product_ids: list[int], now: datetime | None = None) -> None:
    """Called in the transaction that changed these products' price or stock summary (one
    SELECT when nobody watches): queue the mails that are due and remember what was told."""
    changed = db.session.execute(
        sa.select(Favourite, Product, User.email)
        .join(Product, Product.id == Favourite.product_id)
        .join(User, User.id == Favourite.user_id)
        .where(Favourite.product_id.in_(product_ids), Favourite.alerts.is_(True),
               User.is_active.is_(True),
               sa.or_(Product.in_stock != Favourite.seen_in_stock,
                      Product.price_from_idr != Favourite.seen_price_idr))
        .order_by(Favourite.id)
    ).all()
    now = now or utcnow()
    for favourite, item, email in changed:
        visible = is_visible(item)
        back = item.in_stock and not favourite.seen_in_stock
        cheaper = item.in_stock and item.price_from_idr < favourite.seen_price_idr
        if back or cheaper:
            if not visible or (favourite.last_alert_at is not None
                               and now - favourite.last_alert_at < ALERT_EVERY):
                continue  # told later (or once it is visible again), from what was known
            _mail(email, item, back=back, old_price=favourite.seen_price_idr)
            favourite.last_alert_at = now
        # Sold out, or dearer: nothing to say; remember it, so that coming back is news.
        favourite.seen_in_stock = item.in_stock
        favourite.seen_price_idr = item.price_from_idr


def _mail(email: str, product: Product, *, back: bool, old_price: int) -> None:
    url = external_url("catalog.product_detail", slug=product.slug)
    with force_locale(MAIL_LOCALE):
        if back:
            subject = _("Back in stock: %(name)s", name=product.name)
            news = _("%(name)s, one of your favourites, is back in stock at %(price)s.",
                     name=product.name, price=format_idr(product.price_from_idr))
        else:
            subject = _("Cheaper now: %(name)s", name=product.name)
            news = _("%(name)s, one of your favourites, now costs %(price)s (was %(old)s).",
                     name=product.name, price=format_idr(product.price_from_idr),
                     old=format_idr(old_price))
        body = "\n\n".join([
            news, url,
            _("You get this mail because you asked for it on your favourites page; you can "
              "stop it there: %(url)s", url=external_url("catalog.favourites_page")),
            "Sentra"])
    queue_mail(email, subject, body)
