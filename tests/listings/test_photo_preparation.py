"""Photos are prepared by a worker: the page that receives them only checks and keeps them.

Tests elsewhere run tasks eagerly (the photos are there at once); here the tasks wait for
the worker, as in production, and the test plays the worker.
"""

import datetime
import io
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from listings import services
from listings.models import ListingPhoto, PendingPhoto
from listings.tasks import prepare_photos, prepare_waiting_photos
from tests.factories import ListingFactory

from .conftest import png


@pytest.fixture(autouse=True)
def _worker_not_eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.fixture
def listing(alice):
    return ListingFactory(owner=alice)


def _upload(client, listing, *files):
    return client.post(reverse("listings:photos", args=[listing.pk]), {"photos": list(files)})


def _page(client, listing) -> str:
    return client.get(reverse("listings:photos", args=[listing.pk])).content.decode()


def _damaged_jpeg(name: str = "abimee.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue()[:1500], content_type="image/jpeg")  # header whole, pixels cut


def test_the_page_keeps_the_photos_for_the_worker(alice_client, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = _upload(alice_client, listing, png("a.png"), png("b.png"))
    assert response.status_code == 302
    assert (PendingPhoto.objects.filter(listing=listing).count(), listing.photos.count()) == (2, 0)


def test_the_owner_is_told_the_photos_are_being_prepared(alice_client, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(alice_client, listing, png("a.png"), png("b.png"))
    assert "2 photos sont en préparation" in _page(alice_client, listing)


def test_the_worker_stores_them_and_sets_the_cover(alice_client, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(alice_client, listing, png("a.png"), png("b.png"))
    prepare_photos(listing.pk)
    listing.refresh_from_db()
    assert list(listing.photos.values_list("position", flat=True)) == [0, 1]
    assert listing.cover_thumbnail == listing.photos.get(position=0).thumbnail.name
    assert not PendingPhoto.objects.exists()


def test_the_worker_is_asked_once_the_change_is_saved(alice_client, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(alice_client, listing, png("a.png"))
    assert len(callbacks) == 1


def test_a_photo_whose_pixels_are_damaged_is_explained_to_its_owner(
    alice_client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(alice_client, listing, _damaged_jpeg(), png("ok.png"))
    prepare_photos(listing.pk)
    page = _page(alice_client, listing)
    assert "pas pu être utilisée : abimee.jpg" in page
    assert listing.photos.count() == 1


def test_a_refused_photo_is_explained_once_and_keeps_none_of_its_bytes(
    alice_client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(alice_client, listing, _damaged_jpeg())
    prepare_photos(listing.pk)
    assert bytes(PendingPhoto.objects.get().data) == b""
    _page(alice_client, listing)
    assert "abimee.jpg" not in _page(alice_client, listing)


def test_photos_being_prepared_count_towards_the_eight(alice_client, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(alice_client, listing, *[png(f"{n}.png") for n in range(5)])
    response = _upload(alice_client, listing, *[png(f"{n}.png") for n in range(4)])
    assert "photos" in response.context["form"].errors


def test_photos_left_waiting_are_prepared_by_the_periodic_task(alice, listing):
    services.photo_add(listing=listing, user=alice, uploads=[png("a.png")])  # its task never ran
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        prepare_waiting_photos()
    assert listing.photos.count() == 1


def test_a_second_run_adds_nothing_more(alice, listing):
    services.photo_add(listing=listing, user=alice, uploads=[png("a.png"), png("b.png")])
    prepare_photos(listing.pk)
    prepare_photos(listing.pk)
    assert ListingPhoto.objects.filter(listing=listing).count() == 2


def test_a_photo_of_a_listing_deleted_meanwhile_is_dropped(alice, django_capture_on_commit_callbacks):
    draft = ListingFactory(owner=alice, status="draft", published_at=None)
    services.photo_add(listing=draft, user=alice, uploads=[png("a.png")])
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_delete_draft(listing=draft, user=alice)
    assert (prepare_photos(draft.pk), PendingPhoto.objects.count()) == (0, 0)


def test_the_upload_works_with_the_broker_down(alice_client, listing, monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(prepare_photos, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(alice_client, listing, png("a.png"))
    assert response.status_code == 302
    assert PendingPhoto.objects.filter(listing=listing).count() == 1


def test_eight_40_megapixel_photos_cost_the_page_little_time(alice_client, listing, django_capture_on_commit_callbacks):
    """The audit's case: eight PNG photos of 40 megapixels, small on disk, that held a web worker for seconds."""
    buffer = io.BytesIO()
    Image.new("RGB", (7296, 5472), (230, 225, 210)).save(buffer, "PNG")
    files = [SimpleUploadedFile(f"{n}.png", buffer.getvalue(), content_type="image/png") for n in range(8)]
    started = time.process_time()
    with django_capture_on_commit_callbacks(execute=False):
        response = _upload(alice_client, listing, *files)
    assert response.status_code == 302
    assert time.process_time() - started < 1.0  # the test client's own work included
