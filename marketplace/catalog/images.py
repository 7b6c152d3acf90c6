"""Photos: judged by decoding, cleaned of metadata, stored by content hash as WebP variants.

Every photo goes through `process_image`, whether a seller uploads it from a phone or the
demo data draws it: the same rules, the same files.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.catalog.media import get_storage
from marketplace.errors import DomainError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
WEBP_QUALITY = 78


class InvalidImage(DomainError):
    """The file is not a photo we accept; nothing was stored."""


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


def _open_checked(data: bytes) -> Image.Image:
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    max_pixels = current_app.config["MAX_IMAGE_PIXELS"]
    if len(data) > max_bytes:
        raise InvalidImage(_("The file is larger than %(mb)d MB.", mb=max(1, max_bytes // (1024 * 1024))))
    try:
        with warnings.catch_warnings():
            # Pillow warns on large images before its own limit; our limit below is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise InvalidImage(_("The file is not a JPEG, PNG or WebP image.")) from None
    if image.format not in ACCEPTED_FORMATS:
        raise InvalidImage(_("The file is not a JPEG, PNG or WebP image."))
    width, height = image.size
    # Judged from the header before decoding: a tiny file can declare a huge image.
    if width < 1 or height < 1 or width * height > max_pixels:
        raise InvalidImage(_("The image is larger than %(mp)d megapixels.", mp=max_pixels // 1_000_000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise InvalidImage(_("The image file is damaged or incomplete.")) from None
    return image


def _clean(image: Image.Image) -> Image.Image:
    """Apply EXIF orientation, then drop every piece of metadata (GPS included)."""
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    clean = image.convert(mode)
    clean.info = {}
    return clean


def _encode_webp(image: Image.Image, lossless: bool = False) -> bytes:
    out = io.BytesIO()
    # No exif/icc/xmp arguments: nothing of the source's metadata is written.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, lossless=lossless)
    return out.getvalue()


def process_image(data: bytes) -> StoredImage:
    """Validate, clean and store a photo; return what a ProductImage row needs."""
    image = _clean(_open_checked(data))
    width, height = image.size
    original = _encode_webp(image, lossless=False)
    content_hash = hashlib.sha256(original).hexdigest()
    storage = get_storage()
    configured = sorted(current_app.config["IMAGE_WIDTHS"])
    widths = tuple(w for w in configured if w < width) + (min(width, configured[-1]),)
    widths = tuple(sorted(set(widths)))
    if not storage.exists(original_name(content_hash)):
        for w in widths:
            resized = image if w == width else image.resize(
                (w, max(1, round(height * w / width))), Image.Resampling.LANCZOS
            )
            storage.save(variant_name(content_hash, w), _encode_webp(resized))
        # Stored last: its presence means every variant is in place.
        storage.save(original_name(content_hash), original)
    return StoredImage(content_hash=content_hash, width=width, height=height, widths=widths)
