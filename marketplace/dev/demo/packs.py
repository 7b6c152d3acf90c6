"""Packaging drawn for the demo photos: jars, bottles, pouches, boxes, sacks, bags and paper
parcels, each with a front label carrying the brand, the product and its size."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from marketplace.dev.demo.canvas import INK, PAPER, RGB, Box, mix, shade, shadow, text_block
from marketplace.catalog.models import PackagingType

KRAFT: RGB = (186, 146, 100)
BLACU: RGB = (226, 216, 194)


@dataclass
class Pack:
    kind: PackagingType
    brand: str
    title: str
    size_text: str
    accent: RGB  # the brand's colour on the label
    material: RGB  # pouch film, box board, sack cloth
    contents: Callable[[tuple[int, int]], Image.Image]  # what shows through glass or film
    cloth: Image.Image | None = None  # a woven cloth packed inside (textiles)


def front_label(image: Image.Image, box: Box, pack: Pack, radius: int = 8) -> None:
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=radius, fill=PAPER, outline=pack.accent, width=3)
    band = y0 + (y1 - y0) * 0.28
    draw.rounded_rectangle((x0 + 4, y0 + 4, x1 - 4, band), radius=max(2, radius - 3),
                           fill=pack.accent)
    text_block(draw, (x0 + 4, y0 + 4, x1 - 4, band), [(pack.brand, 18, PAPER)])
    text_block(draw, (x0 + 4, band + 2, x1 - 4, y1 - 4),
               [(pack.title, 22, INK), (pack.size_text, 18, shade(pack.accent, 0.8))])


def _glass_highlight(image: Image.Image, box: Box) -> None:
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(image, "RGBA")
    w = x1 - x0
    draw.rounded_rectangle((x0 + w * 0.08, y0 + 14, x0 + w * 0.17, y1 - 18), radius=8,
                           fill=(255, 255, 255, 80))
    draw.rounded_rectangle((x1 - w * 0.12, y0 + 24, x1 - w * 0.08, y1 - 40), radius=4,
                           fill=(255, 255, 255, 50))


def _paste_rounded(image: Image.Image, fill: Image.Image, box: Box, radius: float) -> None:
    x0, y0, x1, y1 = (round(v) for v in box)
    size = (x1 - x0, y1 - y0)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius,
                                           fill=255)
    image.paste(fill.resize(size) if fill.size != size else fill, (x0, y0), mask)


def jar(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h = 210 * s, 230 * s
    body = (cx - w / 2, base - h, cx + w / 2, base)
    shadow(image, (body[0] - 10, base - 24 * s, body[2] + 40 * s, base + 18 * s))
    _paste_rounded(image, pack.contents((round(w), round(h))), body, 30 * s)
    draw = ImageDraw.Draw(image)
    lid = (cx - w / 2 + 10 * s, base - h - 44 * s, cx + w / 2 - 10 * s, base - h + 8 * s)
    lid_colour = mix(pack.accent, (200, 200, 200), 0.35)
    draw.rounded_rectangle(lid, radius=8 * s, fill=lid_colour)
    for i in range(1, 6):
        y = lid[1] + i * (lid[3] - lid[1]) / 6
        draw.line((lid[0] + 4, y, lid[2] - 4, y), fill=shade(lid_colour, 0.8), width=2)
    _glass_highlight(image, body)
    front_label(image, (body[0] + 18 * s, base - h * 0.72, body[2] - 18 * s, base - h * 0.2),
                pack)
    return (body[0], lid[1], body[2], base)


def bottle(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, body_h, neck_w = 150 * s, 240 * s, 52 * s
    top = base - body_h
    shadow(image, (cx - w / 2 - 10, base - 20 * s, cx + w / 2 + 40 * s, base + 16 * s))
    contents = pack.contents((round(w), round(body_h + 110 * s)))
    mask = Image.new("L", contents.size, 0)
    d = ImageDraw.Draw(mask)
    d.rounded_rectangle((0, 110 * s, w - 1, contents.height - 1), radius=22 * s, fill=255)
    d.polygon([(0, 120 * s), (w / 2 - neck_w / 2, 60 * s), (w / 2 + neck_w / 2, 60 * s),
               (w - 1, 120 * s)], fill=255)
    d.rectangle((w / 2 - neck_w / 2, 10 * s, w / 2 + neck_w / 2, 64 * s), fill=255)
    image.paste(contents, (round(cx - w / 2), round(top - 110 * s)), mask)
    draw = ImageDraw.Draw(image)
    cap = (cx - neck_w / 2 - 6 * s, top - 140 * s, cx + neck_w / 2 + 6 * s, top - 96 * s)
    draw.rounded_rectangle(cap, radius=6 * s, fill=shade(pack.accent, 0.7))
    _glass_highlight(image, (cx - w / 2, top, cx + w / 2, base))
    front_label(image, (cx - w / 2 + 12 * s, top + body_h * 0.2, cx + w / 2 - 12 * s,
                        top + body_h * 0.78), pack)
    return (cx - w / 2, cap[1], cx + w / 2, base)


def pouch(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h = 250 * s, 330 * s
    x0, y0 = cx - w / 2, base - h
    shadow(image, (x0 - 10, base - 22 * s, x0 + w + 50 * s, base + 18 * s))
    draw = ImageDraw.Draw(image)
    outline = [(x0 + 8 * s, y0), (x0 + w - 8 * s, y0), (x0 + w, base - 20 * s),
               (x0 + w - 14 * s, base), (x0 + 14 * s, base), (x0, base - 20 * s)]
    draw.polygon(outline, fill=pack.material)
    draw.rectangle((x0 + 8 * s, y0, x0 + w - 8 * s, y0 + 26 * s), fill=shade(pack.material, 0.9))
    for i in range(4):
        y = y0 + 5 * s + i * 5 * s
        draw.line((x0 + 12 * s, y, x0 + w - 12 * s, y), fill=shade(pack.material, 0.8))
    draw.line((x0 + 10 * s, y0 + 48 * s, x0 + w - 10 * s, y0 + 48 * s),
              fill=shade(pack.material, 0.75), width=max(2, round(3 * s)))
    window = (cx - w * 0.3, base - h * 0.36, cx + w * 0.3, base - 30 * s)
    _paste_rounded(image, pack.contents((round(w * 0.6), round(h * 0.36 - 30 * s))), window,
                   16 * s)
    front_label(image, (x0 + 22 * s, y0 + 66 * s, x0 + w - 22 * s, base - h * 0.4), pack)
    shine = ImageDraw.Draw(image, "RGBA")
    shine.polygon([(x0 + w * 0.72, y0 + 30 * s), (x0 + w * 0.8, y0 + 30 * s),
                   (x0 + w * 0.9, base - 30 * s), (x0 + w * 0.82, base - 30 * s)],
                  fill=(255, 255, 255, 40))
    return (x0, y0, x0 + w, base)


def box(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h, dx, dy = 330 * s, 190 * s, 80 * s, 56 * s
    x0, y0 = cx - (w + dx) / 2, base - h
    shadow(image, (x0 - 10, base - 30 * s, x0 + w + dx + 30 * s, base + 16 * s))
    draw = ImageDraw.Draw(image)
    board = pack.material
    draw.polygon([(x0, y0), (x0 + dx, y0 - dy), (x0 + w + dx, y0 - dy), (x0 + w, y0)],
                 fill=shade(board, 1.12))
    draw.polygon([(x0 + w, y0), (x0 + w + dx, y0 - dy), (x0 + w + dx, base - dy),
                  (x0 + w, base)], fill=shade(board, 0.78))
    draw.rectangle((x0, y0, x0 + w, base), fill=board)
    if pack.cloth is not None:
        band = pack.cloth.crop((0, 0, round(w * 0.22), round(h)))
        image.paste(band, (round(x0 + w * 0.06), round(y0)))
    draw.line((x0 + dx / 2, y0 - dy / 2, x0 + w + dx / 2, y0 - dy / 2),
              fill=shade(board, 0.9), width=2)
    front_label(image, (x0 + w * 0.34, y0 + h * 0.14, x0 + w * 0.94, base - h * 0.14), pack)
    return (x0, y0 - dy, x0 + w + dx, base)


def open_box(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    """A gift box with its lid off, the folded cloth inside and the story card on top."""
    w, h, dx, dy = 440 * s, 110 * s, 110 * s, 120 * s
    x0, y0 = cx - (w + dx) / 2, base - h
    lid = (x0 + dx + 20 * s, y0 - dy - 150 * s, x0 + w + dx - 10 * s, y0 - dy - 10 * s)
    draw = ImageDraw.Draw(image)
    draw.rectangle(lid, fill=shade(pack.material, 0.95))
    draw.rectangle((lid[0], lid[3] - 22 * s, lid[2], lid[3]), fill=shade(pack.material, 0.8))
    shadow(image, (x0 - 10, base - 40 * s, x0 + w + dx + 30 * s, base + 16 * s))
    draw.polygon([(x0, y0), (x0 + dx, y0 - dy), (x0 + w + dx, y0 - dy), (x0 + w, y0)],
                 fill=shade(pack.material, 0.6))
    if pack.cloth is not None:
        inner = [(x0 + 14 * s, y0 - 8 * s), (x0 + dx + 10 * s, y0 - dy + 10 * s),
                 (x0 + w + dx - 16 * s, y0 - dy + 10 * s), (x0 + w - 12 * s, y0 - 8 * s)]
        size = (round(w + dx), round(dy))
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).polygon([(x - x0, y - (y0 - dy)) for x, y in inner], fill=255)
        image.paste(pack.cloth.crop((0, 0) + size), (round(x0), round(y0 - dy)), mask)
        fold = ImageDraw.Draw(image, "RGBA")
        fold.line((x0 + dx / 2 + 10 * s, y0 - dy / 2, x0 + w + dx / 2 - 10 * s, y0 - dy / 2),
                  fill=(0, 0, 0, 70), width=max(2, round(4 * s)))
    draw.polygon([(x0 + w, y0), (x0 + w + dx, y0 - dy), (x0 + w + dx, base - dy),
                  (x0 + w, base)], fill=shade(pack.material, 0.78))
    draw.rectangle((x0, y0, x0 + w, base), fill=pack.material)
    card = (x0 + w * 0.5, y0 - dy * 0.55, x0 + w * 0.95, y0 + h * 0.55)
    front_label(image, card, pack)
    return (x0, lid[1], x0 + w + dx, base)


def sack(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h = 270 * s, 330 * s
    x0, y0 = cx - w / 2, base - h
    shadow(image, (x0 - 10, base - 24 * s, x0 + w + 40 * s, base + 16 * s))
    draw = ImageDraw.Draw(image)
    draw.polygon([(x0 + 30 * s, y0 + 40 * s), (x0 + w - 30 * s, y0 + 40 * s),
                  (x0 + w, base - 60 * s), (x0 + w - 20 * s, base), (x0 + 20 * s, base),
                  (x0, base - 60 * s)], fill=pack.material)
    draw.polygon([(x0 + 40 * s, y0), (x0 + w - 40 * s, y0), (x0 + w - 60 * s, y0 + 48 * s),
                  (x0 + 60 * s, y0 + 48 * s)], fill=shade(pack.material, 0.9))
    draw.line((x0 + 50 * s, y0 + 50 * s, x0 + w - 50 * s, y0 + 50 * s), fill=(120, 90, 50),
              width=max(3, round(6 * s)))
    for i in range(12):
        x = x0 + 45 * s + i * (w - 90 * s) / 11
        draw.line((x, y0 + 2, x + 4 * s, y0 + 14 * s), fill=shade(pack.material, 0.7))
    front_label(image, (x0 + 34 * s, y0 + 90 * s, x0 + w - 34 * s, base - 50 * s), pack)
    return (x0, y0, x0 + w, base)


def plastic_bag(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h, card = 300 * s, 330 * s, 80 * s
    x0, y0 = cx - w / 2, base - h
    shadow(image, (x0 - 10, base - 24 * s, x0 + w + 40 * s, base + 16 * s))
    if pack.cloth is not None:
        inside = pack.cloth.crop((0, 0, round(w), round(h - card)))
    else:
        inside = pack.contents((round(w), round(h - card)))
    _paste_rounded(image, inside, (x0, y0 + card, x0 + w, base), 10 * s)
    film = ImageDraw.Draw(image, "RGBA")
    film.rounded_rectangle((x0, y0 + card, x0 + w, base), radius=10 * s,
                           fill=(255, 255, 255, 46), outline=(255, 255, 255, 120), width=2)
    film.polygon([(x0 + w * 0.1, y0 + card + 10), (x0 + w * 0.2, y0 + card + 10),
                  (x0 + w * 0.5, base - 10), (x0 + w * 0.4, base - 10)],
                 fill=(255, 255, 255, 50))
    front_label(image, (x0 - 4 * s, y0, x0 + w + 4 * s, y0 + card + 40 * s), pack, radius=4)
    return (x0, y0, x0 + w, base)


def paper_wrap(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h, dx, dy = 320 * s, 150 * s, 70 * s, 50 * s
    x0, y0 = cx - (w + dx) / 2, base - h
    shadow(image, (x0 - 10, base - 30 * s, x0 + w + dx + 30 * s, base + 16 * s))
    draw = ImageDraw.Draw(image)
    draw.polygon([(x0, y0), (x0 + dx, y0 - dy), (x0 + w + dx, y0 - dy), (x0 + w, y0)],
                 fill=shade(KRAFT, 1.1))
    draw.polygon([(x0 + w, y0), (x0 + w + dx, y0 - dy), (x0 + w + dx, base - dy),
                  (x0 + w, base)], fill=shade(KRAFT, 0.8))
    draw.rectangle((x0, y0, x0 + w, base), fill=KRAFT)
    draw.polygon([(x0, y0), (x0 + w * 0.2, y0 + h * 0.5), (x0, base)], fill=shade(KRAFT, 0.92))
    twine = (232, 222, 196)
    tx = x0 + w * 0.62
    draw.line((tx, y0, tx, base), fill=twine, width=max(2, round(5 * s)))
    draw.line((tx, y0, tx + dx, y0 - dy), fill=twine, width=max(2, round(5 * s)))
    draw.line((x0 + dx / 2, y0 - dy / 2, x0 + w + dx / 2, y0 - dy / 2), fill=twine,
              width=max(2, round(5 * s)))
    front_label(image, (x0 + w * 0.12, y0 + h * 0.16, x0 + w * 0.56, base - h * 0.14), pack)
    return (x0, y0 - dy, x0 + w + dx, base)


def cloth_bag(image: Image.Image, pack: Pack, cx: float, base: float, s: float) -> Box:
    w, h = 270 * s, 300 * s
    x0, y0 = cx - w / 2, base - h
    shadow(image, (x0 - 10, base - 24 * s, x0 + w + 40 * s, base + 16 * s))
    size = (round(w), round(h))
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(
        [(w * 0.22, 0), (w * 0.78, 0), (w * 0.7, h * 0.14), (w, h * 0.5), (w * 0.94, h),
         (w * 0.06, h), (0, h * 0.5), (w * 0.3, h * 0.14)], fill=255)
    fabric = Image.new("RGB", size, BLACU)
    ImageDraw.Draw(fabric).rectangle((0, 0, w, h * 0.14), fill=shade(BLACU, 0.88))
    image.paste(fabric, (round(x0), round(y0)), mask)
    draw = ImageDraw.Draw(image)
    string = shade(pack.accent, 0.9)
    draw.line((cx - w * 0.2, y0 + h * 0.13, cx + w * 0.2, y0 + h * 0.13), fill=string,
              width=max(2, round(5 * s)))
    draw.line((cx + w * 0.1, y0 + h * 0.13, cx + w * 0.3, y0 + h * 0.3), fill=string,
              width=max(2, round(4 * s)))
    if pack.cloth is not None:
        image.paste(pack.cloth.crop((0, 0, round(w * 0.3), round(h * 0.12))),
                    (round(cx - w * 0.15), round(y0 - h * 0.04)))
    front_label(image, (x0 + w * 0.18, y0 + h * 0.36, x0 + w * 0.82, y0 + h * 0.86), pack)
    return (x0, y0, x0 + w, base)


_DRAWERS = {
    PackagingType.JAR: jar,
    PackagingType.TIN: jar,
    PackagingType.TUBE: bottle,
    PackagingType.BOTTLE: bottle,
    PackagingType.POUCH: pouch,
    PackagingType.BOX: box,
    PackagingType.WOVEN_BASKET: box,
    PackagingType.SACK: sack,
    PackagingType.PLASTIC_BAG: plastic_bag,
    PackagingType.PAPER_WRAP: paper_wrap,
    PackagingType.CLOTH_BAG: cloth_bag,
}


def draw_pack(image: Image.Image, pack: Pack, cx: float, base: float, s: float,
              opened: bool = False) -> Box:
    if opened and pack.kind == PackagingType.BOX:
        return open_box(image, pack, cx, base, s)
    return _DRAWERS[pack.kind](image, pack, cx, base, s)


def pick_material(kind: PackagingType, rng: random.Random) -> RGB:
    if kind in (PackagingType.BOX, PackagingType.PAPER_WRAP):
        return rng.choice([(196, 160, 112), (232, 226, 212), (60, 64, 70), (150, 54, 42)])
    if kind == PackagingType.POUCH:
        return rng.choice([KRAFT, (40, 44, 46), (236, 232, 222), (120, 40, 34), (30, 70, 60)])
    if kind in (PackagingType.SACK, PackagingType.CLOTH_BAG):
        return BLACU
    return (220, 220, 220)
