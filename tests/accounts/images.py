"""Image fixtures built in memory with Pillow, shared by the accounts tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(size: tuple[int, int] = (300, 200), colour: str = "teal", exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", exif=exif or Image.Exif())
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_upload(**kwargs) -> SimpleUploadedFile:
    return upload(jpeg_bytes(**kwargs))


def photo_bytes(image_format: str, size: tuple[int, int] = (640, 480), colour: str = "teal", **options) -> bytes:
    """A real file in ``image_format`` (pillow-heif writes HEIF, Pillow the others)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format, **options)
    return buffer.getvalue()


def mpo_bytes(first: str = "red", second: str = "blue", size: tuple[int, int] = (640, 480)) -> bytes:
    """A multi-picture JPEG, as phones write for depth or bursts: ``first`` is the picture shown."""
    buffer = io.BytesIO()
    Image.new("RGB", size, first).save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", size, second)])
    return buffer.getvalue()
