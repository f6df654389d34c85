"""A request's body is capped before Django reads it; too large gets a page that says so (413)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from listings.models import ListingPhoto, PendingPhoto
from marketplace.uploads import RequestBodyTooLarge
from tests.conftest import login
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def _photo(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff" + b"\0" * size, content_type="image/jpeg")


class CountingStream(io.BytesIO):
    """A request's input that remembers how much of it was read."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


def test_photos_over_the_limit_get_the_too_large_page(client, alice, settings):
    settings.MAX_REQUEST_BODY_BYTES = 100_000
    listing = ListingFactory(owner=alice)
    response = login(client, alice).post(
        reverse("listings:photos", args=[listing.pk]), {"photos": [_photo("a.jpg", 60_000), _photo("b.jpg", 60_000)]}
    )
    assert response.status_code == 413
    assert "Ce que vous avez envoyé est trop lourd" in response.content.decode()
    assert not PendingPhoto.objects.exists() and not ListingPhoto.objects.exists()


def test_a_body_over_the_limit_is_refused_before_a_byte_of_it_is_read(settings):
    settings.MAX_REQUEST_BODY_BYTES = 100_000
    body = encode_multipart(BOUNDARY, {"photos": [_photo("a.jpg", 150_000)]})
    stream = CountingStream(body)
    environ = RequestFactory()._base_environ(REQUEST_METHOD="POST", CONTENT_TYPE=MULTIPART_CONTENT)
    request = WSGIRequest({**environ, "wsgi.input": stream, "CONTENT_LENGTH": str(len(body))})
    with pytest.raises(RequestBodyTooLarge):
        request.POST  # noqa: B018 — reading the form is what parses the body
    assert stream.read_bytes == 0


def test_photos_within_the_limit_are_taken(client, alice, settings):
    from tests.listings.conftest import png

    settings.MAX_REQUEST_BODY_BYTES = 100_000
    listing = ListingFactory(owner=alice)
    response = login(client, alice).post(reverse("listings:photos", args=[listing.pk]), {"photos": [png("a.png")]})
    assert response.status_code == 302


def test_a_form_without_files_over_a_megabyte_gets_the_too_large_page(client, alice, bob):
    from bookings.services import conversation_ask
    from tests.factories import BookableListingFactory

    thread = conversation_ask(listing=BookableListingFactory(owner=alice), member=bob, body="Bonjour")
    response = login(client, bob).post(reverse("bookings:conversation", args=[thread.pk]), {"body": "x" * 1_100_000})
    assert response.status_code == 413
