"""Publishing, pausing, reserving, closing and deleting drafts: only the owner, only along allowed paths."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from listings import services
from listings.models import Listing, Status
from tests.conftest import login
from tests.factories import ListingFactory

KINDS = [(kind, intent) for kind in ("lend", "sell", "swap", "give", "service") for intent in ("offer", "request")]


def kind_listing(owner, kind: str, intent: str, **extra) -> Listing:
    fields = {"kind": kind, "intent": intent, "condition": "" if kind == "service" else "good"}
    if kind == "sell" and intent == "offer":
        fields |= {"price": 30, "price_unit": "fixed"}
    if kind == "service":
        fields["category"] = __import__("listings.models", fromlist=["Category"]).Category.objects.get(slug="cleaning")
    return ListingFactory(owner=owner, **fields | extra)


def post_status(client, listing: Listing, action: str):
    return client.post(reverse("listings:status", args=[listing.pk, action]))


@pytest.mark.parametrize(("kind", "intent"), KINDS)
def test_owner_walks_each_kind_through_its_statuses(alice_client, alice, kind, intent):
    listing = kind_listing(alice, kind, intent, status=Status.DRAFT, published_at=None)
    seen = []
    for action in ("publish", "reserve", "publish", "pause", "publish", "close"):
        post_status(alice_client, listing, action)
        listing.refresh_from_db()
        seen.append(listing.status)
    assert seen == ["active", "reserved", "active", "paused", "active", "closed"]


def test_publishing_a_draft_dates_it(alice_client, alice):
    listing = ListingFactory(owner=alice, status=Status.DRAFT, published_at=None)
    post_status(alice_client, listing, "publish")
    listing.refresh_from_db()
    assert listing.published_at is not None


def test_republishing_keeps_the_first_publication_date(alice_client, alice):
    listing = ListingFactory(owner=alice)
    first = listing.published_at
    post_status(alice_client, listing, "pause")
    post_status(alice_client, listing, "publish")
    listing.refresh_from_db()
    assert listing.published_at == first


def test_a_draft_cannot_be_reserved(alice_client, alice):
    listing = ListingFactory(owner=alice, status=Status.DRAFT, published_at=None)
    response = post_status(alice_client, listing, "reserve")
    listing.refresh_from_db()
    assert response.status_code == 302
    assert listing.status == Status.DRAFT


def test_a_removed_listing_cannot_be_republished(alice, alice_client):
    listing = ListingFactory(owner=alice, status=Status.REMOVED)
    with pytest.raises(ValidationError):
        services.listing_publish(listing=listing, user=alice)


def test_a_stranger_gets_404_changing_a_status(client, alice, bob):
    listing = ListingFactory(owner=alice)
    response = post_status(login(client, bob), listing, "close")
    listing.refresh_from_db()
    assert response.status_code == 404
    assert listing.status == Status.ACTIVE


def test_the_service_refuses_anyone_but_the_owner(alice, bob):
    listing = ListingFactory(owner=alice)
    with pytest.raises(PermissionDenied):
        services.listing_close(listing=listing, user=bob)


def test_status_changes_reject_get(alice_client, alice):
    listing = ListingFactory(owner=alice)
    response = alice_client.get(reverse("listings:status", args=[listing.pk, "close"]))
    assert response.status_code == 405


def test_an_unknown_action_is_404(alice_client, alice):
    listing = ListingFactory(owner=alice)
    assert post_status(alice_client, listing, "explode").status_code == 404


def test_owner_deletes_a_draft(alice_client, alice):
    listing = ListingFactory(owner=alice, status=Status.DRAFT, published_at=None)
    response = alice_client.post(reverse("listings:delete", args=[listing.pk]))
    assert response.status_code == 302
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_a_published_listing_cannot_be_deleted(alice_client, alice):
    listing = ListingFactory(owner=alice)
    alice_client.post(reverse("listings:delete", args=[listing.pk]))
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_a_stranger_cannot_delete_a_draft(client, alice, bob):
    listing = ListingFactory(owner=alice, status=Status.DRAFT, published_at=None)
    response = login(client, bob).post(reverse("listings:delete", args=[listing.pk]))
    assert response.status_code == 404
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_publishing_after_leaving_the_circle_is_refused(alice, bob):
    from circles.models import Membership

    from .conftest import make_circle

    circle = make_circle("Résidence Les Tilleuls", alice, bob)
    listing = ListingFactory(owner=alice, circles=[circle], status=Status.DRAFT, published_at=None)
    Membership.objects.filter(user=alice).delete()
    with pytest.raises(ValidationError, match="Résidence Les Tilleuls"):
        services.listing_publish(listing=listing, user=alice)


def test_my_listings_shows_every_status(alice_client, alice):
    for status in ("draft", "active", "paused", "reserved", "closed"):
        ListingFactory(owner=alice, title=f"Annonce {status}", status=status)
    page = alice_client.get(reverse("listings:mine")).content.decode()
    assert all(f"Annonce {status}" in page for status in ("draft", "active", "paused", "reserved", "closed"))


def test_my_listings_filters_by_status(alice_client, alice):
    ListingFactory(owner=alice, title="Brouillon", status="draft", published_at=None)
    ListingFactory(owner=alice, title="En ligne")
    page = alice_client.get(reverse("listings:mine") + "?status=draft").content.decode()
    assert "Brouillon" in page
    assert "En ligne" not in page


def test_my_listings_shows_only_mine(alice_client, alice, bob):
    ListingFactory(owner=bob, title="Annonce de Bob")
    assert "Annonce de Bob" not in alice_client.get(reverse("listings:mine")).content.decode()
