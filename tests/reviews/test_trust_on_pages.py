"""The trust card wherever a member appears, fetched in bulk on list pages; the search sort and filter."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.services import booking_request, message_send
from reviews.models import TrustSummary
from reviews.services import review_create, trust_summaries_refresh
from tests.conftest import login
from tests.factories import BookableListingFactory, ListingFactory, ReviewFactory, UserFactory, reviews_booking

pytestmark = pytest.mark.django_db


def _activity(owner, count: int):
    """``count`` incoming requests (each with a message) and ``count`` listings of others to search."""
    first = None
    for index in range(count):
        listing = BookableListingFactory(owner=owner, kind="give", title=f"Objet {index}")
        ListingFactory(owner=UserFactory(), title=f"Perceuse {index}")
        requester = UserFactory()
        trust_summaries_refresh(user_ids=[requester.pk])
        booking = booking_request(listing=listing, requester=requester, message=f"Bonjour {index}")
        message_send(conversation=booking.conversation, sender=requester, body="Encore moi")
        first = first or booking
    return first


# New ceilings: each page makes one query more than before the trust card (one bulk query), whatever its rows.
CEILINGS = {"dashboard": 6, "inbox": 6, "detail": 9, "conversation": 8, "search": 6, "listing": 6}


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("page_name", list(CEILINGS))  # not "page": pytest-playwright owns that fixture
def test_pages_with_trust_cards_stay_constant_in_queries(
    client, alice, count, page_name, django_assert_max_num_queries
):
    first = _activity(alice, count)
    trust_summaries_refresh(user_ids=[alice.pk])  # as the nightly refresh does for every member
    urls = {
        "dashboard": reverse("bookings:dashboard"),
        "inbox": reverse("bookings:inbox"),
        "detail": reverse("bookings:detail", args=[first.pk]),
        "conversation": reverse("bookings:conversation", args=[first.conversation.pk]),
        "search": reverse("listings:search") + "?q=perceuse&sort=trust",
        "listing": first.listing.get_absolute_url(),
    }
    login(client, alice)
    client.get(urls[page_name])  # what the page keeps in the cache (alice's circles, blocks) is counted elsewhere
    with django_assert_max_num_queries(CEILINGS[page_name]):
        assert client.get(urls[page_name]).status_code == 200


def test_the_owner_trust_card_costs_the_listing_page_no_query_of_its_own(client, alice, bob):
    """Read with the listing: a newcomer owner (no summary until the nightly refresh) costs no
    query more than a reviewed one, and neither costs a query for the card."""
    newcomer_listing = ListingFactory(owner=alice)  # alice signed up today
    reviewed = UserFactory()
    reviewed_listing = ListingFactory(owner=reviewed)
    ReviewFactory(booking=reviews_booking(owner=reviewed, requester=bob), author=bob, published_at=timezone.now())
    trust_summaries_refresh(user_ids=[reviewed.pk])
    login(client, bob)
    pages, queries = {}, {}
    for name, listing in (("newcomer", newcomer_listing), ("reviewed", reviewed_listing)):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            pages[name] = client.get(listing.get_absolute_url()).content.decode()
        queries[name] = [query["sql"] for query in context.captured_queries]
    assert "trust-card" in pages["newcomer"] and "Nouveau membre" in pages["newcomer"]
    assert "trust-card" in pages["reviewed"] and "(1 avis)" in pages["reviewed"]
    assert len(queries["newcomer"]) == len(queries["reviewed"])
    assert not [sql for sql in queries["reviewed"] if sql.startswith('SELECT "reviews_trustsummary"')]


def test_the_owner_trust_card_on_the_listing_page_shows_their_identity_checks(client, alice, bob):
    EmailAddress.objects.update_or_create(user=alice, email=alice.email, defaults={"verified": True, "primary": True})
    EmailAddress.objects.filter(user=bob).update(verified=False)
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={})
    verified = client.get(ListingFactory(owner=alice).get_absolute_url()).content.decode()
    unverified = client.get(ListingFactory(owner=bob).get_absolute_url()).content.decode()
    assert "E-mail vérifié" in verified and "E-mail non vérifié" in unverified
    # Issue 23: a member's two-factor setting is theirs alone, on or off.
    assert "Double authentification" not in verified + unverified


def test_listing_page_shows_the_owner_trust_card(client, alice, bob):
    listing = ListingFactory(owner=alice)
    booking = reviews_booking(owner=alice, requester=bob)
    ReviewFactory(booking=booking, author=bob, rating=5, published_at=timezone.now())
    trust_summaries_refresh(user_ids=[alice.pk])
    page = login(client, bob).get(listing.get_absolute_url()).content.decode()
    assert "trust-card" in page and "(1 avis)" in page


def test_search_results_show_each_owner_level(client, alice, bob):
    ListingFactory(owner=alice, title="Perceuse de Alice")
    TrustSummary.objects.create(user=alice, bayesian_rating=Decimal("4.8"), level="trusted")
    page = login(client, bob).get(reverse("listings:search") + "?q=perceuse").content.decode()
    assert "De confiance" in page


def test_search_results_read_their_owners_badges_with_the_listings(client, alice, bob):
    """No query of the badges' own: a newcomer (no summary yet) and a reviewed owner both shown."""
    ListingFactory(owner=UserFactory(), title="Perceuse du nouveau")
    TrustSummary.objects.create(
        user=alice, bayesian_rating=Decimal("4.6"), level="trusted", rating_count=12, rating_average=Decimal("4.75")
    )
    ListingFactory(owner=alice, title="Perceuse de Alice")
    login(client, bob)
    with CaptureQueriesContext(connection) as context:
        page = client.get(reverse("listings:search") + "?q=perceuse").content.decode()
    assert "Nouveau membre" in page and "★ 4,8 (12)" in page
    assert not [query for query in context.captured_queries if query["sql"].startswith('SELECT "reviews_trustsummary"')]


