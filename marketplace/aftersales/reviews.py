"""The rules of reviews: who may review which product (a buyer whose parcel was received, once
per product bought in it, never their own shop), editing for REVIEW_EDIT_DAYS, the shop's one
public reply, reports, an admin hiding and restoring (audited), and the mail after receipt
that asks for the review with a signed link (which is how a guest reviews).

Every change recomputes the product's rating summary (catalog.reviews) in its transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marketplace.accounts.models import User
from marketplace.catalog.models import CentreStaff, Product, Shop
from marketplace.catalog.recipients import queue_shop_mail
from marketplace.catalog.photo_pipeline import InvalidImage, PixelBudget, process_image
from marketplace.catalog.review_models import MAX_STARS, Review, ReviewPhoto, ReviewReport
from marketplace.catalog.reviews import display_name, refresh_rating_summary
from marketplace.catalog.services import bump_catalogue_version
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url
from marketplace.orders import audit_trail
from marketplace.orders.models import Shipment, ShipmentStatus
from marketplace.timeutil import utcnow

MAX_PHOTOS = 3
MAX_TEXT = 2_000
MAX_REPLY = 1_000
MAX_REASON = 500
_LINK_SALT = "review-link"
SELLER_LOCALE = "id"  # a seller's mail is in the store's language


class ReviewError(DomainError):
    """Nothing was changed; the message says why (safe to show)."""


# --- The signed link (the guest's way in) ------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_LINK_SALT)


def link_token(shipment: Shipment) -> str:
    return _serializer().dumps([shipment.id, shipment.order.number])


def token_allows(token: str | None, shipment: Shipment) -> bool:
    """The token was made for this parcel and is not older than REVIEW_LINK_DAYS."""
    if not token or len(token) > 500:
        return False
    try:
        shipment_id, number = _serializer().loads(
            token, max_age=current_app.config["REVIEW_LINK_DAYS"] * 86_400)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return False
    return shipment_id == shipment.id and number == shipment.order.number


def review_url(shipment: Shipment, product_id: int) -> str:
    """For mail: the review form of one product of the parcel, with the signed link."""
    return external_url("aftersales.write_review", shipment_id=shipment.id,
                        product_id=product_id, t=link_token(shipment))


# --- Who may do what ---------------------------------------------------------------------------

def buys_from_own_shop(user_id: int | None, email: str, shop_id: int | None) -> bool:
    """The shop is the buyer's own (by account or by its owner's address), or one their
    marketing centre coaches or runs."""
    shop = db.session.get(Shop, shop_id) if shop_id is not None else None
    if shop is None:
        return False
    if shop.owner is not None and (shop.owner_id == user_id
                                   or shop.owner.email.lower() == (email or "").lower()):
        return True
    return user_id is not None and shop.centre_id is not None and db.session.scalar(
        sa.select(CentreStaff.id).where(CentreStaff.user_id == user_id,
                                        CentreStaff.centre_id == shop.centre_id)) is not None


def products_of(shipment: Shipment) -> list[tuple[int, str]]:
    """(product id, name) of each product bought in the parcel, once each, still listed."""
    seen: dict[int, str] = {}
    for line in shipment.lines:
        if line.product_id is not None and line.product_id not in seen:
            seen[line.product_id] = line.product_name
    return list(seen.items())


def review_of(shipment_id: int, product_id: int) -> Review | None:
    return db.session.scalar(sa.select(Review).where(Review.shipment_id == shipment_id,
                                                     Review.product_id == product_id))


def received(shipment: Shipment) -> bool:
    """Confirmed by the buyer or completed automatically after delivery."""
    return shipment.status == ShipmentStatus.COMPLETED


def can_edit(review: Review, now=None) -> bool:
    now = now or utcnow()
    return now <= review.created_at + timedelta(days=current_app.config["REVIEW_EDIT_DAYS"])


def check_may_review(shipment: Shipment, product_id: int) -> None:
    """ReviewError unless this parcel's buyer may review this product now (or edit theirs)."""
    if not received(shipment):
        raise ReviewError(_("You can review a product once you have received its parcel."))
    if product_id not in dict(products_of(shipment)):
        raise ReviewError(_("This product was not in this parcel."))
    if buys_from_own_shop(shipment.order.user_id, shipment.order.email, shipment.shop_id):
        raise ReviewError(_("You cannot review your own shop's products."))


