"""The one place uploaded images are checked, cleaned and stored (avatars, circle pictures, listing photos).

Every upload is decoded by Pillow (never trusted by extension or content type), limited in
bytes and pixels, turned upright from its EXIF orientation, re-encoded without any metadata
(GPS included) and stored under a generated name, in a display size and a thumbnail.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = "webp"
OUTPUT_QUALITY = 82


@dataclass(frozen=True)
class ImageSizes:
    display: tuple[int, int]
    thumbnail: tuple[int, int]
    square_thumbnail: bool = False


AVATAR_SIZES = ImageSizes(display=(512, 512), thumbnail=(128, 128), square_thumbnail=True)
CIRCLE_SIZES = ImageSizes(display=(1200, 800), thumbnail=(480, 320))
LISTING_SIZES = ImageSizes(display=(1600, 1200), thumbnail=(480, 360))


@dataclass(frozen=True)
class StoredImage:
    display_name: str
    thumbnail_name: str
    width: int
    height: int


def _open_verified(upload: object) -> Image.Image:
    """Decode the whole file, refusing anything that is not a complete JPEG, PNG or WebP."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This file is too large (10 MB at most)."), code="too_large")
    data = upload.read()  # type: ignore[attr-defined]
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This file is too large (10 MB at most)."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="bad_format")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("This image has too many pixels (40 megapixels at most)."), code="too_big")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("This image has too many pixels (40 megapixels at most)."), code="too_big") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not a valid image, or it is damaged."), code="invalid") from exc
    return image


def _clean(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, then keep only the pixels (no EXIF, GPS, ICC or comments)."""
    upright = ImageOps.exif_transpose(image)
    mode = "RGBA" if upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info else "RGB"
    pixels = upright.convert(mode)
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    return bare


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, OUTPUT_FORMAT, quality=OUTPUT_QUALITY, method=4)
    return buffer.getvalue()


def _resized(image: Image.Image, box: tuple[int, int], square: bool) -> Image.Image:
    if square:
        return ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    copy = image.copy()
    copy.thumbnail(box, Image.Resampling.LANCZOS)
    return copy


def validate_image(upload: object) -> None:
    """Raise ValidationError unless ``upload`` would be accepted by :func:`store_image`."""
    _open_verified(upload)
    upload.seek(0)  # type: ignore[attr-defined]


def store_image(upload: object, *, folder: str, sizes: ImageSizes) -> StoredImage:
    """Check, clean and store an upload; return the storage names of its two sizes.

    Raises ValidationError with a message fit for a form. Nothing is stored unless both sizes
    were encoded, and if the second write fails the first is removed.
    """
    cleaned = _clean(_open_verified(upload))
    display = _resized(cleaned, sizes.display, square=sizes.square_thumbnail)
    thumbnail = _resized(cleaned, sizes.thumbnail, square=sizes.square_thumbnail)
    display_bytes, thumbnail_bytes = _encode(display), _encode(thumbnail)
    stem = f"{folder.strip('/')}/{uuid.uuid4().hex}"
    display_name = default_storage.save(f"{stem}.{OUTPUT_EXTENSION}", ContentFile(display_bytes))
    try:
        thumbnail_name = default_storage.save(f"{stem}_thumb.{OUTPUT_EXTENSION}", ContentFile(thumbnail_bytes))
    except Exception:
        default_storage.delete(display_name)
        raise
    return StoredImage(display_name, thumbnail_name, display.width, display.height)


def delete_stored(*names: str) -> None:
    """Remove stored files by name, ignoring blanks (used when an image is replaced or deleted)."""
    for name in names:
        if name:
            default_storage.delete(name)
