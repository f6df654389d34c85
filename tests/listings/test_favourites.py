"""Favourites: save, remove, list; never your own listing."""

from django.urls import reverse

from listings.models import Favourite
from tests.conftest import login
from tests.factories import ListingFactory


def test_member_saves_a_listing(client, alice, bob):
    listing = ListingFactory(owner=alice)
    login(client, bob).post(reverse("listings:favourite", args=[listing.pk]))
    assert Favourite.objects.filter(user=bob, listing=listing).exists()


def test_saving_twice_keeps_one_favourite(client, alice, bob):
    listing = ListingFactory(owner=alice)
    login(client, bob)
    client.post(reverse("listings:favourite", args=[listing.pk]))
    client.post(reverse("listings:favourite", args=[listing.pk]))
    assert Favourite.objects.filter(user=bob).count() == 1


def test_member_removes_a_favourite(client, alice, bob):
    listing = ListingFactory(owner=alice)
    Favourite.objects.create(user=bob, listing=listing)
    login(client, bob).post(reverse("listings:favourite", args=[listing.pk]), {"remove": "1"})
    assert not Favourite.objects.exists()


def test_owner_cannot_save_their_own_listing(alice_client, alice):
    listing = ListingFactory(owner=alice)
    alice_client.post(reverse("listings:favourite", args=[listing.pk]))
    assert not Favourite.objects.exists()


def test_anonymous_visitor_is_asked_to_log_in(client, alice):
    listing = ListingFactory(owner=alice)
    response = client.post(reverse("listings:favourite", args=[listing.pk]))
    assert response.status_code == 302
    assert not Favourite.objects.exists()


def test_favourites_page_lists_them(client, alice, bob):
    listing = ListingFactory(owner=alice, title="Raclette 8 personnes")
    Favourite.objects.create(user=bob, listing=listing)
    assert "Raclette 8 personnes" in login(client, bob).get(reverse("listings:favourites")).content.decode()


def test_favourites_page_shows_only_mine(client, alice, bob, charlie):
    Favourite.objects.create(user=charlie, listing=ListingFactory(owner=alice, title="Raclette"))
    assert "Raclette" not in login(client, bob).get(reverse("listings:favourites")).content.decode()


def test_a_closed_favourite_stays_listed_with_its_status(client, alice, bob):
    Favourite.objects.create(user=bob, listing=ListingFactory(owner=alice, title="Vendu", status="closed"))
    page = login(client, bob).get(reverse("listings:favourites")).content.decode()
    assert "Vendu" in page


def test_the_listing_page_shows_the_saved_state(client, alice, bob):
    listing = ListingFactory(owner=alice)
    Favourite.objects.create(user=bob, listing=listing)
    page = login(client, bob).get(listing.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page


def test_favouriting_rejects_get(client, alice, bob):
    listing = ListingFactory(owner=alice)
    assert login(client, bob).get(reverse("listings:favourite", args=[listing.pk])).status_code == 405


def test_next_must_stay_on_the_site(client, alice, bob):
    listing = ListingFactory(owner=alice)
    response = login(client, bob).post(
        reverse("listings:favourite", args=[listing.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == listing.get_absolute_url()
