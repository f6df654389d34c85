"""Pages make as many queries for 24 results as for 1."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings import services
from listings.models import Favourite
from tests.conftest import login
from tests.factories import ListingFactory, UserFactory

from .conftest import make_circle, png


def count_queries(client, url: str) -> int:
    """The queries of a page drawn from scratch: with an empty cache (what it keeps is counted)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def viewer(client, alice, bob):
    """Bob, logged in, in a circle with alice (whose listings he sees)."""
    make_circle("Résidence Les Tilleuls", alice, bob)
    make_circle("Club de foot", bob)
    make_circle("École Jean Macé", bob)
    return login(client, bob)


def listings_of(alice, circle_too: bool, count: int) -> None:
    circle = alice.memberships.first().circle if circle_too else None
    for index in range(count):
        owner = alice if index % 2 else UserFactory()
        listing = ListingFactory(
            owner=owner, title=f"Perceuse {index}", circles=[circle] if circle and owner == alice else None
        )
        if index < 3:
            services.photo_add(listing=listing, user=owner, uploads=[png()])


@pytest.mark.parametrize(
    "url",
    [
        reverse("listings:search"),
        reverse("listings:search") + "?q=perceuse",
        reverse("listings:search") + "?q=perceuse&kind=lend&category=tools-diy&max_price=20&sort=newest",
        reverse("home"),
        reverse("listings:category", args=["tools-diy"]),
    ],
)
def test_browsing_pages_do_not_grow_with_results(viewer, alice, url):
    listings_of(alice, circle_too=True, count=1)
    one = count_queries(viewer, url)
    listings_of(alice, circle_too=True, count=30)
    many = count_queries(viewer, url)
    assert one == many
    assert many <= 10


@pytest.mark.parametrize("url", [reverse("listings:search") + "?q=perceuse", reverse("home")])
def test_anonymous_browsing_does_not_grow_with_results(client, alice, url):
    ListingFactory(owner=alice, title="Perceuse 0")
    one = count_queries(client, url)
    ListingFactory.create_batch(30, owner=alice, title="Perceuse")
    assert count_queries(client, url) == one <= 10


def test_my_listings_does_not_grow_with_results(alice_client, alice):
    ListingFactory(owner=alice)
    one = count_queries(alice_client, reverse("listings:mine"))
    for status in ("draft", "paused", "reserved", "closed"):
        ListingFactory.create_batch(6, owner=alice, status=status)
    many = count_queries(alice_client, reverse("listings:mine"))
    assert one == many <= 10


def test_favourites_page_does_not_grow_with_results(viewer, bob, alice):
    Favourite.objects.create(user=bob, listing=ListingFactory(owner=alice))
    one = count_queries(viewer, reverse("listings:favourites"))
    for listing in ListingFactory.create_batch(24, owner=alice):
        Favourite.objects.create(user=bob, listing=listing)
    assert count_queries(viewer, reverse("listings:favourites")) == one <= 10


def test_listing_page_stays_within_12_queries(viewer, alice):
    listing = ListingFactory(owner=alice)
    services.photo_add(listing=listing, user=alice, uploads=[png() for _ in range(8)])
    assert count_queries(viewer, listing.get_absolute_url()) <= 12


def test_listing_page_for_its_owner_stays_within_12_queries(alice_client, alice):
    circle = make_circle("Résidence Les Tilleuls", alice)
    listing = ListingFactory(owner=alice, circles=[circle])
    assert count_queries(alice_client, listing.get_absolute_url()) <= 12


def test_a_listing_without_photos_spares_the_photo_query(viewer, alice):
    with_photos, without = ListingFactory(owner=alice), ListingFactory(owner=alice)
    services.photo_add(listing=with_photos, user=alice, uploads=[png()])
    assert (
        count_queries(viewer, without.get_absolute_url()) == count_queries(viewer, with_photos.get_absolute_url()) - 1
    )


def test_the_listing_page_shows_every_photo_in_order(viewer, alice):
    listing = ListingFactory(owner=alice)
    first, second = services.photo_add(listing=listing, user=alice, uploads=[png(), png(colour="red")])
    page = viewer.get(listing.get_absolute_url()).content.decode()
    assert page.index(first.thumbnail.url) < page.index(second.thumbnail.url)
