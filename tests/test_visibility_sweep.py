"""One rule decides who may see a listing, and every page that can mention one keeps to it.

The sweep: every page that can show a listing's title (lists, the listing page, favourites,
profiles and their reviews, the trust page, a circle's page), tried by each member of the cast.
A circle-only listing, a draft, a listing hidden by the moderators and a suspended owner's
listing must appear on no page its viewer may not see; a public one is the control.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from moderation.services import listing_hide, member_suspend
from tests.conftest import login
from tests.factories import (
    FavouriteFactory,
    ListingFactory,
    ModeratorFactory,
    ReviewFactory,
    UserFactory,
)
from tests.listings.conftest import make_circle

pytestmark = pytest.mark.django_db

CIRCLE_ONLY, DRAFT, HIDDEN, SUSPENDED, PUBLIC = (
    "Trésor réservé au cercle",
    "Trésor encore brouillon",
    "Trésor masqué par les modérateurs",
    "Trésor d'un membre suspendu",
    "Trésor visible de tous",
)


def _reviewed(listing: Listing, requester) -> None:
    """A completed exchange about ``listing``, reviewed both ways (its title may show as "About: …")."""
    from bookings.models import Booking

    booking = Booking.objects.create(
        listing=listing,
        kind=listing.kind,
        owner=listing.owner,
        requester=requester,
        state="completed",
        completed_at=timezone.now(),
    )
    now = timezone.now()
    ReviewFactory(booking=booking, author=requester, published_at=now)
    ReviewFactory(booking=booking, author=listing.owner, published_at=now)


@pytest.fixture
def world(db):
    """alice owns the listings, bob shares her circle, charlie is a stranger, dave is suspended."""
    alice = UserFactory(first_name="Alice", last_name="Martin")
    bob = UserFactory(first_name="Bob", last_name="Bernard")
    charlie = UserFactory(first_name="Charlie", last_name="Petit")
    dave = UserFactory(first_name="Dave", last_name="Durand")
    eve = UserFactory(first_name="Eve", last_name="Leroy")  # took part in every exchange
    moderator = ModeratorFactory(first_name="Modeste", last_name="Garde")
    circle = make_circle("Tilleuls", alice, bob, eve, admin=alice)
    listings = {
        CIRCLE_ONLY: ListingFactory(owner=alice, title=CIRCLE_ONLY, circles=[circle]),
        DRAFT: ListingFactory(owner=alice, title=DRAFT, status="draft", published_at=None),
        HIDDEN: ListingFactory(owner=alice, title=HIDDEN),
        SUSPENDED: ListingFactory(owner=dave, title=SUSPENDED),
        PUBLIC: ListingFactory(owner=alice, title=PUBLIC),
    }
    for title in (CIRCLE_ONLY, HIDDEN, SUSPENDED, PUBLIC):
        _reviewed(listings[title], eve)
    for member in (bob, charlie, moderator):  # saved while they could see them
        for title in (HIDDEN, SUSPENDED, PUBLIC):
            FavouriteFactory(user=member, listing=listings[title])
    listing_hide(moderator=moderator, listing_id=listings[HIDDEN].pk, reason="Photo trompeuse.")
    member_suspend(moderator=moderator, member_id=dave.pk, reason="Comportement abusif.")
    return {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "dave": dave,
        "moderator": moderator,
        "visitor": AnonymousUser(),
        "circle": circle,
        "listings": listings,
    }


# Who may see what: the rule, said once more in plain words for the sweep.
MAY_SEE = {
    "alice": {CIRCLE_ONLY, DRAFT, HIDDEN, PUBLIC},  # her own, in any status
    "bob": {CIRCLE_ONLY, PUBLIC},  # her circle's
    "charlie": {PUBLIC},
    "moderator": {PUBLIC},  # on the site, a moderator is a member like any other (the admin is apart)
    "dave": {PUBLIC},  # suspended: signed out on his first request, then a visitor
    "visitor": {PUBLIC},
}


def _pages(world) -> list[str]:
    alice, dave, circle = world["alice"], world["dave"], world["circle"]
    pages = [
        reverse("home"),
        reverse("listings:search"),
        reverse("listings:search") + "?q=tresor",
        reverse("listings:search") + "?q=tresor&sort=price_asc",
        reverse("listings:search") + f"?circle={circle.pk}",
        reverse("listings:category", args=["power-tools"]),
        reverse("listings:category", args=["tools-diy"]),
        reverse("listings:favourites"),
        reverse("accounts:profile", args=[alice.pk]),
        reverse("accounts:profile", args=[dave.pk]),
        reverse("circles:detail", args=[circle.slug]),
    ]
    pages += [listing.get_absolute_url() for listing in world["listings"].values()]
    return pages


def _client_for(world, name: str) -> Client:
    client = Client()
    if name != "visitor":
        login(client, world[name])
    return client


@pytest.mark.parametrize("name", list(MAY_SEE))
def test_no_page_shows_a_listing_its_viewer_may_not_see(world, name):
    client = _client_for(world, name)
    hidden_from_them = set(world["listings"]) - MAY_SEE[name]
    leaks = []
    for url in _pages(world):
        html = client.get(url).content.decode()
        leaks += [(url, title) for title in hidden_from_them if title in html]
    assert leaks == []


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "moderator", "visitor"])
def test_the_listing_pages_answer_404_to_whoever_may_not_see_them(world, name):
    client = _client_for(world, name)
    statuses = {
        title: client.get(listing.get_absolute_url()).status_code for title, listing in world["listings"].items()
    }
    assert {title for title, status in statuses.items() if status == 200} == MAY_SEE[name]


def test_the_sweep_sees_what_each_may_see(world):
    """The control: the sweep would notice a title (search, the reviews' "About: …")."""
    search = reverse("listings:search") + "?q=tresor"
    assert CIRCLE_ONLY in _client_for(world, "bob").get(search).content.decode()
    assert PUBLIC in _client_for(world, "visitor").get(search).content.decode()
    trust_page = _client_for(world, "bob").get(reverse("accounts:profile", args=[world["alice"].pk])).content.decode()
    assert CIRCLE_ONLY in trust_page
