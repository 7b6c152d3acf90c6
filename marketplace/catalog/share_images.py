"""The picture a shared link shows (WhatsApp, Facebook, X): 1200×630, made for the purpose.

A card is the product's photo on a frame with its name, price and shop, drawn with Pillow in
the store's own font (static/fonts, nothing downloaded). It is made once: its file is named by
a hash of everything drawn on it (the photo's own content hash among them) and kept through
media_storage, so a second request for the same card only reads the stored file, and a new
price or photo makes a new card at a new name.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw, ImageFont, ImageOps

from marketplace import money
from marketplace.catalog.media_storage import get_storage
from marketplace.catalog.models import Product, Shop
from marketplace.catalog.photo_pipeline import variant_name

WIDTH, HEIGHT = 1200, 630
# Change when the drawing changes: every card is then made again, at new names.
LAYOUT = "card-1"
FONT_FILE = "fonts/PlusJakartaSans-latin.woff2"
PAPER = (250, 246, 239)
INK = (38, 30, 25)
ACCENT = (158, 52, 32)  # the store's tenun red
MUTED = (110, 96, 86)
MARGIN = 56


@dataclass(frozen=True)
class ShareCard:
    title: str
    price: str = ""  # written in Indonesian (Rp150.000): one card for both languages
    byline: str = ""  # the shop and its regency
    photo_hash: str = ""  # a stored product photo (photo_pipeline), or none
    photo_widths: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        digest = hashlib.sha256("\x1f".join(
            [LAYOUT, self.title, self.price, self.byline, self.photo_hash]).encode()).hexdigest()
        return f"share/{digest[:2]}/{digest}.jpg"

    @property
    def version(self) -> str:
        """A short token for the card's address, so that link previews fetch a new card."""
        return self.name.rsplit("/", 1)[1][:16]


def product_card(product: Product) -> ShareCard:
    price = money.format_idr(product.price_from_idr, "id")
    if product.has_price_range:
        price += " +"
    cover = product.cover
    return ShareCard(
        title=product.name, price=price,
        byline=f"{product.shop.name} · {product.shop.regency}",
        photo_hash=cover.content_hash if cover else "",
        photo_widths=tuple(cover.widths) if cover else (),
    )


def shop_card(shop: Shop, cover: Product | None) -> ShareCard:
    image = cover.cover if cover is not None else None
    return ShareCard(
        title=shop.name, byline=f"{shop.regency}, {shop.province}",
        photo_hash=image.content_hash if image else "",
        photo_widths=tuple(image.widths) if image else (),
    )


def site_card(tagline: str) -> ShareCard:
    return ShareCard(title="Sentra", byline=tagline)


def stored_card(card: ShareCard) -> bytes:
    """The card's JPEG: read when made before, else drawn now and stored."""
    storage = get_storage()
    if storage.exists(card.name):
        return storage.read(card.name)
    data = draw(card)
    storage.save(card.name, data)
    return data


def draw(card: ShareCard) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(canvas)
    text_left = MARGIN
    photo = _photo(card)
    if photo is not None:
        canvas.paste(ImageOps.fit(photo, (HEIGHT, HEIGHT), Image.Resampling.LANCZOS), (0, 0))
        text_left = HEIGHT + MARGIN
    width = WIDTH - text_left - MARGIN
    pen.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=ACCENT)

    y = 70
    for line in _wrap(pen, card.title, _font(60, "Bold"), width, lines=3):
        pen.text((text_left, y), line, font=_font(60, "Bold"), fill=INK)
        y += 74
    if card.price:
        y += 24
        pen.text((text_left, y), card.price, font=_font(64, "ExtraBold"), fill=ACCENT)
        y += 88
    if card.byline:
        y += 12
        for line in _wrap(pen, card.byline, _font(34, "Medium"), width, lines=2):
            pen.text((text_left, y), line, font=_font(34, "Medium"), fill=MUTED)
            y += 44
    pen.text((text_left, HEIGHT - 90), "Sentra", font=_font(40, "Bold"), fill=ACCENT)

    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def _photo(card: ShareCard) -> Image.Image | None:
    if not card.photo_hash or not card.photo_widths:
        return None
    # The smallest stored width that fills the square, else the largest there is.
    width = min((w for w in card.photo_widths if w >= HEIGHT), default=max(card.photo_widths))
    try:
        data = get_storage().read(variant_name(card.photo_hash, width))
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError) as error:  # a photo gone missing: a card without it
        current_app.logger.warning("share card without its photo %s: %s", card.photo_hash, error)
        return None
    return image.convert("RGB")


def _wrap(pen: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    """Words on lines no wider than `width`; the last line ends in "…" when text is left."""
    out: list[str] = []
    current = ""
    words = text.split()
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if pen.textlength(candidate, font=font) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        out.append(current)
    if not out:
        return []
    last = out[-1]
    if pen.textlength(last, font=font) > width:  # words were left over: cut at a word
        kept = last.split()
        while len(kept) > 1 and pen.textlength(" ".join(kept) + "…", font=font) > width:
            kept.pop()
        last = " ".join(kept)
        while len(last) > 1 and pen.textlength(last + "…", font=font) > width:  # one long word
            last = last[:-1]
        out[-1] = last.rstrip(" ,·-") + "…"
    return out[:lines]


def _font(size: int, weight: str):
    return _load_font(str(Path(current_app.static_folder or "") / FONT_FILE), size, weight)


@cache
def _load_font(path: str, size: int, weight: str):
    font = ImageFont.truetype(path, size)
    font.set_variation_by_name(weight)
    return font
