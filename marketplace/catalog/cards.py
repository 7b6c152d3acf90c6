"""Product cards' HTML, kept by this process: a card is the same on the search, catalogue,
shop, home and product pages, so it is rendered once per product, language and data version
and then reused wherever that product is listed.

Keyed by the release (templates, translations: caching.release_digest), the language, the
catalogue version (every change to a product, its variants, stock, photos or shop bumps it:
catalog.services.bump_catalogue_version) and the product, like every cached storefront page:
a change or a release shows at once, and nothing is ever deleted: the least recently used
cards are forgotten past CARDS_KEPT.

What differs between two listings of one product is kept out of the card: the search's
snippet goes between its two halves (`card_head` and `card_tail` in _macros.html), and whether
its photo loads at once (the first row) is written into the slot left for it.

In this process's memory rather than the shared cache: a page has 24 cards, each found here in
a microsecond, where the shared cache would cost a round trip to Redis or an unpickling, for
HTML that costs a tenth of a millisecond to render. CACHE_TYPE=NullCache turns it off too.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app
from markupsafe import Markup, escape

from marketplace.catalog import queries, versions
from marketplace.catalog.models import Product, ProductImage, Shop, rating_average
from marketplace.extensions import db
from marketplace.language import language_code

CARDS_KEPT = 5000  # about 1.3 KB each: some 7 MB a process
# Left in the photo's loading="…" while the card is rendered: markup no product data can
# produce (it is all escaped), so the only place it can appear.
LOADING_SLOT = Markup("<!--loading-->")


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    head: tuple[Markup, ...]  # the card up to the snippet, split where the photo's loading goes
    tail: Markup  # the card after the snippet

    def top(self, loading: str) -> Markup:
        return Markup(escape(loading).join(self.head))


class _Kept:
    """The cards of one app (tests run many in one process), the least recently used forgotten
    past CARDS_KEPT. cachetools' caches are not thread-safe (a hit reorders them), and
    gunicorn may run a worker's requests in threads: hence the lock."""

    def __init__(self) -> None:
        self.cards: LRUCache[tuple, Card] = LRUCache(maxsize=CARDS_KEPT)
        self.lock = threading.Lock()

    def get(self, key: tuple | None) -> Card | None:
        if key is None:
            return None
        with self.lock:
            return self.cards.get(key)

    def put(self, key: tuple, made: Card) -> None:
        with self.lock:
            self.cards[key] = made


def _kept() -> _Kept:
    kept = current_app.extensions.get("sentra.cards")
    if kept is None:
        kept = current_app.extensions.setdefault("sentra.cards", _Kept())
    return kept


def _key(product_id: int, heading: str) -> tuple | None:
    """None when the storefront caches are off."""
    if current_app.config.get("CACHE_TYPE") == "NullCache":
        return None
    return (current_app.extensions["sentra.release"], language_code(),
            versions.page_versions()[0], product_id, heading)


def card(product: Product | CardProduct | Card, heading: str = "h3") -> Card:
    """The card of a product (or the card itself, found by `listed`)."""
    if isinstance(product, Card):
        return product
    key, kept = _key(product.id, heading), _kept()
    found = kept.get(key)
    if found is not None:
        return found
    macros = current_app.jinja_env.get_template("_macros.html").module
    head = Markup(macros.card_head(product, heading, LOADING_SLOT))
    made = Card(product.id, tuple(head.split(LOADING_SLOT)), Markup(macros.card_tail(product)))
    if key is not None:
        kept.put(key, made)
    return made


# --- What a card shows, read without the ORM ---------------------------------------------------
# A search page's products are named by id and shown only as cards: their columns are read
# with two plain queries into these small objects, which answer what card_head and card_tail
# ask of a Product, its Shop and its cover ProductImage (a third of the cost of loading the
# mapped objects, which carry every column and every photo).

@dataclass(frozen=True, slots=True)
class CardPhoto:
    content_hash: str
    variant_widths: str
    width: int
    height: int
    alt_text: str

    widths = ProductImage.widths
    height_for = ProductImage.height_for


@dataclass(frozen=True, slots=True)
class CardShop:
    name: str
    regency: str
    is_verified: bool


@dataclass(frozen=True, slots=True)
class CardProduct:
    id: int
    slug: str
    name: str
    price_from_idr: int
    price_to_idr: int
    in_stock: bool
    packaging_score: int
    review_count: int
    rating_total: int
    units_sold: int
    shop: CardShop
    cover: CardPhoto | None

    has_price_range = Product.has_price_range

    @property
    def rating_average(self) -> float | None:
        return rating_average(self.rating_total, self.review_count)


_CARD_COLUMNS = (Product.id, Product.slug, Product.name, Product.price_from_idr,
                 Product.price_to_idr, Product.in_stock, Product.packaging_score,
                 Product.review_count, Product.rating_total, Product.units_sold,
                 Shop.name.label("shop_name"), Shop.regency, Shop.is_verified)
_PHOTO_COLUMNS = (ProductImage.product_id, ProductImage.content_hash, ProductImage.variant_widths,
                  ProductImage.width, ProductImage.height, ProductImage.alt_text)


def card_products(ids: list[int]) -> dict[int, CardProduct]:
    """The products of these ids that buyers may see, as cards show them (queries.visible)."""
    rows = db.session.execute(sa.select(*_CARD_COLUMNS).join(Product.shop)
                              .where(queries.visible(by_id=True), Product.id.in_(ids))).all()
    if not rows:
        return {}
    covers: dict[int, CardPhoto] = {}
    # The first photo by position, then id: Product.images' order, whose first is the cover.
    for row in db.session.execute(sa.select(*_PHOTO_COLUMNS)
                                  .where(ProductImage.product_id.in_([r.id for r in rows]))
                                  .order_by(ProductImage.product_id, ProductImage.position,
                                            ProductImage.id)):
        if row.product_id not in covers:
            covers[row.product_id] = CardPhoto(*row[1:])
    return {r.id: CardProduct(*r[:10], shop=CardShop(r.shop_name, r.regency, r.is_verified),
                              cover=covers.get(r.id)) for r in rows}


def listed(ids: list[int], heading: str = "h3") -> list[CardProduct | Card]:
    """What `product_grid` shows for these product ids, in their order: the cards this process
    keeps as they are, the other products read in one go (card_products); ids no longer
    visible are left out. A kept card was rendered from the product as it was at this
    catalogue version, visible: so it still is."""
    cards = _kept()
    kept = {i: found for i in ids if (found := cards.get(_key(i, heading))) is not None}
    missing = [i for i in ids if i not in kept]
    loaded = card_products(missing) if missing else {}
    return [kept.get(i) or loaded[i] for i in ids if i in kept or i in loaded]
