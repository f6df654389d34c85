import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from accounts import images
from accounts.images import AVATAR_SIZES, LISTING_SIZES, MAX_UPLOAD_BYTES, delete_stored, store_image, validate_image

from .images import jpeg_bytes, jpeg_upload, mpo_bytes, photo_bytes, upload


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def open_stored(media: Path, name: str) -> Image.Image:
    return Image.open(media / name)


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (45.0, 45.0, 30.0)
    gps[3] = "E"
    gps[4] = (4.0, 50.0, 10.0)
    return exif


def test_a_jpeg_is_stored_in_two_sizes(_media_root):
    stored = store_image(jpeg_upload(size=(2400, 1800)), folder="listings", sizes=LISTING_SIZES)
    assert open_stored(_media_root, stored.display_name).size == (1600, 1200)
    assert open_stored(_media_root, stored.thumbnail_name).size == (480, 360)


def test_an_avatar_is_cropped_to_a_square(_media_root):
    stored = store_image(jpeg_upload(size=(900, 600)), folder="avatars", sizes=AVATAR_SIZES)
    assert open_stored(_media_root, stored.thumbnail_name).size == (128, 128)


def test_the_stored_copy_is_reencoded_under_a_generated_name(_media_root):
    stored = store_image(upload(jpeg_bytes(), name="../../etc/passwd.jpg"), folder="avatars", sizes=AVATAR_SIZES)
    assert stored.display_name.startswith("avatars/") and "passwd" not in stored.display_name
    assert open_stored(_media_root, stored.display_name).format == "WEBP"


def test_gps_and_every_exif_field_are_stripped(_media_root):
    data = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload really carries GPS
    stored = store_image(upload(data), folder="listings", sizes=LISTING_SIZES)
    for name in (stored.display_name, stored.thumbnail_name):
        reopened = open_stored(_media_root, name)
        assert not reopened.getexif()
        assert "exif" not in reopened.info


def test_the_exif_orientation_is_applied(_media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": a portrait photo stored as landscape
    stored = store_image(upload(jpeg_bytes(size=(400, 200), exif=exif)), folder="listings", sizes=LISTING_SIZES)
    assert open_stored(_media_root, stored.display_name).size == (200, 400)


def test_a_png_with_transparency_keeps_it(_media_root):
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (255, 0, 0, 0)).save(buffer, "PNG")
    stored = store_image(upload(buffer.getvalue(), "a.png", "image/png"), folder="x", sizes=LISTING_SIZES)
    assert open_stored(_media_root, stored.display_name).mode == "RGBA"


def test_a_text_file_named_jpg_is_rejected():
    with pytest.raises(ValidationError) as error:
        store_image(upload(b"not an image at all" * 100), folder="avatars", sizes=AVATAR_SIZES)
    assert error.value.code == "invalid"


def test_a_gif_is_rejected_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as error:
        validate_image(upload(buffer.getvalue(), "a.gif", "image/gif"))
    assert error.value.code == "bad_format"


