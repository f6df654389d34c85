"""The one place uploaded images are checked, cleaned and stored (avatars, circle pictures, listing photos).

Every upload is decoded by Pillow (never trusted by extension or content type), limited in
bytes and pixels, turned upright from its EXIF orientation, re-encoded without any metadata
(GPS included) and stored under a generated name, in a display size and a thumbnail.

Phones write JPEG, MPO (a JPEG with more pictures after the first: we keep the first), HEIC
(pillow-heif) and sometimes AVIF; screenshots are PNG or WebP. Checking an upload
(``inspect_image``) reads its header only; the pixels are decoded once, in
``prepare_image``, at the size we keep: a JPEG is decoded at 1/2, 1/4 or 1/8 of its size by
libjpeg itself (``draft``), other formats are decoded whole and halved by ``reduce`` before the
fine resize. Formats that cost more to decode get a lower pixel limit.
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
from pillow_heif import register_heif_opener

register_heif_opener()  # Pillow opens HEIC/HEIF files from now on (it reads AVIF itself)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Pixels accepted per format. JPEG decodes at the size we keep; the others decode every pixel,
# and HEIC, AVIF and WebP decode much slower than PNG (the measurements are in the commit that
# set these limits): one avatar or circle picture, stored in the request, stays under a second.
MAX_PIXELS = {
    "JPEG": 50_000_000,
    "MPO": 50_000_000,
    "PNG": 40_000_000,
    "WEBP": 24_000_000,
    "HEIF": 24_000_000,
    "AVIF": 24_000_000,
}
ACCEPTED_FORMATS = set(MAX_PIXELS)
DRAFTABLE_FORMATS = {"JPEG", "MPO"}
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = "webp"
OUTPUT_QUALITY = 82
# What an <input type="file"> asks the browser for (a phone sends its HEIC as it is).
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif"
# EXIF orientations that swap width and height (a portrait photo stored as landscape).
_QUARTER_TURNS = {5, 6, 7, 8}
_ORIENTATION = 0x0112


@dataclass(frozen=True)
class ImageSizes:
    display: tuple[int, int]
    thumbnail: tuple[int, int]
    square_thumbnail: bool = False


AVATAR_SIZES = ImageSizes(display=(512, 512), thumbnail=(128, 128), square_thumbnail=True)
CIRCLE_SIZES = ImageSizes(display=(1200, 800), thumbnail=(480, 320))
LISTING_SIZES = ImageSizes(display=(1600, 1200), thumbnail=(480, 360))


@dataclass(frozen=True)
class ImageInfo:
    """What the header of an accepted upload says."""

    format: str
    width: int
    height: int


@dataclass(frozen=True)
class PreparedImage:
    """Both sizes, encoded and bare of metadata, ready to store."""

    display: bytes
    thumbnail: bytes
    width: int
    height: int


@dataclass(frozen=True)
class StoredImage:
    display_name: str
    thumbnail_name: str
    width: int
    height: int


def _too_large() -> ValidationError:
    return ValidationError(_("This file is too large (10 MB at most)."), code="too_large")


def _damaged() -> ValidationError:
    return ValidationError(_("This file is not a valid image, or it is damaged."), code="invalid")


def _too_many_pixels(image_format: str) -> ValidationError:
    return ValidationError(
        _("This image has too many pixels (%(megapixels)s megapixels at most for this kind of file)."),
        params={"megapixels": MAX_PIXELS[image_format] // 1_000_000},
        code="too_big",
    )


def read_upload(upload: object) -> bytes:
    """The upload's bytes, refused past ``MAX_UPLOAD_BYTES`` before anything is decoded."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large()
    upload.seek(0)  # type: ignore[attr-defined]
    data: bytes = upload.read(MAX_UPLOAD_BYTES + 1)  # type: ignore[attr-defined]
    upload.seek(0)  # type: ignore[attr-defined]
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large()
    return data


