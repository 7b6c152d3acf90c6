"""The photo pipeline: judged by decoding, cleaned of metadata, stored by content hash."""
import io
import struct
import zlib
from pathlib import Path

import pytest
from flask_babel import force_locale
from PIL import Image

from marketplace.catalog.images import InvalidImage, original_name, process_image, variant_name
from tests.factories import photo_bytes


def jpeg_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = {1: "S", 2: (10.0, 10.0, 0.0), 3: "E", 4: (123.0, 35.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    Image.new("RGB", (800, 400), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def stored_files(app, stored) -> list[Path]:
    root = Path(app.config["MEDIA_DIR"])
    names = [original_name(stored.content_hash)] + [
        variant_name(stored.content_hash, w) for w in stored.widths
    ]
    return [root / n for n in names]


def test_photo_is_rotated_stripped_and_stored_in_widths(app):
    stored = process_image(jpeg_with_gps_and_rotation())
    assert (stored.width, stored.height) == (400, 800)  # EXIF orientation applied
    assert stored.widths == (320, 400)
    for path in stored_files(app, stored):
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP"
            assert not image.getexif(), path
            assert "exif" not in image.info and "xmp" not in image.info
        assert b"PhoneMaker" not in data and b"GPS" not in data


def test_same_photo_twice_is_stored_once(app):
    data = photo_bytes()
    assert process_image(data).content_hash == process_image(data).content_hash


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge image (a decompression bomb's header)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data,message", [
    (b"not an image at all", "not a JPEG"),
    (b"%PDF-1.4\n" + b"0" * 100, "not a JPEG"),
    (b"GIF89a" + photo_bytes(fmt="GIF")[6:], "not a JPEG"),
    (png_header_only(10_000, 10_000), "megapixels"),
    (photo_bytes(size=(2000, 1500))[:5000], "damaged"),
])
def test_bad_files_are_refused_and_nothing_is_stored(app, data, message):
    before = sorted(Path(app.config["MEDIA_DIR"]).rglob("*"))
    with force_locale("en"), pytest.raises(InvalidImage, match=message):
        process_image(data)
    assert sorted(Path(app.config["MEDIA_DIR"]).rglob("*")) == before


def test_files_over_the_size_limit_are_refused(app):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    with force_locale("en"), pytest.raises(InvalidImage, match="larger than"):
        process_image(photo_bytes())


def test_a_polyglot_is_stored_as_a_clean_reencoded_image(app):
    # A JPEG with a script appended: it decodes as an image, but only the pixels are kept.
    payload = b"<script>alert(1)</script><?php system($_GET['c']); ?>"
    stored = process_image(photo_bytes() + payload)
    for path in stored_files(app, stored):
        assert payload not in path.read_bytes()
        assert b"<script>" not in path.read_bytes()