# --- Writing and editing -----------------------------------------------------------------------

def _stars(value) -> int:
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_STARS:
        raise ReviewError(_("Choose from 1 to 5 stars."))
    return int(text)


def _text(value: str | None) -> str:
    text = (value or "").replace("\x00", "").strip()
    if not text:
        raise ReviewError(_("Write a few words about the product."))
    if len(text) > MAX_TEXT:
        raise ReviewError(_("At most %(n)d characters, please.", n=MAX_TEXT))
    return text


def _photos(photos: list[tuple[str, bytes]]):
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(_("At most %(n)d photos.", n=MAX_PHOTOS))
    stored, budget = [], PixelBudget.per_request()
    for name, data in photos:
        try:
            stored.append(process_image(data, budget))
        except InvalidImage as error:
            raise ReviewError(_("%(file)s: %(reason)s", file=name[:80], reason=error)) from None
    return stored


def _set_photos(review: Review, stored) -> None:
    review.photos.clear()
    db.session.flush()
    for position, image in enumerate(stored):
        review.photos.append(ReviewPhoto(position=position, content_hash=image.content_hash,
                                         width=image.width, height=image.height,
                                         variant_widths=image.variant_widths))
    review.photo_count = len(stored)


def write_review(shipment: Shipment, product_id: int, *, stars, text: str,
                 photos: list[tuple[str, bytes]]) -> Review:
    """The buyer's review of one product of a received parcel; ReviewError, nothing saved,
    otherwise. Written as the order's account, or as the guest who placed it."""
    check_may_review(shipment, product_id)
    if review_of(shipment.id, product_id) is not None:
        raise ReviewError(_("You have reviewed this product already."))
    stars, text, stored = _stars(stars), _text(text), _photos(photos)
    order = shipment.order
    account = db.session.get(User, order.user_id) if order.user_id is not None else None
    name = account.name if account is not None else order.ship_recipient
    review = Review(product_id=product_id, shop_id=shipment.shop_id, shipment_id=shipment.id,
                    user_id=account.id if account is not None else None,
                    author_name=display_name(name), stars=stars, text=text)
    db.session.add(review)
    _set_photos(review, stored)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # the same review sent twice at once
        db.session.rollback()
        raise ReviewError(_("You have reviewed this product already.")) from None
    refresh_rating_summary(product_id)
    _tell_the_shop(review)
    db.session.commit()
    return review


def _tell_the_shop(review: Review) -> None:
    """Mail to the shop about a new review, in the store's language (as all seller mail), so
    that it can reply while the buyer still reads; queued in the review's transaction."""
    product = db.session.get(Product, review.product_id)
    excerpt = review.text if len(review.text) <= 500 else review.text[:499] + "…"
    with force_locale(SELLER_LOCALE):
        queue_shop_mail(
            review.shop_id,
            _("New review of %(product)s: %(stars)s/5", product=product.name, stars=review.stars),
            _("%(author)s gave %(product)s %(stars)s/5:\n\n%(text)s\n\nReply once, for every "
              "buyer to read, from your reviews page: %(url)s\n\nSentra",
              author=review.author_name, product=product.name, stars=review.stars,
              text=excerpt or "—", url=external_url("aftersales.seller_reviews")))


