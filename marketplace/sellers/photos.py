"""A listing's photos: add several at once, order, describe, delete."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.catalog.photo_pipeline import InvalidImage, PixelBudget, process_image
from marketplace.catalog.models import Product, ProductImage, ProductStatus
from marketplace.catalog.services import photos_changed
from marketplace.errors import DomainError
from marketplace.extensions import db

MAX_PHOTOS = 12


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
