"""Writes tests/catalog/photos/phone.heic: what an iPhone sends (HEIC, 640×480 stored sideways
with EXIF orientation 6, GPS position and camera make), for the HEIC tests. The store only
decodes HEIC (pi-heif); this needs an encoder, so it is run once, by hand, in a throw-away
venv with `pip install pillow-heif pillow`, and the file is committed."""
from __future__ import annotations

import sys

import pillow_heif
from PIL import Image

OUT = "tests/catalog/photos/phone.heic"
# A "HEIF Max" photo past the store's HEIC limit (MAX_HEIF_PIXELS): one colour, a small file.
HUGE = "tests/catalog/photos/huge.heic"


def main() -> None:
    image = Image.new("RGB", (640, 480), (200, 60, 40))
    image.paste((30, 90, 160), (0, 0, 320, 480))  # left half blue: its side tells the turn
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "S", 2: (10.0, 10.0, 0.0), 3: "E", 4: (123.0, 35.0, 0.0)}  # Kupang
    heif = pillow_heif.from_pillow(image)
    heif.save(OUT, quality=80, exif=exif.tobytes())
    pillow_heif.from_pillow(Image.new("RGB", (7008, 4000), (90, 90, 90))).save(HUGE, quality=10)
    print(OUT, HUGE, file=sys.stderr)


if __name__ == "__main__":
    main()
