"""Surfaces drawn with Pillow for the demo photos: ikat, buna and songket cloth, rattan weave,
beadwork and noken mesh.

Everything is vector drawing (ImageDraw shapes, masks, pasted tiles), never a Python loop per
pixel, so a whole cloth takes a few milliseconds. The randomness comes from the caller's
`random.Random`, so the same seed draws the same cloth.
"""
from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from marketplace.dev.demo.canvas import RGB, mix, shade

# ground, motif, accent, stripe: the colours of each dye family.
CLOTH_PALETTES: dict[str, tuple[RGB, RGB, RGB, RGB]] = {
    "mengkudu": ((122, 38, 28), (228, 196, 150), (42, 46, 78), (176, 92, 46)),
    "tarum": ((34, 40, 72), (222, 204, 168), (150, 50, 36), (92, 104, 140)),
    "coklat": ((92, 56, 34), (226, 190, 128), (140, 44, 30), (48, 40, 52)),
    "hitam": ((28, 24, 26), (214, 70, 48), (236, 196, 88), (120, 36, 34)),
    "marun": ((98, 16, 34), (214, 174, 72), (150, 40, 60), (60, 10, 24)),
    "hijau": ((18, 70, 52), (216, 178, 76), (120, 28, 40), (10, 40, 30)),
    "ungu": ((72, 30, 88), (220, 184, 86), (140, 64, 130), (40, 16, 52)),
    "biru": ((20, 52, 110), (210, 196, 150), (120, 130, 170), (12, 30, 70)),
}
GOLD, GOLD_SHADE = (214, 176, 70), (150, 112, 36)
BUNA_COLOURS: tuple[RGB, ...] = (
    (206, 52, 40), (238, 190, 60), (60, 140, 88), (236, 230, 214), (226, 120, 40), (64, 110, 170)
)


def _spiral(turns: float, steps: int) -> list[tuple[float, float]]:
    points = []
    for i in range(steps):
        a = turns * 2 * math.pi * i / steps
        r = 0.95 * (1 - i / steps)
        points.append((r * math.cos(a), r * math.sin(a)))
    return points


