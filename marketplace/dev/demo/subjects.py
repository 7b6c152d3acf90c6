"""What the demo photos show besides the pack: food served in a bowl or on a tray, and
crafts (hats, baskets, mats, beadwork, noken) on a table."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from marketplace.dev.demo import textures
from marketplace.dev.demo.canvas import RGB, Box, gradient, mix, shade, shadow


@dataclass(frozen=True)
class Food:
    kind: str  # how its contents are drawn
    colour: RGB
    served: str  # how photo 1 shows it, in Indonesian, for the alt text
    particle: int = 10  # particle size in px


FOODS: dict[str, Food] = {
    "honey": Food("liquid", (190, 112, 22), "madu dituang ke mangkuk kaca kecil"),
    "syrup": Food("liquid", (140, 74, 28), "gula air lontar dituang ke mangkuk kecil"),
    "honeycomb": Food("comb", (212, 150, 40), "potongan sarang madu di atas piring", 26),
    "salt_coarse": Food("crystals", (236, 236, 230), "kristal garam kasar di mangkuk kayu", 12),
    "salt_fine": Food("powder", (246, 246, 242), "garam halus di mangkuk kecil"),
    "salt_herb": Food("grains", (240, 236, 226), "garam rempah di mangkuk kecil", 6),
    "salt_mountain": Food("crystals", (222, 216, 204), "garam gunung di mangkuk kayu", 16),
    "fish_dried": Food("fish", (196, 168, 128), "ikan kering tersusun di nampan anyaman", 120),
    "fish_smoked": Food("fish", (124, 72, 36), "ikan asap tersusun di nampan anyaman", 140),
    "anchovy": Food("grains", (206, 200, 184), "ikan teri kering di mangkuk kayu", 14),
    "squid": Food("fish", (222, 188, 146), "cumi kering tersusun di nampan anyaman", 130),
    "moringa_tea": Food("flakes", (86, 112, 50), "daun kelor kering di mangkuk kecil", 9),
    "moringa_powder": Food("powder", (98, 130, 54), "serbuk kelor di mangkuk kecil"),
    "candlenut": Food("nuts", (236, 224, 196), "kemiri kupas di mangkuk kayu", 26),
    "kenari": Food("nuts", (226, 200, 158), "biji kenari kupas di mangkuk kayu", 24),
    "kenari_candied": Food("nuts", (146, 86, 36), "kenari salut gula merah di mangkuk", 24),
    "corn_chips": Food("crackers", (228, 172, 62), "keripik jagung di piring", 40),
    "sugar_disc": Food("discs", (124, 66, 30), "gula lempeng lontar bertumpuk di piring", 110),
    "sugar_block": Food("discs", (96, 52, 26), "gula aren cetak di atas piring", 90),
    "sugar_powder": Food("grains", (150, 96, 50), "gula semut di mangkuk kecil", 5),
    "citrus": Food("fruit", (236, 150, 40), "jeruk Sambas di keranjang rotan", 70),
    "crackers_fish": Food("crackers", (234, 222, 198), "kerupuk mentah di piring", 60),
    "crackers_shrimp": Food("crackers", (236, 176, 160), "kerupuk udang mentah di piring", 60),
    "lempok": Food("discs", (156, 112, 40), "lempok durian diiris di atas piring", 90),
    "sambal": Food("grains", (168, 38, 22), "sambal dalam mangkuk kecil", 7),
    "terasi": Food("discs", (92, 62, 52), "terasi udang di atas piring", 90),
    "pepper_white": Food("grains", (222, 206, 170), "butiran lada putih di mangkuk kayu", 9),
    "pepper_black": Food("grains", (58, 46, 38), "butiran lada hitam di mangkuk kayu", 9),
    "pepper_powder": Food("powder", (216, 202, 168), "lada putih bubuk di mangkuk kecil"),
    "rice_white": Food("grains", (244, 240, 228), "beras adan putih di mangkuk kayu", 8),
    "rice_red": Food("grains", (152, 62, 52), "beras adan merah di mangkuk kayu", 8),
    "rice_black": Food("grains", (46, 30, 40), "beras adan hitam di mangkuk kayu", 8),
    "rice_flour": Food("powder", (248, 246, 240), "tepung beras di mangkuk kayu"),
    "coffee_beans": Food("beans", (86, 52, 30), "biji kopi sangrai di mangkuk kayu", 18),
    "coffee_powder": Food("powder", (72, 44, 28), "kopi bubuk di mangkuk kecil"),
    "sago_cake": Food("discs", (228, 208, 172), "sagu lempeng bertumpuk di piring", 100),
    "sago_flour": Food("powder", (246, 244, 238), "tepung sagu di mangkuk kayu"),
}


def contents(subject: str, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """The food as a surface: what a bowl holds or a window in the pack shows."""
    food = FOODS.get(subject, FOODS["rice_white"])
    w, h = size
    base = food.colour
    if food.kind == "liquid":
        return gradient(size, shade(base, 1.25), shade(base, 0.7))
    image = Image.new("RGB", size, shade(base, 0.82))
    draw = ImageDraw.Draw(image)
    p = max(4, min(food.particle, 30))
    count = min(900, w * h // (p * p) + 20)
    for _ in range(count):
        x, y = rng.uniform(-p, w), rng.uniform(-p, h)
        colour = shade(base, rng.uniform(0.82, 1.12))
        if food.kind == "crystals":
            draw.regular_polygon((x, y, p * rng.uniform(0.5, 1.0)), 4,
                                 rotation=rng.uniform(0, 90), fill=colour)
        elif food.kind == "powder":
            r = rng.uniform(1, 3)
            draw.ellipse((x, y, x + r, y + r), fill=shade(base, rng.uniform(0.86, 1.06)))
        elif food.kind == "flakes":
            draw.polygon([(x, y), (x + p, y + rng.uniform(-3, 3)), (x + p * 0.6, y + p * 0.8)],
                         fill=colour)
        else:  # grains, beans, nuts
            long = food.kind != "grains" or subject.startswith(("rice", "anchovy"))
            ew, eh = (p, p * 0.55) if long and rng.random() < 0.5 else (p * 0.55 if long else p, p)
            draw.ellipse((x, y, x + ew, y + eh), fill=colour)
            if food.kind == "beans":
                draw.line((x + ew * 0.2, y + eh / 2, x + ew * 0.8, y + eh / 2),
                          fill=shade(base, 0.5), width=2)
            elif subject == "salt_herb" and rng.random() < 0.25:
                draw.ellipse((x, y, x + ew, y + eh),
                             fill=rng.choice([(84, 110, 50), (190, 50, 30)]))
    return image


def _bowl(image: Image.Image, subject: str, cx: float, base: float, s: float,
          rng: random.Random) -> Box:
    w, h = 330 * s, 120 * s
    rim_y = base - h
    shadow(image, (cx - w / 2 - 10, base - 26 * s, cx + w / 2 + 30 * s, base + 18 * s))
    draw = ImageDraw.Draw(image)
    wood = rng.choice([(120, 74, 42), (150, 98, 56), (236, 232, 224), (86, 56, 40)])
    draw.chord((cx - w / 2, rim_y - h, cx + w / 2, base), 0, 180, fill=wood)
    draw.ellipse((cx - w / 2, rim_y - 30 * s, cx + w / 2, rim_y + 30 * s), fill=shade(wood, 0.8))
    food = FOODS.get(subject, FOODS["rice_white"])
    pile_h = 20 * s if food.kind == "liquid" else 90 * s
    size = (round(w - 20 * s), round(pile_h + 26 * s))
    mask = Image.new("L", size, 0)
    md = ImageDraw.Draw(mask)
    if food.kind == "liquid":
        md.ellipse((0, 0, size[0] - 1, size[1] - 1), fill=255)
    else:
        md.chord((0, 0, size[0] - 1, size[1] * 2), 180, 360, fill=255)
        md.ellipse((0, size[1] - 50 * s, size[0] - 1, size[1] - 1), fill=255)
    image.paste(contents(subject, size, rng), (round(cx - size[0] / 2), round(rim_y + 24 * s
                                                                               - size[1])), mask)
    return (cx - w / 2, rim_y - pile_h, cx + w / 2, base)


def _tray(image: Image.Image, cx: float, base: float, s: float, rng: random.Random) -> Box:
    w, h = 560 * s, 200 * s
    box = (cx - w / 2, base - h, cx + w / 2, base)
    shadow(image, (box[0], base - 40 * s, box[2] + 30 * s, base + 18 * s))
    size = (round(w), round(h))
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size[0] - 1, size[1] - 1), fill=255)
    woven = textures.weave(size, (206, 170, 110), (150, 112, 64), rng, cell=10)
    image.paste(woven, (round(box[0]), round(box[1])), mask)
    return box


def _fish(draw: ImageDraw.ImageDraw, cx: float, cy: float, length: float, angle: float,
          colour: RGB, squid: bool) -> None:
    ca, sa = math.cos(angle), math.sin(angle)

    def at(u: float, v: float) -> tuple[float, float]:
        return (cx + u * ca - v * sa, cy + u * sa + v * ca)

    half = length / 2
    body = [(-half, 0), (-half * 0.6, -length * 0.14), (half * 0.5, -length * 0.12),
            (half * 0.75, 0), (half * 0.5, length * 0.12), (-half * 0.6, length * 0.14)]
    draw.polygon([at(u, v) for u, v in body], fill=colour)
    if squid:
        for k in range(-3, 4):
            draw.line([at(half * 0.7, k * 4), at(half * 1.15, k * 7)], fill=shade(colour, 0.85),
                      width=3)
    else:
        draw.polygon([at(half * 0.7, 0), at(half, -length * 0.12), at(half, length * 0.12)],
                     fill=shade(colour, 0.85))
        eye = at(-half * 0.7, -length * 0.03)
        draw.ellipse((eye[0] - 3, eye[1] - 3, eye[0] + 3, eye[1] + 3), fill=(40, 34, 30))
    draw.line([at(-half * 0.5, 0), at(half * 0.5, 0)], fill=shade(colour, 1.15), width=2)


def _pieces(image: Image.Image, subject: str, cx: float, base: float, s: float,
            rng: random.Random) -> Box:
    """Separate pieces on a plate or tray: crackers, sugar discs, cakes, fish, fruit."""
    food = FOODS[subject]
    draw = ImageDraw.Draw(image)
    if food.kind in ("fish", "fruit"):
        box = _tray(image, cx, base, s, rng)
    else:
        box = (cx - 250 * s, base - 130 * s, cx + 250 * s, base)
        shadow(image, (box[0], base - 36 * s, box[2] + 30 * s, base + 16 * s))
        plate = rng.choice([(240, 238, 232), (200, 120, 80), (60, 110, 60)])
        draw.ellipse(box, fill=plate)
        draw.ellipse((box[0] + 30 * s, box[1] + 16 * s, box[2] - 30 * s, box[3] - 16 * s),
                     fill=shade(plate, 0.94))
    x0, y0, x1, y1 = box
    p = food.particle * s
    for i in range(14 if food.kind in ("crackers", "fruit") else 7):
        x = rng.uniform(x0 + p * 0.8, x1 - p * 0.8)
        y = rng.uniform(y0 + (y1 - y0) * 0.3, y1 - (y1 - y0) * 0.25)
        colour = shade(food.colour, rng.uniform(0.9, 1.1))
        if food.kind == "fish":
            _fish(draw, x, y, p * rng.uniform(0.9, 1.2), rng.uniform(-0.5, 0.5), colour,
                  subject == "squid")
        elif food.kind == "fruit":
            r = p / 2 * rng.uniform(0.9, 1.1)
            yy = y - (y1 - y0) * 0.35
            draw.ellipse((x - r, yy - r, x + r, yy + r), fill=mix(colour, (170, 170, 40),
                                                                   rng.uniform(0, 0.35)))
            draw.ellipse((x - r * 0.5, yy - r * 0.6, x - r * 0.1, yy - r * 0.2),
                         fill=shade(colour, 1.25))
        elif food.kind == "crackers":
            r = p / 2 * rng.uniform(0.7, 1.2)
            draw.regular_polygon((x, y - r * 0.3, r), rng.choice((7, 9, 12)),
                                 rotation=rng.uniform(0, 60), fill=colour,
                                 outline=shade(colour, 0.85))
        else:
            r = p / 2
            for k in range(3 if i < 3 else 1):
                yy = y - k * r * 0.35
                draw.ellipse((x - r, yy - r * 0.45, x + r, yy + r * 0.45),
                             fill=shade(colour, 0.8 + k * 0.08), outline=shade(colour, 0.6))
    return box


def serve(image: Image.Image, subject: str, cx: float, base: float, s: float,
          rng: random.Random) -> Box:
    if FOODS.get(subject, FOODS["rice_white"]).kind in ("fish", "fruit", "crackers", "discs"):
        return _pieces(image, subject, cx, base, s, rng)
    return _bowl(image, subject, cx, base, s, rng)


# --- crafts -----------------------------------------------------------------------------

LEAF = ((226, 196, 130), (170, 128, 70))  # dried lontar or pandan leaf
RATTAN = ((206, 164, 104), (66, 44, 30))
BEAD_PALETTES: dict[str, list[RGB]] = {
    "merah": [(200, 40, 36), (240, 196, 60), (250, 250, 244), (30, 30, 30)],
    "kuning": [(240, 196, 60), (30, 30, 30), (250, 250, 244), (40, 110, 170)],
    "hitam": [(30, 30, 30), (240, 196, 60), (250, 250, 244), (200, 40, 36), (40, 130, 90)],
}


def _woven_shape(image: Image.Image, points: list[tuple[float, float]], light: RGB, dark: RGB,
                 rng: random.Random, cell: int = 12) -> None:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = int(min(xs)), int(min(ys))
    size = (int(max(xs)) - x0 + 1, int(max(ys)) - y0 + 1)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in points], fill=255)
    image.paste(textures.weave(size, light, dark, rng, cell=cell), (x0, y0), mask)


def _bead_ring(draw: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float,
               colours: list[RGB], bead: float) -> None:
    n = int(2 * math.pi * max(rx, ry) / bead)
    for i in range(n):
        a = 2 * math.pi * i / n
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        colour = colours[(i // 3) % len(colours)]
        draw.ellipse((x - bead / 2, y - bead / 2, x + bead / 2, y + bead / 2), fill=colour)


def craft(image: Image.Image, subject: str, palette: str, rng: random.Random) -> Box:
    """Draw a craft object standing on the table (table line at about y=420)."""
    draw = ImageDraw.Draw(image)
    light, dark = RATTAN if palette == "rotan" else LEAF
    if subject == "hat":
        shadow(image, (180, 560, 800, 660))
        _woven_shape(image, [(190 + 290 + 290 * math.cos(a), 590 + 70 * math.sin(a))
                             for a in [i * math.pi / 24 for i in range(48)]], light, dark, rng, 8)
        _woven_shape(image, [(340, 590), (400, 380), (560, 380), (620, 590)], light, dark, rng, 8)
        draw.polygon([(455, 390), (500, 390), (520, 150), (505, 90), (480, 140)],
                     fill=shade(light, 0.95), outline=dark)
        for y in range(140, 390, 24):
            draw.line((470, y, 510, y - 6), fill=dark, width=2)
        return (180, 90, 780, 660)
    if subject in ("haik", "takin", "rattan_bag", "tissue_box"):
        top, bottom, w_top, w_bottom = {
            "haik": (340, 640, 360, 250), "takin": (170, 650, 300, 220),
            "rattan_bag": (300, 640, 380, 320), "tissue_box": (380, 620, 420, 420),
        }[subject]
        cx = 480
        shadow(image, (cx - w_bottom / 2 - 30, bottom - 30, cx + w_bottom / 2 + 60, bottom + 24))
        _woven_shape(image, [(cx - w_top / 2, top), (cx + w_top / 2, top),
                             (cx + w_bottom / 2, bottom), (cx - w_bottom / 2, bottom)],
                     light, dark, rng)
        if subject in ("haik", "takin"):
            draw.ellipse((cx - w_top / 2, top - 26, cx + w_top / 2, top + 26),
                         fill=shade(dark, 0.8), outline=light, width=8)
        if subject == "rattan_bag":
            draw.arc((cx - 150, top - 170, cx - 10, top + 60), 190, 350, fill=dark, width=14)
            draw.arc((cx + 10, top - 170, cx + 150, top + 60), 190, 350, fill=dark, width=14)
        if subject == "takin":
            draw.line((cx - 90, top + 20, cx - 110, bottom - 60), fill=(90, 60, 40), width=14)
            draw.line((cx + 90, top + 20, cx + 110, bottom - 60), fill=(90, 60, 40), width=14)
        if subject == "tissue_box":
            draw.rounded_rectangle((cx - 90, top + 30, cx + 90, top + 56), radius=12,
                                   fill=(60, 40, 30))
            draw.polygon([(cx - 40, top + 40), (cx + 40, top + 40), (cx + 10, top - 60),
                          (cx - 30, top - 40)], fill=(250, 250, 250))
        return (cx - w_top / 2 - 40, top - 180, cx + w_top / 2 + 40, bottom)
    if subject == "mat":
        points = [(150, 420), (810, 420), (940, 700), (20, 700)]
        _woven_shape(image, points, light, dark, rng, cell=16)
        draw.rounded_rectangle((120, 380, 840, 440), radius=30, fill=shade(light, 0.9),
                               outline=dark, width=3)
        draw.ellipse((800, 380, 860, 440), fill=shade(light, 0.8), outline=dark, width=4)
        return (20, 380, 940, 700)
    if subject in ("bracelet", "necklace", "bead_bag"):
        colours = BEAD_PALETTES.get(palette, BEAD_PALETTES["merah"])
        if subject == "bracelet":
            for i, pal in enumerate(BEAD_PALETTES.values()):
                cx, cy = 260 + i * 220, 560 - (i % 2) * 50
                shadow(image, (cx - 100, cy - 20, cx + 110, cy + 50), strength=80)
                _bead_ring(draw, cx, cy, 95, 42, pal, 16)
            return (140, 440, 840, 640)
        if subject == "necklace":
            shadow(image, (230, 420, 740, 680), strength=70)
            for k in range(3):
                _bead_ring(draw, 480, 430, 220 - k * 18, 200 - k * 18, colours[k:] + colours[:k],
                           14)
            panel = textures.beads((150, 120), colours, rng, bead=12)
            image.paste(panel, (405, 560))
            return (240, 220, 720, 690)
        panel = textures.beads((380, 300), colours, rng)
        shadow(image, (280, 600, 700, 680))
        draw.line((300, 360, 480, 200, 660, 360), fill=(40, 30, 26), width=10, joint="curve")
        image.paste(panel, (290, 340))
        draw.rectangle((290, 340, 670, 420), fill=shade(colours[0], 0.8))
        return (280, 200, 700, 680)
    if subject == "noken":
        shadow(image, (300, 620, 700, 690))
        size = (400, 380)
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 40, 399, 379), radius=90, fill=255)
        net = textures.mesh(size, palette, rng)
        # The inside of the bag shows dimly through the loops; the table shows through too.
        image.paste((60, 44, 32), (280, 270, 680, 650), mask.point(lambda v: v * 2 // 5))
        image.paste(net, (280, 270), ImageChops.multiply(mask, net.getchannel("A")))
        colour = textures.NOKEN_PALETTES.get(palette, textures.NOKEN_PALETTES["kulit_kayu"])[0]
        draw.line((300, 330, 420, 90, 560, 90, 680, 330), fill=colour, width=16, joint="curve")
        return (280, 90, 700, 690)
    if subject == "tudung":
        shadow(image, (220, 560, 760, 660))
        colours = [(200, 50, 40), (240, 190, 60), (40, 120, 80), (226, 196, 130)]
        for i in range(8):
            r = 270 - i * 32
            draw.pieslice((480 - r, 600 - r * 1.1, 480 + r, 600 + r * 1.1), 180, 360,
                          fill=colours[i % len(colours)])
        draw.ellipse((455, 280, 505, 320), fill=(120, 80, 40))
        return (210, 300, 750, 660)
    # keychain (sasando mini) and anything unknown
    shadow(image, (380, 600, 620, 660))
    draw.pieslice((360, 360, 600, 640), 180, 360, fill=LEAF[0], outline=LEAF[1], width=3)
    for a in range(200, 360, 20):
        x = 480 + 120 * math.cos(math.radians(a))
        y = 500 + 140 * math.sin(math.radians(a))
        draw.line((480, 500, x, y), fill=LEAF[1], width=2)
    draw.rounded_rectangle((462, 300, 498, 640), radius=12, fill=(200, 170, 100))
    draw.ellipse((455, 250, 505, 300), outline=(180, 180, 190), width=6)
    return (360, 250, 620, 660)
