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
