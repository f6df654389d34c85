"""The photo manager: add, reorder with buttons, choose the cover, delete; 8 at most; files cleaned up."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from listings import services
from listings.models import ListingPhoto
from tests.conftest import login
from tests.factories import ListingFactory

from .conftest import not_an_image, png


@pytest.fixture
def listing(alice):
    listing = ListingFactory(owner=alice)
    services.photo_add(
        listing=listing, user=alice, uploads=[png("a.png", colour="red"), png("b.png", colour="green"), png("c.png")]
    )
    return listing


def order(listing) -> list[str]:
    return [photo.thumbnail.name for photo in listing.photos.order_by("position")]


def act(client, listing, photo, action):
    return client.post(reverse("listings:photo_action", args=[listing.pk, photo.pk, action]))


def test_the_page_lists_the_photos(alice_client, listing):
    response = alice_client.get(reverse("listings:photos", args=[listing.pk]))
    assert response.content.decode().count('class="card photo-item"') == 3


def test_upload_adds_photos_after_the_others(alice_client, listing):
    alice_client.post(reverse("listings:photos", args=[listing.pk]), {"photos": [png("d.png")]})
    assert list(listing.photos.values_list("position", flat=True).order_by("position")) == [0, 1, 2, 3]


def test_move_down_swaps_with_the_next(alice_client, listing):
    before = order(listing)
    act(alice_client, listing, listing.photos.get(position=0), "down")
    assert order(listing) == [before[1], before[0], before[2]]


def test_move_up_swaps_with_the_previous(alice_client, listing):
    before = order(listing)
    act(alice_client, listing, listing.photos.get(position=2), "up")
    assert order(listing) == [before[0], before[2], before[1]]


def test_make_cover_puts_it_first_and_updates_the_card(alice_client, listing):
    last = listing.photos.get(position=2)
    act(alice_client, listing, last, "cover")
    listing.refresh_from_db()
    assert listing.cover_thumbnail == last.thumbnail.name


def test_delete_removes_the_row_and_the_files(alice_client, listing, django_capture_on_commit_callbacks):
    photo = listing.photos.get(position=0)
    with django_capture_on_commit_callbacks(execute=True):
        act(alice_client, listing, photo, "delete")
    assert not default_storage.exists(photo.image.name)
    assert list(listing.photos.values_list("position", flat=True).order_by("position")) == [0, 1]


def test_deleting_every_photo_clears_the_cover(alice, listing):
    for photo in list(listing.photos.all()):
        services.photo_delete(listing=listing, user=alice, photo_id=photo.pk)
    listing.refresh_from_db()
    assert listing.cover_thumbnail == ""


def test_a_ninth_photo_is_refused(alice, listing):
    services.photo_add(listing=listing, user=alice, uploads=[png(f"{i}.png") for i in range(5)])
    with pytest.raises(ValidationError):
        services.photo_add(listing=listing, user=alice, uploads=[png("9.png")])
    assert listing.photos.count() == 8


def test_the_upload_form_refuses_too_many(alice_client, listing):
    response = alice_client.post(
        reverse("listings:photos", args=[listing.pk]), {"photos": [png(f"{i}.png") for i in range(6)]}
    )
    assert "photos" in response.context["form"].errors


def test_a_bad_file_among_good_ones_keeps_nothing(alice, listing, _media_root):
    files_before = {path for path in _media_root.rglob("*") if path.is_file()}
    with pytest.raises(ValidationError):
        services.photo_add(listing=listing, user=alice, uploads=[png("ok.png"), not_an_image()])
    assert {path for path in _media_root.rglob("*") if path.is_file()} == files_before
    assert listing.photos.count() == 3


def test_the_upload_form_names_the_bad_file(alice_client, listing):
    response = alice_client.post(reverse("listings:photos", args=[listing.pk]), {"photos": [not_an_image()]})
    assert "notes.png" in response.context["form"].errors["photos"][0]


def test_a_stranger_gets_404_on_the_photo_page(client, bob, listing):
    assert login(client, bob).get(reverse("listings:photos", args=[listing.pk])).status_code == 404


def test_a_stranger_cannot_delete_a_photo(client, bob, listing):
    photo = listing.photos.first()
    response = act(login(client, bob), listing, photo, "delete")
    assert response.status_code == 404
    assert ListingPhoto.objects.filter(pk=photo.pk).exists()


def test_a_photo_of_another_listing_is_404(alice_client, alice, listing):
    other = ListingFactory(owner=alice)
    services.photo_add(listing=other, user=alice, uploads=[png()])
    response = act(alice_client, listing, other.photos.get(), "delete")
    assert response.status_code == 404


def test_the_listing_page_shows_display_images_and_thumbnails(client, listing):
    page = client.get(listing.get_absolute_url()).content.decode()
    cover = listing.photos.get(position=0)
    assert cover.image.url in page
    assert listing.photos.get(position=2).thumbnail.url in page


def test_the_gallery_works_without_javascript(client, listing):
    page = client.get(listing.get_absolute_url() + "?photo=2").content.decode()
    assert f'id="gallery-main" src="{listing.photos.get(position=2).image.url}"' in page


def test_the_chosen_thumbnail_is_marked_current(client, listing):
    page = client.get(listing.get_absolute_url() + "?photo=1").content.decode()
    second = listing.photos.get(position=1)
    assert f'<a href="?photo=1" data-display="{second.image.url}" aria-current="true">' in page
    assert page.count('aria-current="true"') == 1


def test_thumbnails_are_described_by_their_number(client, listing):
    page = client.get(listing.get_absolute_url()).content.decode()
    assert 'alt="Photo 1"' in page and 'alt="Photo 3"' in page


def test_an_out_of_range_photo_number_shows_the_last_one(client, listing):
    page = client.get(listing.get_absolute_url() + "?photo=99").content.decode()
    assert f'id="gallery-main" src="{listing.photos.get(position=2).image.url}"' in page


def test_a_single_photo_has_no_thumbnail_strip(client, alice):
    single = ListingFactory(owner=alice)
    services.photo_add(listing=single, user=alice, uploads=[png()])
    page = client.get(single.get_absolute_url()).content.decode()
    assert 'id="gallery-main"' in page and "gallery__thumbs" not in page


def test_a_listing_without_photos_shows_its_kind_icon(client, alice):
    page = client.get(ListingFactory(owner=alice).get_absolute_url()).content.decode()
    assert 'class="gallery__empty"><svg class="kind-icon"' in page


def test_stored_photos_have_no_metadata(alice):
    import io

    from PIL import Image

    listing = ListingFactory(owner=alice)
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.photo_add(listing=listing, user=alice, uploads=[SimpleUploadedFile("e.jpg", buffer.getvalue())])
    with default_storage.open(listing.photos.get().image.name) as stored:
        assert not Image.open(stored).getexif()
