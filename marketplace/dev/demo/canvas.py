"""Small drawing helpers shared by the demo pictures: colours, fonts, gradients, shadows, text."""
from __future__ import annotations

import threading

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]

SIZE = (960, 720)
W, H = SIZE
INK: RGB = (40, 34, 30)
PAPER: RGB = (248, 244, 234)

# Pillow's built-in font has no glyph for these; the labels use their plain look-alikes.
_PLAIN = str.maketrans({"×": "x", "–": "-", "—": "-", "’": "'", "“": '"', "”": '"'})

# FreeType faces are not safe to share between threads; photos are drawn in a thread pool.
_local = threading.local()


def shade(colour: RGB, factor: float) -> RGB:
    return tuple(max(0, min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    pairs = zip(a, b, strict=True)
    return tuple(round(x + (y - x) * t) for x, y in pairs)  # type: ignore[return-value]


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at a size: nothing downloaded, nothing read from the system."""
    fonts = _local.__dict__.setdefault("fonts", {})
    if size not in fonts:
        fonts[size] = ImageFont.load_default(size=size)
    return fonts[size]


def gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(ramp, black=top, white=bottom)  # type: ignore[arg-type]


def shadow(image: Image.Image, box: Box, strength: int = 120, blur: int = 14) -> None:
    """A soft elliptical shadow under an object, blurred only where it falls."""
    x0, y0, x1, y1 = box
    pad = blur * 3
    left, top = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    right, bottom = min(image.width, int(x1 + pad)), min(image.height, int(y1 + pad))
    if right <= left or bottom <= top:
        return
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).ellipse((x0 - left, y0 - top, x1 - left, y1 - top), fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    image.paste((24, 18, 14), (left, top, right, bottom), mask)


def paste_masked(image: Image.Image, texture: Image.Image, mask: Image.Image,
                 at: tuple[int, int] = (0, 0)) -> None:
    image.paste(texture.crop((0, 0, mask.width, mask.height)), at, mask)


def shape_mask(size: tuple[int, int], draw_shape) -> Image.Image:
    mask = Image.new("L", size, 0)
    draw_shape(ImageDraw.Draw(mask))
    return mask


def wrap(text: str, size: int, width: float) -> list[str]:
    face = font(size)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def text_block(draw: ImageDraw.ImageDraw, box: Box, lines: list[tuple[str, int, RGB]],
               spacing: int = 6, align: str = "center") -> None:
    """Lines of (text, size, colour), wrapped to the box and centred in it vertically,
    shrinking the text until it fits."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0 - 12, y1 - y0 - 8
    for scale in (1.0, 0.85, 0.72, 0.6, 0.5):
        laid: list[tuple[str, int, RGB]] = []
        for text, size, colour in lines:
            text = text.translate(_PLAIN)
            s = max(9, round(size * scale))
            laid += [(part, s, colour) for part in wrap(text, s, width)]
        total = sum(s + spacing for _, s, _ in laid) - spacing
        if total <= height:
            break
    y = y0 + (y1 - y0 - total) / 2
    for text, s, colour in laid:
        if align == "center":
            draw.text(((x0 + x1) / 2, y), text, fill=colour, font=font(s), anchor="ma")
        else:
            draw.text((x0 + 8, y), text, fill=colour, font=font(s), anchor="la")
        y += s + spacing