def edit_review(review: Review, *, stars, text: str, photos: list[tuple[str, bytes]]) -> Review:
    """Change stars and words within REVIEW_EDIT_DAYS; new photos replace the old ones (none
    sent keeps them)."""
    if not can_edit(review):
        raise ReviewError(_("A review can be changed for %(days)d days after it was written.",
                            days=current_app.config["REVIEW_EDIT_DAYS"]))
    stars, text, stored = _stars(stars), _text(text), _photos(photos)
    review.stars, review.text, review.edited_at = stars, text, utcnow()
    if stored:
        _set_photos(review, stored)
    refresh_rating_summary(review.product_id)
    db.session.commit()
    return review


# --- The shop's reply, reports, hiding -----------------------------------------------------

def reply(review: Review, *, shop: Shop, user, text: str) -> Review:
    """The shop's one public answer (by its owner, or the centre staff running it)."""
    if review.shop_id != shop.id:
        raise ReviewError(_("This review is about another shop."))
    if review.replied_at is not None:
        raise ReviewError(_("The shop has replied to this review already."))
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ReviewError(_("Write your reply first."))
    if len(text) > MAX_REPLY:
        raise ReviewError(_("At most %(n)d characters, please.", n=MAX_REPLY))
    review.reply_text, review.replied_at, review.replied_by_id = text, utcnow(), user.id
    bump_catalogue_version()  # the product page shows it
    db.session.commit()
    return review


def report(review: Review, *, user, reason: str) -> ReviewReport:
    if review.user_id is not None and review.user_id == user.id:
        raise ReviewError(_("You cannot report your own review."))
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ReviewError(_("Say what is wrong with this review."))
    if len(reason) > MAX_REASON:
        raise ReviewError(_("At most %(n)d characters, please.", n=MAX_REASON))
    if db.session.scalar(sa.select(ReviewReport.id).where(
            ReviewReport.review_id == review.id, ReviewReport.user_id == user.id)) is not None:
        raise ReviewError(_("You have reported this review already."))
    entry = ReviewReport(review_id=review.id, user_id=user.id, reason=reason)
    db.session.add(entry)
    db.session.commit()
    return entry


def _snapshot(review: Review) -> dict:
    return audit_trail.snapshot(review, "hidden_at", "hidden_reason", "stars", "product_id")


def _handle_reports(review: Review) -> None:
    db.session.execute(sa.update(ReviewReport).where(
        ReviewReport.review_id == review.id, ReviewReport.handled_at.is_(None))
        .values(handled_at=utcnow()).execution_options(synchronize_session=False))


def hide(review: Review, *, reason: str, actor, ip_address: str = "") -> Review:
    """Out of the page and the summary, with the reason, in the audit log."""
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ReviewError(_("Give the reason for hiding this review."))
    if len(reason) > MAX_REASON:
        raise ReviewError(_("At most %(n)d characters, please.", n=MAX_REASON))
    if review.is_hidden:
        raise ReviewError(_("This review is hidden already."))
    before = _snapshot(review)
    review.hidden_at, review.hidden_reason = utcnow(), reason
    _handle_reports(review)
    refresh_rating_summary(review.product_id)
    audit_trail.record(actor, "review.hide", "review", review.id, before=before,
                       after=_snapshot(review), reason=reason, ip_address=ip_address)
    db.session.commit()
    return review


def restore(review: Review, *, actor, ip_address: str = "", reason: str = "") -> Review:
    if not review.is_hidden:
        raise ReviewError(_("This review is not hidden."))
    before = _snapshot(review)
    review.hidden_at, review.hidden_reason = None, ""
    refresh_rating_summary(review.product_id)
    audit_trail.record(actor, "review.restore", "review", review.id, before=before,
                       after=_snapshot(review), reason=reason[:500], ip_address=ip_address)
    db.session.commit()
    return review


def keep(review: Review, *, actor, ip_address: str = "") -> None:
    """The reports were looked at and the review stays."""
    _handle_reports(review)
    audit_trail.record(actor, "review.keep", "review", review.id, ip_address=ip_address)
    db.session.commit()


# --- After receipt: units sold, and the mail asking for the review -----------------------------

