"""The cache is never wrong: what it keeps (visitors' pages, members' circles and blocks, the
category tree, unread counts) follows every change at once, never reaches another audience,
and a dead Redis only makes pages slower."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import block_create
from circles.services import circle_join, membership_leave
from listings import services
from listings.models import Category
from moderation.services import listing_hide, member_suspend
from tests.conftest import login
from tests.factories import CircleFactory, ListingFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("listings:search") + "?q=perceuse"
CLOSED_PORT_URL = "redis://127.0.0.1:6399/0"


def html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def drill(alice):
    return ListingFactory(owner=alice, title="Perceuse Bosch")


def visitor_pages(listing) -> list[str]:
    return [SEARCH, reverse("home"), reverse("listings:category", args=["power-tools"]), listing.get_absolute_url()]


# --- Visitors' pages come from the cache ---------------------------------------------------


def test_a_visitor_page_seen_before_is_served_without_a_query(client, drill):
    html(client, SEARCH)
    with CaptureQueriesContext(connection) as context:
        assert "Perceuse Bosch" in html(client, SEARCH)
    assert len(context.captured_queries) == 0


def test_a_visitor_page_carries_no_csrf_token(client, drill):
    for url in visitor_pages(drill):
        assert "csrfmiddlewaretoken" not in html(client, url), url


def test_a_visitor_with_a_message_waiting_gets_a_page_of_their_own(client, rf, drill):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    html(client, SEARCH)  # in the cache now
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(constants.INFO, "Rien que pour vous")])
    assert "Rien que pour vous" in html(client, SEARCH)
    assert "Rien que pour vous" not in html(Client(), SEARCH)


def test_each_language_has_its_own_page(client, drill):
    html(client, SEARCH)
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in html(client, SEARCH)


# --- After a change, the next request of any viewer shows the new state ---------------------


def test_after_an_edit_every_viewer_sees_the_new_title(client, alice, drill):
    for url in visitor_pages(drill):
        html(client, url)
    services.listing_update(listing=drill, user=alice, values={"title": "Perceuse Makita"})
    for url in visitor_pages(drill):
        assert "Perceuse Makita" in html(client, url), url


def test_after_a_pause_the_listing_leaves_every_list_and_its_page_says_so(client, alice, drill):
    for url in visitor_pages(drill):
        html(client, url)
    services.listing_pause(listing=drill, user=alice)
    for url in visitor_pages(drill)[:3]:
        assert "Perceuse Bosch" not in html(client, url), url
    assert "plus disponible" in html(client, drill.get_absolute_url())


def test_after_a_draft_is_deleted_its_page_is_gone(alice_client, alice):
    draft = ListingFactory(owner=alice, title="Brouillon", status="draft", published_at=None)
    html(alice_client, draft.get_absolute_url())
    services.listing_delete_draft(listing=draft, user=alice)
    assert alice_client.get(draft.get_absolute_url()).status_code == 404


def test_after_a_new_photo_the_cards_show_it(client, alice, drill):
    from tests.listings.conftest import png

    html(client, SEARCH)
    services.photo_add(listing=drill, user=alice, uploads=[png()])
    drill.refresh_from_db()
    assert drill.cover_thumbnail in html(client, SEARCH)


def test_after_the_moderators_hide_a_listing_no_visitor_sees_it(client, drill):
    for url in visitor_pages(drill):
        html(client, url)
    listing_hide(moderator=ModeratorFactory(), listing_id=drill.pk, reason="Photo trompeuse.")
    for url in visitor_pages(drill)[:3]:
        assert "Perceuse Bosch" not in html(client, url), url
    assert client.get(drill.get_absolute_url()).status_code == 404


def test_after_its_owner_is_suspended_no_visitor_sees_the_listing(client, alice, drill):
    for url in visitor_pages(drill):
        html(client, url)
    member_suspend(moderator=ModeratorFactory(), member_id=alice.pk, reason="Abus.")
    assert "Perceuse Bosch" not in html(client, SEARCH)
    assert client.get(drill.get_absolute_url()).status_code == 404


def test_after_a_category_is_renamed_the_pages_show_its_new_name(client, drill, admin_client):
    category = Category.objects.get(slug="power-tools")
    html(client, reverse("home"))
    data = {
        "name_fr": "Machines et moteurs",
        "name_en": category.name_en,
        "slug": category.slug,
        "parent": category.parent_id,
        "position": category.position,
    }
    admin_client.post(reverse("admin:listings_category_change", args=[category.pk]), data)
    assert "Machines et moteurs" in html(client, reverse("home"))
    assert "Machines et moteurs" in html(client, drill.get_absolute_url())


# --- Circles and blocks: what a member sees changes at once --------------------------------


def test_after_joining_a_circle_a_member_sees_its_listings_and_after_leaving_no_more(client, alice, bob):
    circle = CircleFactory(join_policy="open")
    circle_join(circle=circle, user=alice)
    listing = ListingFactory(owner=alice, title="Perceuse du cercle", circles=[circle])
    login(client, bob)
    assert "Perceuse du cercle" not in html(client, SEARCH)
    circle_join(circle=circle, user=bob)
    assert "Perceuse du cercle" in html(client, SEARCH)
    assert client.get(listing.get_absolute_url()).status_code == 200
    membership_leave(circle=circle, user=bob)
    assert "Perceuse du cercle" not in html(client, SEARCH)
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_after_a_block_neither_member_sees_the_other_listings(client, alice, bob, drill):
    login(client, bob)
    assert "Perceuse Bosch" in html(client, SEARCH)
    block_create(blocker=alice, blocked=bob)
    assert "Perceuse Bosch" not in html(client, SEARCH)
    assert client.get(drill.get_absolute_url()).status_code == 404


# --- Never another audience's page ----------------------------------------------------------


def test_a_visitor_never_gets_a_page_drawn_for_a_member(alice, bob, charlie):
    circle = CircleFactory(join_policy="open")
    circle_join(circle=circle, user=alice)
    circle_join(circle=circle, user=bob)
    ListingFactory(owner=alice, title="Perceuse du cercle", circles=[circle])
    member, visitor, stranger = login(Client(), bob), Client(), login(Client(), charlie)
    assert "Perceuse du cercle" in html(member, SEARCH)
    assert "Perceuse du cercle" not in html(visitor, SEARCH)
    assert "Perceuse du cercle" not in html(stranger, SEARCH)
    assert "Perceuse du cercle" in html(member, SEARCH)


def test_a_member_never_gets_the_page_cached_for_visitors(client, alice, bob, drill):
    assert "Se connecter" in html(client, SEARCH)  # the visitors' page, now in the cache
    login(client, bob)
    page = html(client, SEARCH)
    assert "Se connecter" not in page and "Bob" in page


# --- Redis down: the cache behaves as empty -------------------------------------------------


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": CLOSED_PORT_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    yield
    cache.clear()


def test_with_redis_down_pages_still_answer_right(client, alice, bob, redis_down):
    circle = CircleFactory(join_policy="open")
    circle_join(circle=circle, user=alice)
    ListingFactory(owner=alice, title="Perceuse du cercle", circles=[circle])
    ListingFactory(owner=alice, title="Perceuse Bosch")
    assert "Perceuse du cercle" not in html(client, SEARCH)
    login(client, bob)
    assert "Perceuse Bosch" in html(client, SEARCH)
    circle_join(circle=circle, user=bob)
    assert "Perceuse du cercle" in html(client, SEARCH)


def test_with_redis_down_a_page_answers_within_the_redis_timeouts(client, alice, redis_down):
    ListingFactory(owner=alice, title="Perceuse Bosch")
    login(client, UserFactory())
    started = time.monotonic()
    html(client, SEARCH)
    assert time.monotonic() - started < 3.0


# --- Members' cards are kept too --------------------------------------------------------------


def test_a_member_sees_a_card_again_as_soon_as_its_listing_changes(client, alice, bob, drill):
    login(client, bob)
    assert "Perceuse Bosch" in html(client, SEARCH)  # the grid's cards are in the cache now
    services.listing_update(listing=drill, user=alice, values={"title": "Perceuse Makita"})
    assert "Perceuse Makita" in html(client, SEARCH)


def test_a_card_shows_its_owner_new_trust_badge_at_once(client, alice, bob, drill):
    from reviews.services import trust_summaries_refresh
    from tests.factories import ReviewFactory, reviews_booking

    login(client, bob)
    html(client, SEARCH)
    booking = reviews_booking(owner=alice, requester=bob)
    ReviewFactory(booking=booking, author=bob, rating=5, published_at=booking.completed_at)
    trust_summaries_refresh(user_ids=[alice.pk])
    assert "(1)" in html(client, SEARCH)


def test_the_cards_drawn_for_one_language_are_not_shown_in_another(client, bob, drill):
    login(client, bob)
    assert "À prêter" in html(client, SEARCH)
    bob.preferred_language = "en"
    bob.save(update_fields=["preferred_language"])
    assert "To lend" in html(client, SEARCH)


def test_the_search_filters_offer_a_circle_as_soon_as_the_member_joins_it(client, bob):
    circle = CircleFactory(join_policy="open", name="Jardins partagés")
    login(client, bob)
    assert "Jardins partagés" not in html(client, SEARCH)
    circle_join(circle=circle, user=bob)
    assert "Jardins partagés" in html(client, SEARCH)


def test_a_member_sees_the_listing_page_change_as_soon_as_its_owner_edits_it(client, alice, bob, drill):
    from tests.listings.conftest import png

    login(client, bob)
    html(client, drill.get_absolute_url())  # its gallery and description are in the cache now
    services.listing_update(listing=drill, user=alice, values={"description": "Avec une troisième batterie."})
    assert "Avec une troisième batterie." in html(client, drill.get_absolute_url())
    services.photo_add(listing=drill, user=alice, uploads=[png()])
    drill.refresh_from_db()
    assert drill.photos.get().image.url in html(client, drill.get_absolute_url())


def test_a_member_listing_page_seen_before_reads_no_photo(client, alice, bob, drill):
    from tests.listings.conftest import png

    services.photo_add(listing=drill, user=alice, uploads=[png()])
    login(client, bob)
    html(client, drill.get_absolute_url())
    with CaptureQueriesContext(connection) as context:
        html(client, drill.get_absolute_url())
    assert not [q for q in context.captured_queries if "listings_listingphoto" in q["sql"]]
