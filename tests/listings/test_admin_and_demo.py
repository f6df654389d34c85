"""The admin pages load, and the demo seeds believable listings once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from listings.models import Listing
from tests.conftest import login
from tests.factories import ListingFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    return login(client, UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize("model", ["listing", "category", "favourite"])
def test_admin_changelists_load(admin_client, model):
    ListingFactory()
    assert admin_client.get(reverse(f"admin:listings_{model}_changelist")).status_code == 200


def test_admin_filters_and_searches_listings(admin_client):
    ListingFactory(title="Perceuse")
    response = admin_client.get(reverse("admin:listings_listing_changelist") + "?kind__exact=lend&q=perce")
    assert "Perceuse" in response.content.decode()


def test_admin_listing_page_has_the_photo_inline(admin_client):
    listing = ListingFactory()
    assert "photos" in admin_client.get(reverse("admin:listings_listing_change", args=[listing.pk])).content.decode()


def test_demo_seeds_listings_of_every_kind_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = Listing.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    kinds = set(Listing.objects.values_list("kind", "intent").distinct())
    assert first >= 200
    assert Listing.objects.count() == first
    assert len(kinds) == 10


def test_admin_shows_photos_without_deleting_or_reordering_them(admin_client, alice):
    from listings import services

    from .conftest import png

    listing = ListingFactory(owner=alice)
    services.photo_add(listing=listing, user=alice, uploads=[png()])
    page = admin_client.get(reverse("admin:listings_listing_change", args=[listing.pk])).content.decode()
    assert "photos-TOTAL_FORMS" in page
    assert 'name="photos-0-DELETE"' not in page and 'name="photos-0-position"' not in page


def test_the_admin_refuses_a_title_with_a_line_break_too(admin_client):
    listing = ListingFactory(title="Perceuse")
    url = reverse("admin:listings_listing_change", args=[listing.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "circles"}
    response = admin_client.post(url, data | {"title": "Perceuse\nBcc: x"})
    assert "title" in response.context["adminform"].form.errors
    assert Listing.objects.get(pk=listing.pk).title == "Perceuse"
