"""What the storefront shows of reviews: the rating summary kept on the product (and the
shop), the distribution by stars and one page of a product's reviews.

Nothing here decides who may write what: that is aftersales.reviews, which calls
`refresh_rating_summary` in the transaction of every change to a review.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalog.models import Product, Shop
from marketplace.catalog.review_models import MAX_STARS, Review
from marketplace.catalog.services import bump_catalogue_version
from marketplace.extensions import db
from marketplace.pagination import Page

PER_PAGE = 5  # at the longest (2,000 characters, a reply, 3 photos) the page stays under 40 KB
NEWEST, WITH_PHOTOS = "newest", "photos"


def shown():
    """Reviews the storefront shows and counts: those an admin has not hidden."""
    return Review.hidden_at.is_(None)


def refresh_rating_summary(product_id: int) -> None:
    """Recompute the product's count, total and sort key from its shown reviews, and its
    shop's over all its products, inside the caller's transaction: one UPDATE each, so two
    reviews saved at once cannot leave a stale sum. Bumps the catalogue version (cards,
    product and shop pages show the summary)."""
    db.session.flush()
    mine = sa.and_(Review.product_id == Product.id, shown())
    count = sa.select(sa.func.count(Review.id)).where(mine).scalar_subquery()
    total = sa.select(sa.func.coalesce(sa.func.sum(Review.stars), 0)).where(mine).scalar_subquery()
    db.session.execute(
        sa.update(Product).where(Product.id == product_id)
        .values(review_count=count, rating_total=total, updated_at=Product.updated_at)
        .execution_options(synchronize_session=False))
    db.session.execute(
        sa.update(Product).where(Product.id == product_id)
        .values(rating_sort=sa.case(
            (Product.review_count > 0,
             sa.cast(sa.func.round(Product.rating_total * 100.0 / Product.review_count),
                     sa.Integer)),
            else_=0), updated_at=Product.updated_at)
        .execution_options(synchronize_session=False))
    shop_id = db.session.scalar(sa.select(Product.shop_id).where(Product.id == product_id))
    theirs = Product.shop_id == Shop.id
    db.session.execute(
        sa.update(Shop).where(Shop.id == shop_id).values(
            review_count=sa.select(sa.func.coalesce(sa.func.sum(Product.review_count), 0))
            .where(theirs).scalar_subquery(),
            rating_total=sa.select(sa.func.coalesce(sa.func.sum(Product.rating_total), 0))
            .where(theirs).scalar_subquery(),
            updated_at=Shop.updated_at)
        .execution_options(synchronize_session=False))
    for obj in list(db.session.identity_map.values()):
        if (isinstance(obj, Product) and obj.id == product_id) or \
                (isinstance(obj, Shop) and obj.id == shop_id):
            db.session.expire(obj, ["review_count", "rating_total"])
    bump_catalogue_version()


@dataclass(frozen=True)
class StarCount:
    stars: int
    count: int
    percent: int


def distribution(product: Product) -> list[StarCount]:
    """How many shown reviews gave 5, 4, ... 1 stars (one GROUP BY; none without reviews)."""
    if not product.review_count:
        return []
    counts = dict(db.session.execute(
        sa.select(Review.stars, sa.func.count(Review.id))
        .where(Review.product_id == product.id, shown()).group_by(Review.stars)).all())
    total = sum(counts.values()) or 1
    return [StarCount(stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total))
            for stars in range(MAX_STARS, 0, -1)]


def review_page(product: Product, page: int, order: str = NEWEST,
                per_page: int = PER_PAGE) -> Page:
    """One page of the product's shown reviews, newest first (or those with photos first),
    with their photos: two statements whatever the page holds, none without reviews. The
    count is the summary's (the same rows)."""
    result = Page.numbered(product.review_count, page, per_page)
    if not product.review_count:
        return result
    keys = [Review.created_at.desc(), Review.id.desc()]
    if order == WITH_PHOTOS:
        keys.insert(0, (Review.photo_count > 0).desc())
    result.items = list(db.session.scalars(
        sa.select(Review).where(Review.product_id == product.id, shown())
        .options(selectinload(Review.photos))
        .order_by(*keys).limit(per_page).offset(result.offset)))
    return result


def distribution_and_page(product: Product, page: int, order: str = NEWEST,
                          per_page: int = PER_PAGE) -> tuple[list[StarCount], Page]:
    """`distribution(product)` and `review_page(product, page, order)` in one statement: the
    page's reviews with their photos joined, and the count of each star as five scalar
    subqueries beside them (none without reviews; two statements only for a page past the
    last, which has no row to carry the counts)."""
    result = Page.numbered(product.review_count, page, per_page)
    if not product.review_count:
        return [], result
    keys = [Review.created_at.desc(), Review.id.desc()]
    if order == WITH_PHOTOS:
        keys.insert(0, (Review.photo_count > 0).desc())
    stars = list(range(MAX_STARS, 0, -1))
    counts = [sa.select(sa.func.count(Review.id))
              .where(Review.product_id == product.id, shown(), Review.stars == n)
              .scalar_subquery() for n in stars]
    rows = db.session.execute(
        sa.select(Review, *counts).where(Review.product_id == product.id, shown())
        .options(joinedload(Review.photos))
        .order_by(*keys).limit(per_page).offset(result.offset)).unique().all()
    if not rows:
        return distribution(product), result
    result.items = [row[0] for row in rows]
    by_stars = dict(zip(stars, rows[0][1:]))
    total = sum(by_stars.values()) or 1
    return ([StarCount(n, by_stars[n], round(100 * by_stars[n] / total)) for n in stars],
            result)


def display_name(full_name: str | None) -> str:
    """What a review shows as its author: the first name, or initials when the first word is
    an initial or a title-like fragment; never an e-mail address."""
    words = [w for w in (full_name or "").replace("@", " ").split() if w]
    if not words:
        return ""
    first = words[0].strip(".,")
    if len(first) >= 2 and "." not in words[0]:
        return first[:60]
    return "".join(f"{w[0].upper()}." for w in words[:3])
