"""Draws the seller app's home-screen icons from the store's logo (static/favicon.svg), once.

    .venv/bin/python -m tools.seller_app_icons

No SVG rasterizer is installed here (no cairosvg, rsvg-convert or Inkscape), and the logo is
three shapes, so Pillow draws them again at 4× and scales down (smooth edges). Writes
static/icons/app/seller-{192,512}.png (the logo on its rounded tile, "any") and
seller-maskable-{192,512}.png (full-bleed background, the diamond inside the 80 % safe zone
that launchers may crop to a circle). The PNGs are committed: run this again only when the
logo changes.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons" / "app"
# The colours of static/favicon.svg.
TILE = (138, 44, 27)
OUTER = (243, 217, 164)
INNER = (34, 48, 90)
SUPERSAMPLE = 4


def _diamond(centre: float, half: float) -> list[tuple[float, float]]:
    return [(centre, centre - half), (centre + half * 2 / 3, centre),
            (centre, centre + half), (centre - half * 2 / 3, centre)]


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if maskable:
        canvas.rectangle((0, 0, big, big), fill=TILE)
        scale = big / 32 * 0.7  # the 32-unit logo shrunk into the safe zone
    else:
        canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 6 / 32, fill=TILE)
        scale = big / 32
    centre = big / 2
    # favicon.svg: outer diamond 16±12 tall, ±8 wide; inner 16±6 tall, ±4 wide.
    canvas.polygon(_diamond(centre, 12 * scale), fill=OUTER)
    canvas.polygon(_diamond(centre, 6 * scale), fill=INNER)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"seller-{size}.png", optimize=True)
        draw(size, maskable=True).convert("RGB").save(OUT / f"seller-maskable-{size}.png",
                                                      optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(OUT.parent.parent.parent), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
