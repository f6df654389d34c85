"""One rule, every page: a circle-only listing is seen by its owner and its circle, by nobody else."""

import pytest
from django.urls import reverse

from listings import services
from listings.models import Favourite
from tests.conftest import login
from tests.factories import ListingFactory

SECRET = "Perceuse réservée aux Tilleuls"

CAST = [
    ("alice", True),  # the owner
    ("bob", True),  # a member of the chosen circle
    ("dave", False),  # a member of another circle
    ("charlie", False),  # a stranger, member of no circle
    (None, False),  # an anonymous visitor
]


@pytest.fixture
def secret(alice, tilleuls, other_circle):
    return ListingFactory(owner=alice, title=SECRET, circles=[tilleuls])


@pytest.fixture
def as_member(client, request):
    def log_in(name):
        if name is not None:
            login(client, request.getfixturevalue(name))
        return client

    return log_in


@pytest.mark.parametrize(("who", "sees"), CAST)
def test_listing_page(as_member, secret, who, sees):
    response = as_member(who).get(secret.get_absolute_url())
    assert response.status_code == (200 if sees else 404)


@pytest.mark.parametrize(("who", "sees"), CAST)
def test_search(as_member, secret, who, sees):
    page = as_member(who).get(reverse("listings:search")).content.decode()
    assert (SECRET in page) is sees


@pytest.mark.parametrize(("who", "sees"), CAST)
def test_search_by_text(as_member, secret, who, sees):
    page = as_member(who).get(reverse("listings:search") + "?q=perceuse").content.decode()
    assert (SECRET in page) is sees


@pytest.mark.parametrize(("who", "sees"), CAST)
def test_category_page(as_member, secret, who, sees):
    page = as_member(who).get(reverse("listings:category", args=["tools-diy"])).content.decode()
    assert (SECRET in page) is sees


@pytest.mark.parametrize(("who", "sees"), [("bob", True), ("dave", False), ("charlie", False), (None, False)])
def test_home(as_member, secret, who, sees):
    page = as_member(who).get(reverse("home")).content.decode()
    assert (SECRET in page) is sees


def test_home_does_not_show_the_owner_their_own_listings(as_member, secret):
    assert SECRET not in as_member("alice").get(reverse("home")).content.decode()


@pytest.mark.parametrize(("who", "allowed"), [("bob", True), ("dave", False), ("charlie", False)])
def test_favouriting(as_member, secret, who, allowed):
    response = as_member(who).post(reverse("listings:favourite", args=[secret.pk]))
    assert response.status_code == (302 if allowed else 404)
    assert Favourite.objects.filter(listing=secret).exists() is allowed


@pytest.mark.parametrize(("who", "sees"), [("bob", True), ("dave", False), ("charlie", False)])
def test_favourites_page(as_member, secret, who, sees, request):
    Favourite.objects.create(user=request.getfixturevalue(who), listing=secret)  # saved while it was visible
    page = as_member(who).get(reverse("listings:favourites")).content.decode()
    assert (SECRET in page) is sees


def test_leaving_the_circle_hides_the_listing_from_favourites(as_member, secret, bob):
    from circles.models import Membership

    services.favourite_add(user=bob, listing=secret)
    Membership.objects.filter(user=bob).delete()
    assert SECRET not in as_member("bob").get(reverse("listings:favourites")).content.decode()


def test_a_pending_membership_does_not_open_the_circle(as_member, secret, charlie, tilleuls):
    from circles.models import Membership, MembershipStatus

    Membership.objects.create(circle=tilleuls, user=charlie, status=MembershipStatus.PENDING)
    assert as_member("charlie").get(secret.get_absolute_url()).status_code == 404


def test_a_closed_circle_no_longer_shows_its_listings(as_member, secret, tilleuls):
    tilleuls.is_closed = True
    tilleuls.save()
    assert as_member("bob").get(secret.get_absolute_url()).status_code == 404


def test_a_draft_is_seen_only_by_its_owner(as_member, alice):
    draft = ListingFactory(owner=alice, status="draft", published_at=None)
    assert as_member("bob").get(draft.get_absolute_url()).status_code == 404


def test_the_owner_sees_their_draft(as_member, alice):
    draft = ListingFactory(owner=alice, status="draft", published_at=None)
    assert as_member("alice").get(draft.get_absolute_url()).status_code == 200


def test_a_removed_listing_is_404_for_others(as_member, alice):
    removed = ListingFactory(owner=alice, status="removed")
    assert as_member("bob").get(removed.get_absolute_url()).status_code == 404


def test_a_paused_listing_is_not_in_search(as_member, alice):
    ListingFactory(owner=alice, title="Tondeuse en pause", status="paused")
    assert "Tondeuse en pause" not in as_member("bob").get(reverse("listings:search")).content.decode()


def test_a_reserved_listing_page_says_so(as_member, alice):
    reserved = ListingFactory(owner=alice, status="reserved")
    response = as_member("bob").get(reserved.get_absolute_url())
    assert response.status_code == 200
    assert "alert--warning" in response.content.decode()


def test_a_public_listing_is_seen_by_anyone(as_member, alice):
    public = ListingFactory(owner=alice)
    assert as_member(None).get(public.get_absolute_url()).status_code == 200


def test_the_listing_page_shows_the_circles_shared_with_the_owner(as_member, secret):
    page = as_member("bob").get(secret.get_absolute_url()).content.decode()
    assert "Résidence Les Tilleuls" in page


def test_the_listing_page_shows_the_city_never_the_postcode(as_member, alice):
    listing = ListingFactory(owner=alice, city="Villeurbanne", postcode="69100")
    page = as_member("bob").get(listing.get_absolute_url()).content.decode()
    assert "Villeurbanne" in page
    assert "69100" not in page