def parcel_completed(shipment: Shipment) -> None:
    """In the transaction that completes the parcel (escrow.complete, which happens once per
    parcel): count its units as sold and ask the buyer for reviews, once."""
    units: dict[int, int] = {}
    for line in shipment.lines:
        if line.product_id is not None:
            units[line.product_id] = units.get(line.product_id, 0) + line.quantity
    for product_id, quantity in units.items():
        db.session.execute(sa.update(Product).where(Product.id == product_id)
                           .values(units_sold=Product.units_sold + quantity,
                                   updated_at=Product.updated_at)
                           .execution_options(synchronize_session=False))
    if units:
        bump_catalogue_version()  # cards and pages show "Terjual N"
        _ask_for_review(shipment)


def _ask_for_review(shipment: Shipment) -> None:
    order = shipment.order
    products = products_of(shipment)
    if not products:
        return
    with force_locale(order.locale):
        links = "\n".join(f"- {name}: {review_url(shipment, product_id)}"
                          for product_id, name in products)
        queue_mail(order.email, _("How was your parcel from %(shop)s?", shop=shipment.shop_name),
                   _("Your parcel of order %(number)s from %(shop)s has arrived. Other buyers "
                     "would like to know what you think: give it stars and a few words, with "
                     "photos if you like.\n\n%(links)s\n\nSentra",
                     number=order.number, shop=shipment.shop_name, links=links))


@dataclass(frozen=True)
class Reviewable:
    """On the order page: one product of a received parcel and the buyer's review of it."""

    product_id: int
    name: str
    review: Review | None
    url: str


def reviewables(shipment: Shipment) -> list[Reviewable]:
    if not received(shipment):
        return []
    token = link_token(shipment)
    reviews = {r.product_id: r for r in db.session.scalars(
        sa.select(Review).where(Review.shipment_id == shipment.id))}
    return [Reviewable(product_id, name, reviews.get(product_id),
                       _relative_url(shipment.id, product_id, token))
            for product_id, name in products_of(shipment)]


def _relative_url(shipment_id: int, product_id: int, token: str) -> str:
    return url_for("aftersales.write_review", shipment_id=shipment_id, product_id=product_id,
                   t=token)


# --- Lists for the shop's and the admins' pages ------------------------------------------------

def shop_reviews(shop_id: int, limit: int = 200) -> list[Review]:
    """The shop's reviews, newest first (hidden ones too: the shop sees why)."""
    return list(db.session.scalars(
        sa.select(Review).where(Review.shop_id == shop_id)
        .options(selectinload(Review.product), selectinload(Review.photos))
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)))


REPORTED, HIDDEN, ALL = "reported", "hidden", "all"


def reviews_for_admin(view: str = REPORTED, limit: int = 200) -> list[tuple[Review, int]]:
    """(review, reports not yet dealt with): reported first by default, or the hidden, or all."""
    open_reports = (sa.select(ReviewReport.review_id, sa.func.count(ReviewReport.id).label("n"))
                    .where(ReviewReport.handled_at.is_(None))
                    .group_by(ReviewReport.review_id).subquery())
    count = sa.func.coalesce(open_reports.c.n, 0)
    stmt = (sa.select(Review, count).outerjoin(open_reports, open_reports.c.review_id == Review.id)
            .options(selectinload(Review.product), selectinload(Review.photos)))
    if view == REPORTED:
        stmt = stmt.where(count > 0)
    elif view == HIDDEN:
        stmt = stmt.where(Review.hidden_at.is_not(None))
    rows = db.session.execute(stmt.order_by(count.desc(), Review.created_at.desc(), Review.id.desc())
                              .limit(limit))
    return [(review, int(n)) for review, n in rows]


def reports_of(review_id: int) -> list[ReviewReport]:
    return list(db.session.scalars(sa.select(ReviewReport).where(
        ReviewReport.review_id == review_id).order_by(ReviewReport.id)))


def count_reported() -> int:
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(ReviewReport.review_id))).where(
        ReviewReport.handled_at.is_(None))) or 0