def inspect_image(data: bytes) -> ImageInfo:
    """Read the header only: refuse what is not an accepted image, or has too many pixels.

    Cheap whatever the image (no pixel is decoded), so a form can check every upload at once;
    ``prepare_image`` still refuses a file whose pixels turn out to be damaged.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            image_format = probe.format or ""
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a photo in JPEG, HEIC, PNG, WebP or AVIF."), code="bad_format")
            width, height = probe.size
            if width * height > MAX_PIXELS[image_format]:
                raise _too_many_pixels(image_format)
            if image_format == "PNG":
                probe.verify()  # the checksum of every chunk, without inflating the pixels
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels("PNG") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc
    return ImageInfo(image_format, width, height)


def _fitted(size: tuple[int, int], box: tuple[int, int], *, square: bool) -> tuple[int, int]:
    """The size ``size`` shrinks to in ``box`` (covering it when the result is cropped to a square)."""
    width, height = size
    scales = (box[0] / width, box[1] / height)
    scale = min(1.0, max(scales) if square else min(scales))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decode(data: bytes, sizes: ImageSizes) -> Image.Image:
    """Decode once, upright, at no more than twice the display size (for a clean final resize)."""
    image = Image.open(io.BytesIO(data))
    orientation = image.getexif().get(_ORIENTATION, 1)
    upright = image.size[::-1] if orientation in _QUARTER_TURNS else image.size
    target = _fitted(upright, sizes.display, square=sizes.square_thumbnail)
    if image.format in DRAFTABLE_FORMATS:
        wanted = (target[0] * 2, target[1] * 2)
        # libjpeg picks the smallest of 1, 1/2, 1/4, 1/8 that stays at least this large.
        image.draft("RGB", wanted[::-1] if orientation in _QUARTER_TURNS else wanted)
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # nothing to copy when it is already upright
    factor = min(image.width // (target[0] * 2), image.height // (target[1] * 2))
    return image.reduce(factor) if factor > 1 else image


def _bare(image: Image.Image) -> Image.Image:
    """Only the pixels, in RGB or RGBA: no EXIF, GPS, ICC profile, comment or palette."""
    mode = "RGBA" if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info else "RGB"
    pixels = image.convert(mode)
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    return bare


def _resized(image: Image.Image, box: tuple[int, int], square: bool) -> Image.Image:
    if square:
        return ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    size = _fitted(image.size, box, square=False)
    return image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, OUTPUT_FORMAT, quality=OUTPUT_QUALITY, method=4)
    return buffer.getvalue()


def prepare_image(data: bytes, *, sizes: ImageSizes) -> PreparedImage:
    """Check, decode, turn upright, strip and encode ``data`` in its two sizes.

    Raises ValidationError with a message fit for a form (not an image, damaged, too many pixels).
    """
    inspect_image(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            clean = _bare(_decode(data, sizes))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels("PNG") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc
    display = _resized(clean, sizes.display, square=sizes.square_thumbnail)
    # From the display size, which is already clean and small: the same thumbnail, for less.
    thumbnail = _resized(display, sizes.thumbnail, square=sizes.square_thumbnail)
    return PreparedImage(_encode(display), _encode(thumbnail), display.width, display.height)


def validate_image(upload: object) -> None:
    """Raise ValidationError unless ``upload`` looks like an image :func:`store_image` accepts.

    Only the header is read: forms check every upload at once for the price of a few bytes.
    """
    inspect_image(read_upload(upload))


def store_prepared(prepared: PreparedImage, *, folder: str) -> StoredImage:
    """Store both sizes under a generated name; if the second write fails the first is removed."""
    stem = f"{folder.strip('/')}/{uuid.uuid4().hex}"
    display_name = default_storage.save(f"{stem}.{OUTPUT_EXTENSION}", ContentFile(prepared.display))
    try:
        thumbnail_name = default_storage.save(f"{stem}_thumb.{OUTPUT_EXTENSION}", ContentFile(prepared.thumbnail))
    except Exception:
        default_storage.delete(display_name)
        raise
    return StoredImage(display_name, thumbnail_name, prepared.width, prepared.height)


def store_image(upload: object, *, folder: str, sizes: ImageSizes) -> StoredImage:
    """Check, clean and store an upload; return the storage names of its two sizes.

    Raises ValidationError with a message fit for a form. Nothing is stored unless both sizes
    were encoded.
    """
    return store_prepared(prepare_image(read_upload(upload), sizes=sizes), folder=folder)


def delete_stored(*names: str) -> None:
    """Remove stored files by name, ignoring blanks (used when an image is replaced or deleted)."""
    for name in names:
        if name:
            default_storage.delete(name)
