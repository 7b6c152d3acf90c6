"""The demo store's product photos, drawn with Pillow: no downloads, the same pictures for the
same seed.

Each product gets two or three photos: the product itself, its pack with the front label
(`shows_packaging`), and for some a close-up of the weave or the back label of a food. The
photos are encoded as JPEG, as a phone would send them, and go through the same
`process_image` as a seller's upload.
"""
from __future__ import annotations

import io
import math
import random
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

from marketplace.dev.demo import packs, subjects, textures
from marketplace.dev.demo.canvas import (
    INK, PAPER, RGB, SIZE, Box, H, W, gradient, shade, shadow, text_block,
)
from marketplace.dev.demo.specs import PackagingType, ProductSpec, ShopSpec

CLOTHS = {"ikat", "buna", "sotis", "songket"}
CLOTH_GOODS = {"runner", "wallet", "bag", "tanjak"}
WALLS: list[RGB] = [(236, 228, 214), (214, 222, 206), (230, 208, 190), (212, 218, 226)]
WOODS: list[RGB] = [(156, 104, 64), (186, 144, 96), (118, 78, 50), (200, 168, 120)]
BRANDS: list[RGB] = [(140, 40, 36), (30, 80, 110), (40, 100, 70), (120, 70, 30), (90, 50, 110),
                     (20, 110, 120), (170, 90, 20), (60, 60, 60)]
HORIZON = 420

PACK_PHRASES = {
    PackagingType.BOX: "kotak karton berlabel",
    PackagingType.POUCH: "pouch berklip dengan label depan",
    PackagingType.JAR: "toples berlabel",
    PackagingType.BOTTLE: "botol kaca berlabel",
    PackagingType.TUBE: "tabung berlabel",
    PackagingType.WOVEN_BASKET: "wadah anyaman berlabel",
    PackagingType.PAPER_WRAP: "bungkus kertas cokelat bertali",
    PackagingType.CLOTH_BAG: "kantong kain bertali dengan label",
    PackagingType.PLASTIC_BAG: "plastik bening dengan kartu label",
    PackagingType.SACK: "karung blacu berlabel",
    PackagingType.TIN: "kaleng berlabel",
}
DETAIL_WORDS = {"noken": "rajutan", "bracelet": "manik-manik", "necklace": "manik-manik",
                "bead_bag": "manik-manik"}


@dataclass(frozen=True)
class Photo:
    data: bytes
    alt_text: str
    shows_packaging: bool = False


def brand_colour(shop: ShopSpec) -> RGB:
    return BRANDS[zlib.crc32(shop.code.encode()) % len(BRANDS)]


def _table(rng: random.Random) -> Image.Image:
    wall, wood = rng.choice(WALLS), rng.choice(WOODS)
    image = Image.new("RGB", SIZE)
    image.paste(gradient((W, HORIZON), shade(wall, 1.04), shade(wall, 0.9)), (0, 0))
    image.paste(gradient((W, H - HORIZON), shade(wood, 1.1), shade(wood, 0.78)), (0, HORIZON))
    draw = ImageDraw.Draw(image, "RGBA")
    draw.line((0, HORIZON, W, HORIZON), fill=(255, 255, 255, 70), width=3)
    grain = (*shade(wood, 0.62), 70)
    for _ in range(18):
        y, phase, amp = rng.randrange(HORIZON + 8, H), rng.uniform(0, 6), rng.uniform(2, 6)
        draw.line([(x, y + amp * math.sin(phase + x / 90)) for x in range(0, W + 60, 60)],
                  fill=grain, width=rng.choice((1, 2)))
    y = HORIZON + rng.randrange(50, 90)
    while y < H:
        draw.line((0, y, W, y), fill=(*shade(wood, 0.5), 120), width=2)
        y += rng.randrange(80, 120)
    return image


def _studio(rng: random.Random) -> Image.Image:
    """A seamless paper backdrop, the way a marketing centre photographs packs."""
    wall = rng.choice(WALLS)
    return gradient(SIZE, shade(wall, 1.06), shade(wall, 0.82))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _alt(text: str) -> str:
    return text if len(text) <= 200 else text[:197].rstrip() + "..."