# Motifs as shapes in a unit box (-1..1): ("poly", points, colour role) or
# ("line", points, colour role, width as a fraction of the box).
_DIAMOND = [(0, -1), (1, 0), (0, 1), (-1, 0)]
MOTIFS: dict[str, list[tuple]] = {
    "ketupat": [
        ("poly", _DIAMOND, "motif"),
        ("poly", [(0, -0.62), (0.62, 0), (0, 0.62), (-0.62, 0)], "ground"),
        ("poly", [(0, -0.3), (0.3, 0), (0, 0.3), (-0.3, 0)], "accent"),
    ],
    "kait": [
        ("line", _DIAMOND + [(0, -1)], "motif", 0.12),
        ("line", [(0, -1), (0, -0.7), (0.3, -0.7)], "motif", 0.1),
        ("line", [(0, 1), (0, 0.7), (-0.3, 0.7)], "motif", 0.1),
        ("line", [(1, 0), (0.7, 0), (0.7, 0.3)], "motif", 0.1),
        ("line", [(-1, 0), (-0.7, 0), (-0.7, -0.3)], "motif", 0.1),
        ("poly", [(0, -0.32), (0.32, 0), (0, 0.32), (-0.32, 0)], "accent"),
    ],
    "buaya": [
        ("poly", [(0, -1), (0.22, -0.6), (0.28, 0.2), (0.12, 0.6), (0, 1), (-0.12, 0.6),
                  (-0.28, 0.2), (-0.22, -0.6)], "motif"),
        ("line", [(0.25, -0.35), (0.7, -0.5), (0.8, -0.8)], "motif", 0.1),
        ("line", [(-0.25, -0.35), (-0.7, -0.5), (-0.8, -0.8)], "motif", 0.1),
        ("line", [(0.25, 0.25), (0.7, 0.4), (0.8, 0.7)], "motif", 0.1),
        ("line", [(-0.25, 0.25), (-0.7, 0.4), (-0.8, 0.7)], "motif", 0.1),
        ("poly", [(0, -0.45), (0.1, -0.1), (0, 0.25), (-0.1, -0.1)], "accent"),
    ],
    "cecak": [
        ("poly", [(0, -0.9), (0.3, -0.5), (0.25, 0.3), (0, 0.55), (-0.25, 0.3), (-0.3, -0.5)],
         "motif"),
        ("line", [(0, 0.5), (0.15, 0.8), (0, 1)], "motif", 0.08),
        ("line", [(0.28, -0.3), (0.7, -0.35), (0.75, -0.7)], "motif", 0.09),
        ("line", [(-0.28, -0.3), (-0.7, -0.35), (-0.75, -0.7)], "motif", 0.09),
        ("line", [(0.25, 0.2), (0.7, 0.3), (0.75, 0.6)], "motif", 0.09),
        ("line", [(-0.25, 0.2), (-0.7, 0.3), (-0.75, 0.6)], "motif", 0.09),
    ],
    "kuda": [
        ("poly", [(-0.7, -0.2), (0.4, -0.2), (0.55, -0.75), (0.9, -0.7), (0.75, -0.45),
                  (0.6, 0.1), (0.6, 0.9), (0.4, 0.9), (0.4, 0.2), (-0.45, 0.2), (-0.45, 0.9),
                  (-0.65, 0.9), (-0.7, 0.2), (-0.95, 0.35)], "motif"),
        ("poly", [(-0.3, -0.1), (0.3, -0.1), (0.3, 0.1), (-0.3, 0.1)], "accent"),
    ],
    "manu": [
        ("poly", [(-0.5, 0.1), (0.1, -0.2), (0.3, -0.7), (0.55, -0.75), (0.6, -0.45),
                  (0.4, -0.2), (0.5, 0.4), (0.1, 0.7), (-0.4, 0.6)], "motif"),
        ("line", [(-0.45, 0.2), (-0.9, -0.6)], "accent", 0.1),
        ("line", [(-0.45, 0.3), (-1, -0.2)], "motif", 0.1),
        ("line", [(-0.4, 0.4), (-0.95, 0.25)], "accent", 0.1),
        ("line", [(0.0, 0.65), (0.0, 1.0)], "motif", 0.08),
        ("line", [(0.25, 0.6), (0.3, 1.0)], "motif", 0.08),
        ("poly", [(0.32, -0.72), (0.42, -0.95), (0.55, -0.78)], "accent"),
    ],
    "bintang": [
        ("poly", [(-0.72, -0.72), (0.72, -0.72), (0.72, 0.72), (-0.72, 0.72)], "motif"),
        ("poly", _DIAMOND, "motif"),
        ("poly", [(-0.35, -0.35), (0.35, -0.35), (0.35, 0.35), (-0.35, 0.35)], "accent"),
    ],
    "moko": [
        ("poly", [(-0.6, -0.9), (0.6, -0.9), (0.35, -0.2), (0.35, 0.2), (0.7, 0.9),
                  (-0.7, 0.9), (-0.35, 0.2), (-0.35, -0.2)], "motif"),
        ("line", [(-0.48, -0.55), (0.48, -0.55)], "accent", 0.1),
        ("line", [(-0.5, 0.55), (0.5, 0.55)], "accent", 0.1),
        ("line", [(-0.3, 0), (0.3, 0)], "ground", 0.08),
    ],
    "bunga": [
        ("poly", [(math.cos(a) * r, math.sin(a) * r) for i in range(16)
                  for a, r in [(i * math.pi / 8, 1.0 if i % 2 == 0 else 0.45)]], "motif"),
        ("poly", [(0, -0.3), (0.3, 0), (0, 0.3), (-0.3, 0)], "accent"),
    ],
    "tampuk": [
        ("ellipse", (-0.3, -1, 0.3, -0.35), "motif"),
        ("ellipse", (-0.3, 0.35, 0.3, 1), "motif"),
        ("ellipse", (-1, -0.3, -0.35, 0.3), "motif"),
        ("ellipse", (0.35, -0.3, 1, 0.3), "motif"),
        ("poly", [(0, -0.4), (0.4, 0), (0, 0.4), (-0.4, 0)], "motif"),
    ],
    "enggang": [
        ("poly", [(-0.8, 0.3), (-0.2, -0.3), (0.2, -0.45), (0.45, -0.75), (1.0, -0.55),
                  (0.55, -0.4), (0.5, -0.1), (0.2, 0.3), (-0.2, 0.45), (-0.9, 0.9)], "motif"),
        ("poly", [(0.45, -0.75), (0.8, -0.95), (0.95, -0.7)], "accent"),
        ("line", [(-0.3, 0.3), (-0.5, 1.0)], "motif", 0.08),
    ],
    "naga": [
        ("line", [(-0.9, -1), (0.6, -0.55), (-0.6, -0.05), (0.6, 0.45), (-0.6, 0.95)],
         "motif", 0.16),
        ("line", [(0.6, -0.55), (0.9, -0.8), (0.75, -0.95)], "accent", 0.1),
        ("line", [(-0.6, -0.05), (-0.9, -0.3), (-0.75, -0.45)], "accent", 0.1),
        ("line", [(0.6, 0.45), (0.9, 0.2), (0.75, 0.05)], "accent", 0.1),
    ],
    "paku": [
        ("line", _spiral(1.6, 28), "motif", 0.12),
        ("line", [(0.95, 0), (0.95, 1.0)], "motif", 0.12),
    ],
}