def test_a_truncated_jpeg_is_rejected():
    data = jpeg_bytes(size=(800, 600), colour="orange")
    with pytest.raises(ValidationError) as error:
        store_image(upload(data[: len(data) // 2]), folder="avatars", sizes=AVATAR_SIZES)
    assert error.value.code == "invalid"


def test_a_50_megapixel_png_is_rejected_as_too_many_pixels():
    buffer = io.BytesIO()
    Image.new("1", (8000, 6250)).save(buffer, "PNG")  # 50 Mpx, a few kB on disk
    assert len(buffer.getvalue()) < 1_000_000
    with pytest.raises(ValidationError) as error:
        store_image(upload(buffer.getvalue(), "bomb.png", "image/png"), folder="avatars", sizes=AVATAR_SIZES)
    assert error.value.code == "too_big"


def test_a_file_over_10_mb_is_rejected_before_decoding():
    data = jpeg_bytes() + os.urandom(MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as error:
        store_image(upload(data), folder="avatars", sizes=AVATAR_SIZES)
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    "data",
    [b"garbage" * 10, jpeg_bytes()[:500], jpeg_bytes() + os.urandom(MAX_UPLOAD_BYTES)],
    ids=["non-image", "truncated", "oversized"],
)
def test_nothing_is_left_in_storage_after_a_rejection(_media_root, data):
    with pytest.raises(ValidationError):
        store_image(upload(data), folder="avatars", sizes=AVATAR_SIZES)
    assert stored_files(_media_root) == []


def test_a_failed_second_write_removes_the_first(_media_root, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    calls = []

    def save_then_fail(self, name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", save_then_fail)
    with pytest.raises(OSError):
        store_image(jpeg_upload(), folder="avatars", sizes=AVATAR_SIZES)
    assert stored_files(_media_root) == []


def test_delete_stored_removes_both_files_and_ignores_blanks(_media_root):
    stored = store_image(jpeg_upload(), folder="avatars", sizes=AVATAR_SIZES)
    delete_stored(stored.display_name, stored.thumbnail_name, "")
    assert stored_files(_media_root) == []


def test_validate_image_rewinds_the_upload_for_the_next_reader():
    file = jpeg_upload()
    validate_image(file)
    assert file.read(2) == b"\xff\xd8"


# --- Phones' formats: MPO, HEIC/HEIF, AVIF; each re-encoded like any photo, metadata stripped.


def _stored_display(media: Path, data: bytes, name: str) -> Image.Image:
    stored = store_image(upload(data, name), folder="listings", sizes=LISTING_SIZES)
    return open_stored(media, stored.display_name)


def test_an_mpo_from_a_phone_keeps_its_first_picture(_media_root):
    data = mpo_bytes(first="red", second="blue")
    assert Image.open(io.BytesIO(data)).format == "MPO"  # really a multi-picture file
    display = _stored_display(_media_root, data, "IMG_0042.JPG")
    assert display.convert("RGB").getpixel((10, 10))[0] > 200  # red, not blue


def test_an_mpo_is_stored_as_webp_without_its_exif(_media_root):
    display = _stored_display(_media_root, mpo_bytes(), "IMG_0042.JPG")
    assert (display.format, dict(display.getexif())) == ("WEBP", {})


def test_a_heic_from_an_iphone_is_stored_as_webp_without_gps(_media_root):
    data = photo_bytes("HEIF", size=(800, 600), exif=gps_exif().tobytes())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload really carries GPS
    display = _stored_display(_media_root, data, "IMG_1234.HEIC")
    assert (display.format, display.size, dict(display.getexif())) == ("WEBP", (800, 600), {})


def test_a_heic_taken_upright_stays_upright(_media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # a portrait taken with the phone held upright, stored as landscape
    display = _stored_display(_media_root, photo_bytes("HEIF", size=(400, 200), exif=exif.tobytes()), "IMG.HEIC")
    assert display.size == (200, 400)


def test_an_avif_is_stored_as_webp_without_gps(_media_root):
    data = photo_bytes("AVIF", size=(800, 600), exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    display = _stored_display(_media_root, data, "photo.avif")
    assert (display.format, display.size, dict(display.getexif())) == ("WEBP", (800, 600), {})


def test_a_large_jpeg_is_stored_at_the_display_size(_media_root):
    display = _stored_display(_media_root, jpeg_bytes(size=(6000, 4000)), "big.jpg")
    assert display.size == (1600, 1067)


def test_a_portrait_jpeg_large_enough_keeps_its_full_display_height(_media_root):
    exif = Image.Exif()
    exif[0x0112] = 6
    display = _stored_display(_media_root, jpeg_bytes(size=(6000, 4000), exif=exif), "portrait.jpg")
    assert display.size == (800, 1200)


@pytest.mark.parametrize("image_format", ["HEIF", "AVIF", "WEBP", "PNG", "JPEG"])
def test_each_format_has_its_pixel_limit(image_format, monkeypatch):
    monkeypatch.setitem(images.MAX_PIXELS, image_format, 1_000_000)  # the mechanism, at a size quick to encode
    data = photo_bytes(image_format, size=(1200, 1000))
    with pytest.raises(ValidationError) as error:
        validate_image(upload(data, "grand"))
    assert "1 mégapixels au maximum pour ce type de fichier" in error.value.messages[0]


def test_a_30_megapixel_jpeg_is_accepted_as_it_decodes_at_the_size_kept(_media_root):
    display = _stored_display(_media_root, jpeg_bytes(size=(6000, 5000)), "30mp.jpg")
    assert display.size == (1440, 1200)


def test_a_gif_is_refused_with_the_formats_we_take(_media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as error:
        validate_image(upload(buffer.getvalue(), "a.gif", "image/gif"))
    assert "JPEG, HEIC, PNG, WebP" in error.value.messages[0] or "JPEG, HEIC, PNG, WebP" in str(error.value)


def test_a_png_whose_pixels_are_damaged_is_refused_when_stored():
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\0" * 64  # inside the pixel data
    with pytest.raises(ValidationError) as error:
        store_image(upload(bytes(data), "abime.png", "image/png"), folder="x", sizes=LISTING_SIZES)
    assert error.value.code == "invalid"