def _size_text(product: ProductSpec, index: int = 0) -> str:
    variant = product.variants[index]
    if variant.name:
        return variant.name
    if product.textile is not None:
        return f"{product.textile.length_cm} × {product.textile.width_cm} cm"
    if product.look.subject in subjects.FOODS:
        grams = variant.net_weight_g
        return f"{grams // 1000} kg" if grams % 1000 == 0 else f"{grams} g"
    return "Buatan tangan"


def _zoom(image: Image.Image, box: Box) -> Image.Image:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max(240, min(W / 2, (x1 - x0) * 0.35))
    half_h = half_w * H / W
    cx, cy = min(max(cx, half_w), W - half_w), min(max(cy, half_h), H - half_h)
    crop = image.crop((round(cx - half_w), round(cy - half_h), round(cx + half_w),
                       round(cy + half_h)))
    return crop.resize(SIZE, Image.Resampling.BICUBIC)


def _cloth_photo(cloth: Image.Image, rng: random.Random) -> Image.Image:
    image = _table(rng)
    edge = H - rng.randrange(90, 140)
    shadow(image, (-40, edge - 20, W + 40, edge + 24), strength=140, blur=10)
    image.paste(cloth.crop((0, 0, W, edge)), (0, 0))
    draw = ImageDraw.Draw(image, "RGBA")
    for x in range(4, W, 7):
        length = rng.randrange(30, 56)
        colour = cloth.getpixel((x, edge - 4))
        draw.line((x, edge, x + rng.randrange(-4, 5), edge + length), fill=colour, width=3)
    for _ in range(3):  # soft folds where the cloth lies unevenly
        x = rng.randrange(80, W - 80)
        draw.rectangle((x, 0, x + rng.randrange(30, 70), edge), fill=(0, 0, 0, 22))
        draw.rectangle((x - 30, 0, x, edge), fill=(255, 255, 255, 14))
    return image


def _cloth_good(cloth: Image.Image, subject: str, rng: random.Random) -> tuple[Image.Image, Box]:
    image = _table(rng)
    draw = ImageDraw.Draw(image)
    shapes: dict[str, list[tuple[float, float]]] = {
        "runner": [(120, 470), (840, 470), (900, 640), (60, 640)],
        "wallet": [(270, 420), (690, 420), (690, 620), (270, 620)],
        "bag": [(280, 300), (680, 300), (650, 650), (310, 650)],
        "tanjak": [(300, 470), (660, 470), (640, 640), (320, 640), (300, 470), (470, 250)],
    }
    points = shapes.get(subject, shapes["wallet"])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    shadow(image, (box[0] - 10, box[3] - 30, box[2] + 40, box[3] + 22))
    mask = Image.new("L", SIZE, 0)
    ImageDraw.Draw(mask).polygon(points, fill=255)
    image.paste(cloth, (0, 0), mask)
    if subject == "wallet":
        draw.line((280, 436, 680, 436), fill=(200, 170, 90), width=6)
        draw.rounded_rectangle((640, 426, 700, 448), radius=6, fill=(170, 140, 70))
    elif subject == "bag":
        draw.arc((340, 130, 620, 420), 190, 350, fill=(110, 70, 40), width=16)
    elif subject == "runner":
        for y in range(474, 640, 7):
            t = (y - 470) / 170
            left, right = 120 - 60 * t, 840 + 60 * t
            colour = cloth.getpixel((480, y))
            draw.line((left - 36, y, left, y), fill=colour, width=3)
            draw.line((right, y, right + 36, y), fill=colour, width=3)
    return image, box


def _back_label(product: ProductSpec, lines: list[str], accent: RGB,
                rng: random.Random) -> Image.Image:
    image = _studio(rng)
    box = (140, 70, 820, 650)
    shadow(image, (box[0] + 20, box[3] - 30, box[2] + 30, box[3] + 26), strength=90)
    draw = ImageDraw.Draw(image)
    draw.rectangle(box, fill=PAPER, outline=accent, width=4)
    draw.rectangle((box[0], box[1], box[2], box[1] + 70), fill=accent)
    text_block(draw, (box[0] + 10, box[1] + 4, box[2] - 10, box[1] + 66),
               [(product.name, 28, PAPER)])
    text_block(draw, (box[0] + 16, box[1] + 84, box[2] - 16, box[3] - 16),
               [(line, 22, INK) for line in lines], spacing=8, align="left")
    return image