def draw_motif(draw: ImageDraw.ImageDraw, motif: str, box: tuple[float, float, float, float],
               colours: dict[str, RGB], mirror: bool = False) -> None:
    x0, y0, x1, y1 = box
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    sign = -1 if mirror else 1
    for shape in MOTIFS.get(motif, MOTIFS["ketupat"]):
        coords = shape[1] if shape[0] != "ellipse" else [shape[1][:2], shape[1][2:]]
        points = [(cx + sign * x * hw, cy + y * hh) for x, y in coords]
        if shape[0] == "poly":
            draw.polygon(points, fill=colours[shape[2]])
        elif shape[0] == "ellipse":
            (ax, ay), (bx, by) = points
            draw.ellipse((min(ax, bx), ay, max(ax, bx), by), fill=colours[shape[2]])
        else:
            draw.line(points, fill=colours[shape[2]], width=max(2, round(shape[3] * hw)),
                      joint="curve")


def thread_texture(image: Image.Image, warp_step: int = 3, weft_step: int = 4) -> None:
    """Faint warp and weft lines, so flat colour reads as woven thread."""
    w, h = image.size
    draw = ImageDraw.Draw(image, "RGBA")
    for x in range(0, w, warp_step):
        draw.line((x, 0, x, h), fill=(0, 0, 0, 26))
    for y in range(0, h, weft_step):
        draw.line((0, y, w, y), fill=(255, 255, 255, 12))


def _stripes(draw: ImageDraw.ImageDraw, x: int, width: int, height: int, rng: random.Random,
             colours: list[RGB]) -> None:
    while width > 0:
        w = min(width, rng.choice((3, 4, 6, 8, 12)))
        draw.rectangle((x, 0, x + w - 1, height), fill=rng.choice(colours))
        x, width = x + w, width - w


def ikat(size: tuple[int, int], motif: str, palette: str, rng: random.Random) -> Image.Image:
    """Warp ikat: motif bands along the warp, between bands of plain stripes. Each motif is
    drawn first in a blurred mid-tone, a little above and below, as the dye bleeds past the
    ties on a real cloth."""
    ground, light, accent, stripe = CLOTH_PALETTES.get(palette, CLOTH_PALETTES["mengkudu"])
    w, h = size
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    bleed = {"motif": mix(ground, light, 0.45), "accent": mix(ground, accent, 0.5),
             "ground": ground}
    colours = {"motif": light, "accent": accent, "ground": ground}
    x = rng.randrange(-40, 0)
    while x < w:
        stripe_width = rng.choice((36, 48, 60))
        _stripes(draw, x, stripe_width, h, rng, [ground, stripe, shade(stripe, 0.7), light])
        x += stripe_width
        band = rng.choice((150, 180, 210))
        unit_h = round(band * rng.uniform(0.9, 1.3))
        gap = rng.choice((10, 18, 26))
        y = rng.randrange(-unit_h, 0)
        row = 0
        while y < h:
            jitter = rng.uniform(-3, 3)
            box = (x + 14 + jitter, y, x + band - 14 + jitter, y + unit_h)
            for dy in (-5, 5):
                draw_motif(draw, motif, (box[0], box[1] + dy, box[2], box[3] + dy), bleed,
                           mirror=row % 2 == 1)
            draw_motif(draw, motif, box, colours, mirror=row % 2 == 1)
            y += unit_h + gap
            row += 1
        x += band
    thread_texture(image)
    return image


