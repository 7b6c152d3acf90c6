"""Photos: judged by decoding, cleaned of metadata, stored by content hash as WebP variants.

Every photo goes through `process_image`, whether a seller uploads it from a phone, a buyer
attaches it to a complaint or the demo data draws it: the same rules, the same files.

What a photo may cost. A small file can declare a huge image (a 38 KB PNG of 6300×6300), so
the size is judged from the header before anything is decoded, and the work after it is kept
to what the store shows: nothing is stored larger than the widest variant (`IMAGE_WIDTHS`,
1280 px), so a JPEG (or a phone's MPO) is decoded at 1/2, 1/4 or 1/8 of its size by the
decoder itself (Pillow's draft mode), other formats are reduced by whole factors before the
fine resampling (`thumbnail`'s `reducing_gap`), and only small images are encoded. The pixels
one request may decode are bounded too (`PixelBudget`, MAX_DECODED_PIXELS_PER_REQUEST).

HEIC/HEIF, what iPhones and many Android cameras save, is decoded by libheif through pi-heif
(decoders only): libheif applies the file's own rotation while decoding and pi-heif then reads
its EXIF orientation as 1, so the photo is turned once. It cannot be decoded at a fraction of
its size, so it may declare fewer pixels than a JPEG (MAX_HEIF_PIXELS: a phone's 12 or 24 MP).
`make bench-photos` measures the worst photo each format allows.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
import pi_heif
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from marketplace.catalog.media_storage import get_storage, media_url
from marketplace.errors import DomainError

# The decoders Pillow may try (nothing else is parsed); its JPEG decoder also opens the
# Multi-Picture files many phones write (format "MPO"), whose first frame is the photo.
pi_heif.register_heif_opener()
DECODERS = ("JPEG", "PNG", "WEBP", "HEIF")
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
WEBP_QUALITY = 78
# A stored photo is at most as wide as the widest variant and twice as tall as that.
MAX_HEIGHT_PER_WIDTH = 2
# Other formats are reduced by whole factors down to twice the final size, then resampled:
# Pillow's default, "very close to fair resampling" at a fraction of its cost.
REDUCING_GAP = 2.0
# EXIF orientations that turn the picture a quarter: the stored width is the file's height.
_QUARTER_TURNS = {5, 6, 7, 8}


class InvalidImage(DomainError):
    """The file is not a photo we accept; nothing was stored."""


class TooMuchAtOnce(InvalidImage):
    """The photo is acceptable, but the request has decoded as much as one request may."""


class PixelBudget:
    """The pixels one request may decode, shared by all its photos, so that a request
    carrying a dozen of the largest photos cannot hold a worker for a minute."""

    def __init__(self, pixels: int) -> None:
        self.left = pixels

    @classmethod
    def per_request(cls) -> PixelBudget:
        return cls(current_app.config["MAX_DECODED_PIXELS_PER_REQUEST"])

    def spend(self, pixels: int) -> None:
        if pixels > self.left:
            raise TooMuchAtOnce(_("There are too many large photos to process at once: "
                                  "add this one again on its own."))
        self.left -= pixels


@dataclass(frozen=True)
class StoredImage:
    content_hash: str
    width: int
    height: int
    widths: tuple[int, ...]

    @property
    def variant_widths(self) -> str:
        return ",".join(str(w) for w in self.widths)


def original_name(content_hash: str) -> str:
    return f"{content_hash[:2]}/{content_hash}.orig.webp"


def variant_name(content_hash: str, width: int) -> str:
    return f"{content_hash[:2]}/{content_hash}-{width}.webp"


# Decoded at a fraction of their size by the decoder itself (draft mode); other formats are
# decoded whole, so they may declare fewer pixels (MAX_PNG_WEBP_PIXELS).
REDUCIBLE_FORMATS = {"JPEG", "MPO"}
HEIF_FORMATS = {"HEIF"}


def _pixel_limit(image_format: str | None) -> int:
    config = current_app.config
    if image_format in HEIF_FORMATS:
        return config["MAX_HEIF_PIXELS"]
    return config["MAX_IMAGE_PIXELS" if image_format in REDUCIBLE_FORMATS
                  else "MAX_PNG_WEBP_PIXELS"]


def image_url(image, width: int) -> str:
    """URL of one stored WebP width of a product photo."""
    return media_url(variant_name(image.content_hash, width))


def _too_large(image_format: str | None = None) -> InvalidImage:
    config = current_app.config
    if image_format in HEIF_FORMATS:
        return InvalidImage(_(
            "A HEIC photo may have at most %(mp)d megapixels: choose a smaller photo size, or "
            "\"Most compatible\" (JPEG) in the camera's settings.",
            mp=config["MAX_HEIF_PIXELS"] // 1_000_000))
    if image_format is not None and image_format not in REDUCIBLE_FORMATS:
        return InvalidImage(_(
            "A PNG or WebP image may have at most %(mp)d megapixels: save the photo as JPEG "
            "(up to %(jpeg)d megapixels).", mp=config["MAX_PNG_WEBP_PIXELS"] // 1_000_000,
            jpeg=config["MAX_IMAGE_PIXELS"] // 1_000_000))
    return InvalidImage(_("The image is larger than %(mp)d megapixels.",
                          mp=config["MAX_IMAGE_PIXELS"] // 1_000_000))


def _open_checked(data: bytes) -> Image.Image:
    """Open without decoding and judge what the header declares."""
    config = current_app.config
    max_bytes = config["MAX_UPLOAD_BYTES"]
    if len(data) > max_bytes:
        raise InvalidImage(_("The file is larger than %(mb)d MB.", mb=max(1, max_bytes // (1024 * 1024))))
    try:
        with warnings.catch_warnings():
            # Pillow warns on large images before its own limit; ours, below, is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=DECODERS)
    except Image.DecompressionBombError:
        # Past twice its own limit Pillow refuses in `open`, before we see the size.
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InvalidImage(_("The file is not a JPEG, PNG, WebP or HEIC image.")) from None
    if image.format not in ACCEPTED_FORMATS:
        raise InvalidImage(_("The file is not a JPEG, PNG, WebP or HEIC image."))
    width, height = image.size
    limit = _pixel_limit(image.format)
    # Judged from the header before decoding: a tiny file can declare a huge image.
    if width < 1 or height < 1 or width * height > limit:
        raise _too_large(image.format)
    return image


def _stored_size(size: tuple[int, int], orientation: int | None) -> tuple[int, int]:
    """The size the photo is kept at, in the file's own orientation (before EXIF's turn)."""
    widest = max(current_app.config["IMAGE_WIDTHS"])
    width, height = size
    if orientation in _QUARTER_TURNS:  # shown turned: bound the displayed width
        width, height = height, width
    scale = min(1.0, widest / width, widest * MAX_HEIGHT_PER_WIDTH / height)
    stored = (max(1, round(width * scale)), max(1, round(height * scale)))
    return stored[::-1] if orientation in _QUARTER_TURNS else stored


def _orientation(image: Image.Image) -> int | None:
    return image.getexif().get(ExifTags.Base.Orientation)


def _decoded(image: Image.Image, budget: PixelBudget) -> Image.Image:
    """Decode no more than the stored size needs, charged to the request's budget."""
    declared = image.size
    is_jpeg = image.format in REDUCIBLE_FORMATS
    orientation = _orientation(image) if is_jpeg else None  # JPEG: read with the header
    if is_jpeg:
        # The decoder scales by 1/2, 1/4 or 1/8 while decoding (in the DCT, a fair reduction),
        # to no less than the stored size; `image.size` is then what will be decoded.
        image.draft(None, _stored_size(declared, orientation))
    budget.spend(image.width * image.height)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
            if not is_jpeg:
                orientation = _orientation(image)  # a PNG may carry it after the pixels
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise InvalidImage(_("The image file is damaged or incomplete.")) from None
    # Palette and 16-bit images are resampled properly only as RGB(A).
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    working = image if image.mode == mode else image.convert(mode)
    working.info = dict(image.info)  # the orientation travels with it (stripped by _clean)
    working.thumbnail(_stored_size(declared, orientation), Image.Resampling.LANCZOS,
                      reducing_gap=REDUCING_GAP)
    return working