def _pack(product: ProductSpec, shop: ShopSpec, index: int, rng: random.Random,
          cloth: Image.Image | None) -> packs.Pack:
    look = product.look
    accent = brand_colour(shop)
    seed = rng.random()
    if cloth is not None:
        def fill(size: tuple[int, int]) -> Image.Image:
            return cloth.crop((0, 0) + size)
    elif look.subject in subjects.FOODS:
        def fill(size: tuple[int, int]) -> Image.Image:
            return subjects.contents(look.subject, size, random.Random(seed))
    else:
        light, dark = subjects.RATTAN if look.palette == "rotan" else subjects.LEAF

        def fill(size: tuple[int, int]) -> Image.Image:
            return textures.weave(size, light, dark, random.Random(seed))
    return packs.Pack(kind=product.packaging, brand=shop.name, title=product.name,
                      size_text=_size_text(product, index), accent=accent,
                      material=packs.pick_material(product.packaging, rng), contents=fill,
                      cloth=cloth)


def draw_photos(product: ProductSpec, shop: ShopSpec, seed: str,
                back_label: list[str] | None = None) -> list[Photo]:
    """The photos of one product, as JPEG bytes with their alt text."""
    rng = random.Random(f"{seed}|{shop.code}|{product.name}")
    look, name = product.look, product.name
    phrase = PACK_PHRASES[product.packaging]
    cloth = None
    if look.subject in CLOTHS or look.subject in CLOTH_GOODS:
        cloth = textures.cloth(SIZE, look.subject, look.motif, look.palette, rng)

    if look.subject in CLOTHS:
        motif = product.textile.motif.lower() if product.textile else look.motif
        first, box = _cloth_photo(cloth, rng), (0, 0, W, H)
        first_alt = f"{name} dibentangkan di atas meja, memperlihatkan motif {motif}"
    elif look.subject in CLOTH_GOODS:
        first, box = _cloth_good(cloth, look.subject, rng)
        first_alt = f"{name} di atas meja kayu"
    elif look.subject in subjects.FOODS:
        first = _table(rng)
        packs.draw_pack(first, _pack(product, shop, 0, rng, None), 730, 560, 0.62)
        box = subjects.serve(first, look.subject, 380, 650, 1.0, rng)
        first_alt = f"{name}: {subjects.FOODS[look.subject].served}, kemasannya di belakang"
    else:
        first = _table(rng)
        box = subjects.craft(first, look.subject, look.palette, rng)
        first_alt = f"{name} di atas meja kayu"
    photos = [Photo(_jpeg(first), _alt(first_alt))]

    second = _studio(rng)
    named = [i for i, variant in enumerate(product.variants) if variant.name]
    if product.food is not None and len(named) >= 2 and product.textile is None:
        big, small = named[-1], named[0]
        packs.draw_pack(second, _pack(product, shop, big, rng, cloth), 330, 640, 1.0)
        packs.draw_pack(second, _pack(product, shop, small, rng, cloth), 700, 650, 0.78)
        sizes = f"{product.variants[small].name} dan {product.variants[big].name}"
        second_alt = f"Kemasan {name} ukuran {sizes}: {phrase}"
    else:
        packs.draw_pack(second, _pack(product, shop, 0, rng, cloth), 480, 650, 1.2,
                        opened=cloth is not None)
        second_alt = f"{name} dalam kemasan kirim: {phrase}"
    photos.append(Photo(_jpeg(second), _alt(second_alt), shows_packaging=True))

    if product.photos >= 3:
        if product.food is not None and back_label:
            third = _back_label(product, back_label, brand_colour(shop), rng)
            alt = f"Label belakang {name}: komposisi, produsen, izin edar dan cara penyimpanan"
            photos.append(Photo(_jpeg(third), _alt(alt), shows_packaging=True))
        elif cloth is not None:
            third = _zoom(cloth, (0, 0, W * 0.7, H * 0.7))
            textures.thread_texture(third, warp_step=5, weft_step=6)
            motif = product.textile.motif.lower() if product.textile else look.motif
            photos.append(Photo(_jpeg(third), _alt(f"Detail motif {motif} dan benang pada {name}")))
        else:
            word = DETAIL_WORDS.get(look.subject, "anyaman")
            if look.subject in subjects.FOODS:
                alt = f"Lebih dekat: {subjects.FOODS[look.subject].served}"
            else:
                alt = f"Detail {word} pada {name}"
            photos.append(Photo(_jpeg(_zoom(first, box)), _alt(alt)))
    return photos