def _pixel_tile(pattern: list[str], cell: int, colours: dict[str, RGB]) -> Image.Image:
    tile = Image.new("RGB", (len(pattern[0]) * cell, len(pattern) * cell), colours["."])
    draw = ImageDraw.Draw(tile)
    for j, line in enumerate(pattern):
        for i, ch in enumerate(line):
            if ch != ".":
                draw.rectangle((i * cell, j * cell, (i + 1) * cell - 1, (j + 1) * cell - 1),
                               fill=colours[ch])
    return tile


# Supplementary-weft units (buna, sotis), drawn as the small squares the floats make.
PIXEL_UNITS: dict[str, list[str]] = {
    "ketupat": ["...a...", "..aba..", ".abcba.", "abcccba", ".abcba.", "..aba..", "...a..."],
    "kait": ["aa...aa", "a..b..a", "..bcb..", ".bcccb.", "..bcb..", "a..b..a", "aa...aa"],
    "bunga": [".a...a.", "aba.aba", ".acbca.", "..bcb..", ".acbca.", "aba.aba", ".a...a."],
}


def buna(size: tuple[int, int], motif: str, rng: random.Random) -> Image.Image:
    """Buna and sotis: rows of small bright units on a dark ground."""
    w, h = size
    image = Image.new("RGB", size, CLOTH_PALETTES["hitam"][0])
    draw = ImageDraw.Draw(image)
    pattern = PIXEL_UNITS.get(motif, PIXEL_UNITS["ketupat"])
    y = rng.randrange(-30, 0)
    while y < h:
        a, b, c = rng.sample(BUNA_COLOURS, 3)
        cell = rng.choice((5, 6, 7))
        tile = _pixel_tile(pattern, cell, {".": (28, 24, 26), "a": a, "b": b, "c": c})
        step = tile.width + cell * rng.choice((1, 2, 3))
        for x in range(rng.randrange(-tile.width, 0), w, step):
            image.paste(tile, (x, y))
        y += tile.height + 6
        for _ in range(rng.choice((2, 3))):
            draw.rectangle((0, y, w, y + 2), fill=rng.choice(BUNA_COLOURS))
            y += 6
        y += rng.choice((8, 20, 36))
    thread_texture(image)
    return image


def _gold_floats(size: tuple[int, int]) -> Image.Image:
    """Gold thread as it lies on songket: short horizontal floats with darker gaps."""
    floats = Image.new("RGB", size, GOLD)
    draw = ImageDraw.Draw(floats)
    for y in range(0, size[1], 4):
        draw.line((0, y, size[0], y), fill=GOLD_SHADE)
    return floats


def songket(size: tuple[int, int], motif: str, palette: str, rng: random.Random) -> Image.Image:
    ground = CLOTH_PALETTES.get(palette, CLOTH_PALETTES["marun"])[0]
    w, h = size
    image = Image.new("RGB", size, ground)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    on = {"motif": 255, "accent": 255, "ground": 0}
    head = max(80, round(h * (0.34 if motif == "pucuk_rebung" else 0.14)))
    # The kepala (head) of the cloth: a band of bamboo-shoot triangles.
    draw.rectangle((0, 0, w, 10), fill=255)
    draw.rectangle((0, head - 10, w, head), fill=255)
    tri_w = rng.choice((48, 60, 72))
    for x in range(0, w + tri_w, tri_w):
        top = 18
        draw.polygon([(x, head - 14), (x + tri_w / 2, top), (x + tri_w, head - 14)], fill=255)
        draw.polygon([(x + 8, head - 14), (x + tri_w / 2, top + 26), (x + tri_w - 8, head - 14)],
                     fill=0)
        draw.line((x + tri_w / 2, top + 30, x + tri_w / 2, head - 16), fill=255, width=4)
    # The badan (body): small motifs scattered on a half-drop grid.
    unit = {"tampuk_manggis": "tampuk", "bunga_tabur": "bunga"}.get(motif, "ketupat")
    step = rng.choice((64, 76, 88)) if motif != "tampuk_manggis" else 70
    size_u = step * (0.5 if motif == "bunga_tabur" else 0.7)
    for j, y in enumerate(range(head + 24, h + step, step)):
        offset = step / 2 if j % 2 else 0
        for x in range(-step, w + step, step):
            cx, cy = x + offset, y
            box = (cx - size_u / 2, cy - size_u / 2, cx + size_u / 2, cy + size_u / 2)
            draw_motif(draw, unit, box, on)
    image.paste(_gold_floats(size), (0, 0), mask)
    thread_texture(image, warp_step=2, weft_step=3)
    return image