def test_booking_page_shows_the_requester_card_to_the_owner(client, alice, bob):
    listing = BookableListingFactory(owner=alice, kind="give")
    booking = booking_request(listing=listing, requester=bob, message="Bonjour")
    page = login(client, alice).get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "trust-card" in page


def test_completed_booking_page_invites_to_review(client, alice, bob):
    booking = reviews_booking(owner=alice, requester=bob)
    page = login(client, bob).get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert reverse("reviews:write", args=[booking.pk]) in page


def test_search_sorted_by_trust_puts_the_long_excellent_record_first(client, charlie):
    one_star, veteran = UserFactory(), UserFactory()
    ListingFactory(owner=one_star, title="Vélo de course")
    ListingFactory(owner=veteran, title="Vélo de ville")
    ReviewFactory(
        booking=reviews_booking(owner=one_star, requester=charlie), author=charlie, published_at=timezone.now()
    )
    for index in range(50):
        requester = UserFactory()
        ReviewFactory(
            booking=reviews_booking(owner=veteran, requester=requester),
            author=requester,
            rating=5 if index < 40 else 4,
            published_at=timezone.now(),
        )
    trust_summaries_refresh(user_ids=[one_star.pk, veteran.pk])
    page = login(client, charlie).get(reverse("listings:search") + "?q=vélo&sort=trust").content.decode()
    assert page.index("Vélo de ville") < page.index("Vélo de course")


def test_hidden_reviews_do_not_move_the_search_sort(client, alice, bob, charlie):
    ListingFactory(owner=alice, title="Ponceuse Alice")
    ListingFactory(owner=charlie, title="Ponceuse Charlie")
    TrustSummary.objects.create(user=charlie, bayesian_rating=Decimal("4.100"), level="regular")
    booking = reviews_booking(owner=alice, requester=bob, completed_at=timezone.now() - timedelta(days=1))
    review_create(booking_id=booking.pk, author=bob, rating=5, comment="Génial")  # hidden: alice has not written
    page = login(client, bob).get(reverse("listings:search") + "?q=ponceuse&sort=trust").content.decode()
    assert page.index("Ponceuse Charlie") < page.index("Ponceuse Alice")


def test_trusted_members_only(client, alice, bob, charlie):
    ListingFactory(owner=alice, title="Tente d'Alice")
    ListingFactory(owner=charlie, title="Tente de Charlie")
    TrustSummary.objects.create(user=alice, bayesian_rating=Decimal("4.8"), level="trusted")
    page = login(client, bob).get(reverse("listings:search") + "?trusted=on").content.decode()
    assert "Tente d&#x27;Alice" in page and "Tente de Charlie" not in page
