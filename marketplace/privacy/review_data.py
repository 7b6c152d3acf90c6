"""Reviews in a person's data: the download's "reviews" section, and what erasing an account
does to the reviews it wrote.

Erasure rule (README "Reviews"): a review is about a product and helps other buyers, as a
complaint's text stays with the order's books, so an erased person's reviews keep their stars
and words (scrubbed of the person's name, e-mail, phone and street by erasure's final pass)
and are shown as by "a buyer": the first name or initials go, the link to the account goes,
and their photos are removed (a photo may show a face, a home, a street).
"""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.catalog.photo_pipeline import original_name
from marketplace.catalog.review_models import Review, ReviewPhoto
from marketplace.catalog.reviews import refresh_rating_summary
from marketplace.extensions import db
from marketplace.privacy.export import Section, register_section


def _reviews_of(user: User):
    return db.session.scalars(sa.select(Review).where(
        sa.or_(Review.user_id == user.id, Review.replied_by_id == user.id)).order_by(Review.id))


def _rows(user: User) -> list[dict]:
    rows = []
    for review in _reviews_of(user):
        mine = review.user_id == user.id
        rows.append({
            "review_id": review.id, "product": review.product.name,
            "written_by_me": mine, "stars": review.stars if mine else None,
            "text": review.text if mine else None,
            "created_at": review.created_at.isoformat() if mine else None,
            "edited_at": review.edited_at.isoformat() if mine and review.edited_at else None,
            "shown_as": review.author_name if mine else None,
            "hidden_reason": review.hidden_reason if mine else None,
            "reply_by_me": review.reply_text if review.replied_by_id == user.id else None,
            "photos": [f"photos/reviews/{review.id}-{p.id}.webp" for p in review.photos] if mine else [],
        })
    return rows


def _photos(user: User) -> list[tuple[str, str]]:
    return [(original_name(p.content_hash), f"photos/reviews/{review.id}-{p.id}.webp")
            for review in _reviews_of(user) if review.user_id == user.id for p in review.photos]


register_section(Section("reviews", _rows, photos=_photos))


def anonymise_reviews(user: User) -> None:
    """In erasure's transaction: the person's reviews shown as by an anonymous buyer."""
    ids = list(db.session.execute(sa.select(Review.id, Review.product_id)
                                  .where(Review.user_id == user.id)))
    if not ids:
        return
    review_ids = [review_id for review_id, _ in ids]
    db.session.execute(sa.delete(ReviewPhoto).where(ReviewPhoto.review_id.in_(review_ids)))
    db.session.execute(sa.update(Review).where(Review.id.in_(review_ids))
                       .values(author_name="", user_id=None, photo_count=0)
                       .execution_options(synchronize_session=False))
    for product_id in {product_id for _, product_id in ids}:
        refresh_rating_summary(product_id)  # a new catalogue version: the pages change
