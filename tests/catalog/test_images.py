"""The photo pipeline: judged by decoding, cleaned of metadata, stored by content hash."""
import io
import struct
import zlib
from pathlib import Path

import pytest
from flask_babel import force_locale
from PIL import Image

from marketplace.catalog.photo_pipeline import InvalidImage, original_name, process_image, variant_name
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


# --- Photos from phones and what a photo may cost (issue 14, item 9) ------------------------------

def mpo_bytes(first=(200, 30, 30), second=(30, 30, 200), size=(1600, 1200)) -> bytes:
    """A Multi-Picture JPEG as many Android and iPhone cameras write it: Pillow opens it as
    "MPO"; the first frame is the photo."""
    out = io.BytesIO()
    Image.new("RGB", size, first).save(out, "MPO", save_all=True,
                                       append_images=[Image.new("RGB", (size[0] // 2, size[1] // 2), second)])
    return out.getvalue()


def stored_image(app, stored, width=None) -> Image.Image:
    name = original_name(stored.content_hash) if width is None else variant_name(stored.content_hash, width)
    image = Image.open(Path(app.config["MEDIA_DIR"]) / name)
    image.load()
    return image


def test_a_multi_picture_jpeg_from_a_phone_is_accepted_as_its_first_frame(app):
    data = mpo_bytes()
    with Image.open(io.BytesIO(data)) as opened:
        assert opened.format == "MPO" and opened.n_frames == 2
    stored = process_image(data)
    assert stored.widths == (320, 640)
    photo = stored_image(app, stored)
    assert photo.format == "WEBP" and photo.size == (640, 480)
    red, green, blue = photo.getpixel((320, 240))[:3]
    assert red > 150 and blue < 80  # the first (red) frame, not the second (blue)


def test_a_bomb_past_pillows_own_limit_gets_the_megapixel_message(app):
    # 400 megapixels: Image.open itself refuses it (past twice Pillow's limit).
    with force_locale("en"), pytest.raises(InvalidImage, match="larger than 50 megapixels"):
        process_image(png_header_only(20_000, 20_000))


def test_a_png_or_webp_may_declare_fewer_pixels_than_a_jpeg(app):
    with force_locale("en"), pytest.raises(InvalidImage, match="PNG or WebP image may have at most 12 "
                                                               "megapixels: save the photo as JPEG"):
        process_image(png_header_only(5000, 4000))
    with force_locale("id"), pytest.raises(InvalidImage, match="12 megapiksel"):
        process_image(png_header_only(5000, 4000))


def test_nothing_is_stored_larger_than_the_widest_variant(app):
    landscape = process_image(photo_bytes(size=(3000, 2000)))
    assert (landscape.width, landscape.height) == (640, 427) and landscape.widths == (320, 640)
    assert stored_image(app, landscape).size == (640, 427)
    # Turned by EXIF (a phone held upright): the displayed width is bounded.
    exif = Image.Exif()
    exif[0x0112] = 6
    upright = process_image(photo_bytes(size=(3000, 2000), exif=exif.tobytes()))
    assert (upright.width, upright.height) == (640, 960)
    # Very tall: at most twice as tall as the widest variant is wide.
    tall = process_image(photo_bytes(size=(500, 4000), fmt="PNG"))
    assert (tall.width, tall.height) == (160, 1280) and tall.widths == (160,)


def test_a_jpeg_is_decoded_at_the_size_needed_and_a_png_whole(app):
    """A request's pixel budget shows how much was decoded: a 12-megapixel JPEG fits in 4
    (its decoder scales it down while decoding), the same picture as PNG does not."""
    from marketplace.catalog.photo_pipeline import PixelBudget, TooMuchAtOnce

    assert max(app.config["IMAGE_WIDTHS"]) == 640
    budget = PixelBudget(4_000_000)
    process_image(photo_bytes(size=(4000, 3000)), budget)
    assert budget.left == 4_000_000 - 1000 * 750  # a quarter of each side: still over 640 px
    with force_locale("en"), pytest.raises(TooMuchAtOnce, match="too many large photos"):
        process_image(photo_bytes(size=(4000, 3000), fmt="PNG"), PixelBudget(4_000_000))


def test_a_request_decodes_at_most_its_budget(app):
    from marketplace.catalog.photo_pipeline import PixelBudget, TooMuchAtOnce

    budget = PixelBudget(25_000_000)
    png = photo_bytes(size=(4000, 3000), fmt="PNG")  # 12 megapixels, decoded whole
    process_image(png, budget)
    process_image(photo_bytes(size=(4000, 3000), fmt="PNG", compress_level=1), budget)
    with pytest.raises(TooMuchAtOnce):
        process_image(photo_bytes(size=(4000, 3000), fmt="PNG", compress_level=2), budget)
    # A small one still fits in what is left.
    process_image(photo_bytes(size=(800, 600)), budget)


def half_transparent(mode: str) -> Image.Image:
    """Green on the left, transparent on the right: a product cut out of its background."""
    image = Image.new("RGBA", (1200, 900), (40, 160, 90, 255))
    image.paste((0, 0, 0, 0), (600, 0, 1200, 900))
    return image.convert(mode)


@pytest.mark.parametrize("mode,fmt,expected", [
    ("P", "PNG", "RGB"), ("I;16", "PNG", "RGB"), ("1", "PNG", "RGB"), ("L", "JPEG", "RGB"),
    ("CMYK", "JPEG", "RGB"), ("RGBA", "WEBP", "RGBA"), ("LA", "PNG", "RGBA"),
])
def test_every_kind_of_pixel_is_stored_as_rgb_or_rgba_webp(app, mode, fmt, expected):
    image = half_transparent(mode) if expected == "RGBA" else Image.new(
        "RGB", (1200, 900), (40, 160, 90)).convert(mode)
    out = io.BytesIO()
    image.save(out, fmt)
    stored = process_image(out.getvalue())
    photo = stored_image(app, stored)
    assert photo.mode == expected and (stored.width, stored.height) == (640, 480)
    if expected == "RGBA":
        assert photo.getpixel((100, 240))[3] == 255 and photo.getpixel((540, 240))[3] == 0


def test_a_palette_png_with_transparency_keeps_it(app):
    image = Image.new("P", (900, 600), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    image.paste(0, (450, 0, 900, 600))
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    photo = stored_image(app, process_image(out.getvalue()))
    assert photo.mode == "RGBA" and photo.getpixel((10, 10))[3] == 255 and photo.getpixel((630, 10))[3] == 0


def test_formats_outside_the_three_are_not_even_parsed(app):
    for fmt in ("GIF", "BMP", "TIFF", "ICO"):
        with force_locale("en"), pytest.raises(InvalidImage, match="not a JPEG"):
            process_image(photo_bytes(size=(64, 64), fmt=fmt))


PHOTOS = Path(__file__).parent / "photos"  # made by tools/make_heic_fixture.py


def test_a_heic_photo_from_a_phone_is_stored_upright_without_its_metadata(app):
    """An iPhone's HEIC (stored sideways, GPS and camera make in its EXIF): decoded on the
    server (pi-heif), turned as the camera meant, kept as WebP without any of its metadata."""
    data = (PHOTOS / "phone.heic").read_bytes()
    assert b"Apple" in data
    stored = process_image(data)
    assert (stored.width, stored.height) == (480, 640)  # taken 640×480, turned upright
    photo = stored_image(app, stored)
    assert photo.format == "WEBP"
    top, bottom = photo.getpixel((240, 100)), photo.getpixel((240, 540))
    assert top[2] > 120 and top[0] < 90  # the blue half is on top after the quarter turn
    assert bottom[0] > 150 and bottom[2] < 90
    for path in stored_files(app, stored):
        raw = path.read_bytes()
        assert b"Apple" not in raw and b"GPS" not in raw and b"Exif" not in raw


def test_a_heic_declaring_too_many_pixels_is_refused_before_decoding(app):
    before = sorted(Path(app.config["MEDIA_DIR"]).rglob("*"))
    with force_locale("en"), pytest.raises(InvalidImage, match="HEIC photo may have at most 25 "
                                                               "megapixels"):
        process_image((PHOTOS / "huge.heic").read_bytes())
    with force_locale("id"), pytest.raises(InvalidImage, match="25 megapiksel"):
        process_image((PHOTOS / "huge.heic").read_bytes())
    assert sorted(Path(app.config["MEDIA_DIR"]).rglob("*")) == before
