"""Blocking a member: each effect, in both directions, and unblocking."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Block
from bookings.models import BookingState, Conversation
from bookings.services import booking_request, conversation_ask, message_send
from listings.models import Listing
from moderation import services
from tests.conftest import login
from tests.factories import BookableListingFactory, BookingFactory

# alice blocks bob; each effect is checked from both sides ("blocker" and "blocked").
SIDES = ["blocker", "blocked"]


@pytest.fixture
def blocked_pair(alice, bob):
    services.member_block(blocker=alice, blocked=bob)
    return alice, bob


def _viewer_and_owner(side, alice, bob):
    return (alice, bob) if side == "blocker" else (bob, alice)


@pytest.mark.parametrize("side", SIDES)
def test_neither_sees_the_others_listings_in_search(client, blocked_pair, side):
    viewer, owner = _viewer_and_owner(side, *blocked_pair)
    BookableListingFactory(owner=owner, title="Tondeuse électrique")
    response = login(client, viewer).get(reverse("listings:search"), {"q": "tondeuse"})
    assert "Tondeuse électrique" not in response.content.decode()


@pytest.mark.parametrize("side", SIDES)
def test_neither_opens_the_others_listing_page(client, blocked_pair, side):
    viewer, owner = _viewer_and_owner(side, *blocked_pair)
    listing = BookableListingFactory(owner=owner)
    assert login(client, viewer).get(listing.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("side", SIDES)
def test_neither_can_book_the_other(blocked_pair, side):
    viewer, owner = _viewer_and_owner(side, *blocked_pair)
    listing = BookableListingFactory(owner=owner, kind="give")
    with pytest.raises(ValidationError):
        booking_request(listing=listing, requester=viewer, message="Je peux passer ce soir ?")


@pytest.mark.parametrize("side", SIDES)
def test_neither_can_ask_the_other_a_question(blocked_pair, side):
    viewer, owner = _viewer_and_owner(side, *blocked_pair)
    with pytest.raises(ValidationError):
        conversation_ask(listing=BookableListingFactory(owner=owner), member=viewer, body="Toujours dispo ?")


@pytest.mark.parametrize("side", SIDES)
def test_neither_can_write_in_an_existing_conversation(alice, bob, side):
    listing = BookableListingFactory(owner=bob)
    conversation = Conversation.objects.create(listing=listing, owner=bob, member=alice)
    services.member_block(blocker=alice, blocked=bob)
    sender = alice if side == "blocker" else bob
    with pytest.raises(ValidationError):
        message_send(conversation=conversation, sender=sender, body="Alors ?")


@pytest.mark.parametrize("state", ["requested", "accepted"])
def test_open_bookings_between_them_are_cancelled(alice, bob, state):
    booking = BookingFactory(listing=BookableListingFactory(owner=bob, kind="give"), requester=alice, state=state)
    services.member_block(blocker=bob, blocked=alice)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert booking.transitions.get().to_state == BookingState.CANCELLED


def test_the_other_member_is_told_of_the_cancellation(alice, bob):
    booking = BookingFactory(listing=BookableListingFactory(owner=bob, kind="give"), requester=alice)
    services.member_block(blocker=bob, blocked=alice)
    assert alice.notifications.filter(kind="cancelled", booking=booking).exists()


def test_bookings_with_other_members_are_untouched(alice, bob, charlie):
    booking = BookingFactory(listing=BookableListingFactory(owner=bob, kind="give"), requester=charlie)
    services.member_block(blocker=bob, blocked=alice)
    booking.refresh_from_db()
    assert booking.state == BookingState.REQUESTED


def test_unblocking_shows_the_listings_again(alice, bob, blocked_pair):
    listing = BookableListingFactory(owner=bob)
    services.member_unblock(blocker=alice, blocked_id=bob.pk)
    assert Listing.objects.visible_to(alice).discoverable().filter(pk=listing.pk).exists()


def test_only_the_blocker_can_lift_the_block(alice, bob, blocked_pair):
    assert services.member_unblock(blocker=bob, blocked_id=alice.pk) is False
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()


def test_strangers_still_see_the_listings(charlie, bob, blocked_pair):
    listing = BookableListingFactory(owner=bob)
    assert Listing.objects.visible_to(charlie).discoverable().filter(pk=listing.pk).exists()


# --- Pages, for each member of the cast ---


def test_anonymous_visitor_cannot_block(client, bob):
    response = client.post(reverse("moderation:block", kwargs={"pk": bob.pk}))
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_member_sees_a_confirmation_before_blocking(client, alice, bob):
    response = login(client, alice).get(reverse("moderation:block", kwargs={"pk": bob.pk}))
    assert response.status_code == 200
    assert not Block.objects.exists()


def test_member_blocks_from_the_confirmation_page(client, alice, bob):
    response = login(client, alice).post(reverse("moderation:block", kwargs={"pk": bob.pk}))
    assert response.status_code == 302
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()


def test_member_cannot_block_themselves(client, alice):
    assert login(client, alice).post(reverse("moderation:block", kwargs={"pk": alice.pk})).status_code == 404


def test_the_blocks_page_lists_whom_i_blocked_and_unblocks(client, alice, bob, blocked_pair):
    login(client, alice)
    assert "Bob B." in client.get(reverse("moderation:blocks")).content.decode()
    client.post(reverse("moderation:unblock", kwargs={"pk": bob.pk}))
    assert not Block.objects.exists()


def test_the_blocked_member_does_not_see_who_blocked_them(client, bob, blocked_pair):
    assert "Alice M." not in login(client, bob).get(reverse("moderation:blocks")).content.decode()


def test_unblock_refuses_get(client, alice, bob, blocked_pair):
    assert login(client, alice).get(reverse("moderation:unblock", kwargs={"pk": bob.pk})).status_code == 405


def test_the_profile_offers_report_and_block_links(client, alice, bob):
    content = login(client, alice).get(bob.get_absolute_url()).content.decode()
    assert reverse("moderation:block", kwargs={"pk": bob.pk}) in content
    assert reverse("moderation:report", kwargs={"kind": "member", "pk": bob.pk}) in content


def test_writing_in_a_conversation_after_a_block_shows_an_error_not_a_crash(client, alice, bob):
    listing = BookableListingFactory(owner=bob)
    conversation = Conversation.objects.create(listing=listing, owner=bob, member=alice)
    services.member_block(blocker=bob, blocked=alice)
    response = login(client, alice).post(conversation.get_absolute_url(), {"body": "Alors ?"})
    assert response.status_code == 400
    assert not conversation.messages.exists()


def test_the_block_page_offers_to_unblock_a_member_already_blocked(client, alice, bob, blocked_pair):
    content = login(client, alice).get(reverse("moderation:block", kwargs={"pk": bob.pk})).content.decode()
    assert reverse("moderation:unblock", kwargs={"pk": bob.pk}) in content