def _clean(image: Image.Image) -> Image.Image:
    """Apply EXIF orientation, then drop every piece of metadata (GPS included)."""
    image = ImageOps.exif_transpose(image)
    image.info = {}
    return image


def _encode_webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif/icc/xmp arguments: nothing of the source's metadata is written.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def process_image(data: bytes, budget: PixelBudget | None = None) -> StoredImage:
    """Validate, clean and store a photo; return what a ProductImage row needs.

    `budget` is shared by the photos of one request (`PixelBudget.per_request()`); without
    one, the photo has a request's budget to itself.
    """
    image = _clean(_decoded(_open_checked(data), budget or PixelBudget.per_request()))
    width, height = image.size
    configured = sorted(current_app.config["IMAGE_WIDTHS"])
    widths = tuple(sorted({w for w in configured if w < width} | {min(width, configured[-1])}))
    # The largest variant is the photo as stored (no larger copy is kept): its hash names
    # every file of it.
    original = _encode_webp(image)
    content_hash = hashlib.sha256(original).hexdigest()
    storage = get_storage()
    if not storage.exists(original_name(content_hash)):
        for w in widths:
            storage.save(variant_name(content_hash, w), original if w == width else _encode_webp(
                image.resize((w, max(1, round(height * w / width))), Image.Resampling.LANCZOS)))
        # Stored last: its presence means every variant is in place.
        storage.save(original_name(content_hash), original)
    return StoredImage(content_hash=content_hash, width=width, height=height, widths=widths)
