"""A listing's photos: add several at once, order, describe, delete; and photos sent ahead of
their listing form (pending photos, issue 20)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa

from marketplace.catalog.photo_pipeline import InvalidImage, PixelBudget, process_image
from marketplace.catalog.models import Product, ProductImage, ProductStatus
from marketplace.catalog.services import photos_changed
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.sellers.models import PendingPhoto
from marketplace.timeutil import utcnow

MAX_PHOTOS = 12
# A photo sent ahead of its form waits this long for the form to be saved (a seller on a slow
# connection may finish the form the next morning); then it is deleted.
PENDING_PHOTO_HOURS = 48


class LastPhotoOfListingForSale(DomainError):
    """A listing for sale keeps at least one photo, as publishing it needed one."""


def add_photos(product: Product, files: list[tuple[str, bytes]]) -> tuple[int, list[tuple[str, str]]]:
    """Store each acceptable photo; return (how many were added, [(file name, why refused)]).

    The photos of one call (one upload) share a decoding budget: past it, the rest are
    refused with a message to add them again.
    """
    added, refused = 0, []
    budget = PixelBudget.per_request()
    position = max((image.position for image in product.images), default=-1) + 1
    for filename, data in files:
        if len(product.images) + added >= MAX_PHOTOS:
            refused.append((filename, "too-many"))
            continue
        try:
            stored = process_image(data, budget)
        except InvalidImage as error:
            refused.append((filename, str(error)))
            continue
        db.session.add(ProductImage(
            product_id=product.id, position=position, content_hash=stored.content_hash,
            width=stored.width, height=stored.height, variant_widths=stored.variant_widths,
            alt_text=product.name[:200],
        ))
        position += 1
        added += 1
    photos_changed(product.id)
    db.session.commit()
    return added, refused


def own_image(product: Product, image_id: int) -> ProductImage | None:
    return db.session.scalar(
        sa.select(ProductImage).where(ProductImage.id == image_id, ProductImage.product_id == product.id)
    )


def describe_photo(image: ProductImage, alt_text: str, shows_packaging: bool) -> None:
    image.alt_text = alt_text.strip()[:200]
    image.shows_packaging = shows_packaging
    photos_changed(image.product_id)
    db.session.commit()


def move_photo(product: Product, image: ProductImage, direction: int) -> None:
    """Swap with the neighbour before (-1) or after (+1); the first photo is the cover."""
    ordered = sorted(product.images, key=lambda i: (i.position, i.id))
    index = ordered.index(image)
    target = index + direction
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    photos_changed(product.id)
    db.session.commit()


def delete_photo(product: Product, image: ProductImage) -> None:
    if product.status == ProductStatus.ACTIVE and len(product.images) <= 1:
        raise LastPhotoOfListingForSale()
    # The files stay: they are shared by content hash with copies of this listing.
    db.session.delete(image)
    db.session.flush()
    for position, item in enumerate(sorted((i for i in product.images if i is not image),
                                           key=lambda i: (i.position, i.id))):
        item.position = position
    photos_changed(product.id)
    db.session.commit()


def add_pending_photo(shop, uploader_id: int | None, filename: str, data: bytes,
                      budget: PixelBudget | None = None) -> PendingPhoto:
    """Check, clean and store a photo sent ahead of its listing form; raises InvalidImage (with
    the reason to show) and stores nothing when the file is not acceptable. The pipeline judges
    it as any upload: what a browser resized is not trusted."""
    stored = process_image(data, budget)
    pending = PendingPhoto(shop_id=shop.id, uploader_id=uploader_id, filename=filename[:200],
                           content_hash=stored.content_hash, width=stored.width,
                           height=stored.height, variant_widths=stored.variant_widths)
    db.session.add(pending)
    db.session.commit()
    return pending


def pending_photos_of(shop, ids: Iterable[str | int]) -> list[PendingPhoto]:
    """The shop's own pending photos among `ids` (as a form sends them), in that order, without
    repeats; another shop's, unknown, malformed or expired ids are left out."""
    wanted: list[int] = []
    for value in ids:
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 12 and int(text) not in wanted:
            wanted.append(int(text))
    if not wanted:
        return []
    found = {p.id: p for p in db.session.scalars(sa.select(PendingPhoto).where(
        PendingPhoto.id.in_(wanted[:MAX_PHOTOS * 2]), PendingPhoto.shop_id == shop.id,
        PendingPhoto.created_at >= utcnow() - timedelta(hours=PENDING_PHOTO_HOURS)))}
    return [found[i] for i in wanted if i in found]


def attach_pending_photos(product: Product, pending: list[PendingPhoto]) -> tuple[int, int]:
    """Make the pending photos the product's (after those it has), up to MAX_PHOTOS; return
    (added, left out because there were too many). The pending rows are deleted either way."""
    added = 0
    position = max((image.position for image in product.images), default=-1) + 1
    for photo in pending:
        if len(product.images) + added < MAX_PHOTOS:
            db.session.add(ProductImage(
                product_id=product.id, position=position, content_hash=photo.content_hash,
                width=photo.width, height=photo.height, variant_widths=photo.variant_widths,
                alt_text=product.name[:200]))
            position += 1
            added += 1
        db.session.delete(photo)
    if added:
        photos_changed(product.id)
    db.session.commit()
    return added, len(pending) - added


def purge_pending_photos(older_than_hours: int = PENDING_PHOTO_HOURS) -> int:
    """Delete the pending photos no form used in time; return how many. The files stay, as
    those of a deleted listing photo do (shared by content hash)."""
    result = db.session.execute(sa.delete(PendingPhoto).where(
        PendingPhoto.created_at < utcnow() - timedelta(hours=older_than_hours)))
    db.session.commit()
    return result.rowcount or 0
