"""Where members meet moderation: report links on every page concerned, removed content gone."""

from django.urls import reverse
from django.utils import timezone

from bookings.models import Conversation, Message
from moderation import services
from tests.conftest import login
from tests.factories import ReviewFactory, reviews_booking


def _report_url(kind: str, pk: int) -> str:
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


def test_the_listing_page_offers_a_report_link(client, alice, listing):
    content = login(client, alice).get(listing.get_absolute_url()).content.decode()
    assert _report_url("listing", listing.pk) in content


def test_the_owner_sees_no_report_link_on_their_listing(client, bob, listing):
    content = login(client, bob).get(listing.get_absolute_url()).content.decode()
    assert _report_url("listing", listing.pk) not in content


def test_a_received_message_has_a_report_link_and_mine_do_not(client, alice, bob, listing):
    conversation = Conversation.objects.create(listing=listing, owner=bob, member=alice)
    received = Message.objects.create(conversation=conversation, sender=bob, body="Bonjour Alice")
    mine = Message.objects.create(conversation=conversation, sender=alice, body="Bonjour Bob")
    content = login(client, alice).get(conversation.get_absolute_url()).content.decode()
    assert _report_url("message", received.pk) in content
    assert _report_url("message", mine.pk) not in content


def test_a_published_review_has_a_report_link(client, alice, bob, charlie):
    review = ReviewFactory(
        booking=reviews_booking(owner=bob, requester=charlie), author=charlie, published_at=timezone.now()
    )
    content = login(client, alice).get(bob.get_absolute_url()).content.decode()
    assert _report_url("review", review.pk) in content


def test_a_removed_review_is_gone_from_the_members_page(client, alice, bob, charlie, moderator):
    review = ReviewFactory(
        booking=reviews_booking(owner=bob, requester=charlie),
        author=charlie,
        comment="Un commentaire injurieux.",
        published_at=timezone.now(),
    )
    services.review_remove(moderator=moderator, review_id=review.pk, reason="Injures")
    page = login(client, alice).get(bob.get_absolute_url(), follow=True).content.decode()
    assert "Un commentaire injurieux." not in page


def test_a_hidden_listing_is_gone_from_search_and_its_page(client, alice, listing, moderator):
    services.listing_hide(moderator=moderator, listing_id=listing.pk, reason="Objet volé")
    login(client, alice)
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert "Perceuse à percussion" not in client.get(reverse("listings:search"), {"q": "perceuse"}).content.decode()


def test_the_owner_still_sees_their_hidden_listing_marked_removed(client, bob, listing, moderator):
    services.listing_hide(moderator=moderator, listing_id=listing.pk, reason="Objet volé")
    assert login(client, bob).get(listing.get_absolute_url()).status_code == 200


def test_the_account_hub_links_blocks_and_my_data(client, alice):
    content = login(client, alice).get(reverse("accounts:settings")).content.decode()
    assert reverse("moderation:blocks") in content
    assert reverse("moderation:my_data") in content


def test_the_suspended_page_is_public(client, db):
    assert client.get(reverse("moderation:suspended")).status_code == 403