def cloth(size: tuple[int, int], subject: str, motif: str, palette: str,
          rng: random.Random) -> Image.Image:
    if subject == "songket":
        return songket(size, motif, palette, rng)
    if subject in ("buna", "sotis"):
        return buna(size, motif, rng)
    if motif in ("pucuk_rebung", "tampuk_manggis", "bunga_tabur"):
        return songket(size, motif, palette, rng)
    return ikat(size, motif, palette, rng)


def weave(size: tuple[int, int], light: RGB, dark: RGB, rng: random.Random,
          cell: int = 12, motif: str = "ketupat") -> Image.Image:
    """Plaited rattan or leaf strips: a checker of over-and-under, with a motif plaited in
    darker strips."""

    def tile(base: RGB) -> Image.Image:
        t = Image.new("RGB", (cell * 2, cell * 2), base)
        d = ImageDraw.Draw(t)
        hi, lo = shade(base, 1.12), shade(base, 0.78)
        for (i, j), horizontal in (((0, 0), True), ((1, 1), True), ((1, 0), False),
                                   ((0, 1), False)):
            x, y = i * cell, j * cell
            d.rectangle((x, y, x + cell - 1, y + cell - 1), fill=hi if horizontal else base)
            if horizontal:
                d.line((x, y + cell - 1, x + cell, y + cell - 1), fill=lo)
            else:
                d.line((x + cell - 1, y, x + cell - 1, y + cell), fill=lo)
        return t

    def tiled(t: Image.Image) -> Image.Image:
        out = Image.new("RGB", size)
        for y in range(0, size[1], t.height):
            for x in range(0, size[0], t.width):
                out.paste(t, (x, y))
        return out

    image = tiled(tile(light))
    dark_image = tiled(tile(dark))
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    step = cell * rng.choice((8, 10))
    for j, y in enumerate(range(step // 2, size[1] + step, step)):
        for x in range(step // 2 + (j % 2) * step // 2, size[0] + step, step):
            box = (x - step * 0.4, y - step * 0.4, x + step * 0.4, y + step * 0.4)
            draw_motif(draw, motif, box, {"motif": 255, "accent": 255, "ground": 0})
    image.paste(dark_image, (0, 0), mask)
    return image


def beads(size: tuple[int, int], colours: list[RGB], rng: random.Random,
          bead: int = 14) -> Image.Image:
    """Beadwork: rows of glass beads in a diamond-and-scroll pattern."""
    w, h = size
    image = Image.new("RGB", size, (30, 26, 24))
    draw = ImageDraw.Draw(image)
    cols, rows = w // bead + 1, h // bead + 1
    period = rng.choice((9, 11, 13))
    for j in range(rows):
        for i in range(cols):
            a, b = i % (period * 2) - period, j % (period * 2) - period
            index = (abs(a) + abs(b)) // 3 % len(colours)
            x, y = i * bead + (bead // 2 if j % 2 else 0), j * bead
            colour = colours[index]
            draw.ellipse((x, y, x + bead - 2, y + bead - 2), fill=colour)
            draw.point((x + 3, y + 3), fill=shade(colour, 1.5))
    return image


NOKEN_PALETTES: dict[str, list[RGB]] = {
    "kulit_kayu": [(150, 112, 72), (128, 92, 58), (170, 132, 88)],
    "warna": [(196, 40, 40), (236, 190, 40), (40, 130, 70), (30, 30, 30)],
    "biru": [(40, 80, 160), (230, 230, 230), (30, 50, 110)],
    "anggrek": [(214, 170, 60), (120, 80, 40), (196, 150, 50)],
}


def mesh(size: tuple[int, int], palette: str, rng: random.Random) -> Image.Image:
    """Noken: looped string, drawn as a diagonal mesh with colour bands."""
    w, h = size
    colours = NOKEN_PALETTES.get(palette, NOKEN_PALETTES["kulit_kayu"])
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    step = rng.choice((16, 18, 22))
    band = step * 3
    for k in range(-h, w + h, step):
        for y0 in range(0, h, band):
            colour = colours[(y0 // band) % len(colours)]
            y1 = min(h, y0 + band)
            draw.line((k + y0, y0, k + y1, y1), fill=colour, width=4)
            draw.line((k - y0 + h, y0, k - y1 + h, y1), fill=shade(colour, 0.85), width=4)
    return image
