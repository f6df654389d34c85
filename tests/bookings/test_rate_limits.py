"""Per-member limits on messages, questions and requests: a person never meets them, a script does."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Conversation, Message
from bookings.services import conversation_ask
from tests.conftest import login
from tests.factories import BookableListingFactory, UserFactory


@pytest.fixture(autouse=True)
def _clock_stands_still():
    """The limits count in fixed windows: a test crossing a minute's end would start a new count."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def tight_limits(settings):
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "message": "3/m", "question": "3/h"}
    settings.MEMBER_RATE_LIMITS["booking_request"] = "3/h"


@pytest.fixture
def thread(bob, drill):
    return conversation_ask(listing=drill, member=bob, body="Elle est toujours là ?")


def _write(client, thread, body="Et la batterie ?"):
    return client.post(reverse("bookings:conversation", args=[thread.pk]), {"body": body})


def _ask(client, listing):
    return client.post(reverse("bookings:ask", args=[listing.pk]), {"body": "Toujours disponible ?"})


def _give_aways(count: int) -> list:
    return [BookableListingFactory(owner=UserFactory(), kind="give", title=f"Carton {n}") for n in range(count)]


def _request(client, listing):
    return client.post(reverse("bookings:request", args=[listing.pk]), {"message": "Je peux passer ce soir."})


def test_messages_past_the_limit_are_refused_with_a_clear_message(client, bob, thread, tight_limits):
    login(client, bob)
    for _ in range(3):
        _write(client, thread)
    response = _write(client, thread, body="Un de trop")
    assert response.status_code == 429
    assert "Veuillez patienter quelques minutes" in response.content.decode()
    assert not Message.objects.filter(body="Un de trop").exists()


def test_the_message_limit_is_per_member(client, alice, bob, thread, tight_limits):
    for _ in range(3):
        _write(login(client, bob), thread)
    assert _write(login(client, alice), thread, body="Oui, chargée.").status_code == 302


def test_the_message_limit_lifts_after_its_minute(client, bob, thread, tight_limits):
    login(client, bob)
    for _ in range(4):
        _write(client, thread)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert _write(client, thread).status_code == 302


def test_a_refused_message_from_the_booking_page_shows_the_booking_page(client, bob, drill, tight_limits):
    booking = Booking.objects.create(listing=drill, kind="lend", owner=drill.owner, requester=bob)
    conversation = Conversation.objects.create(listing=drill, owner=drill.owner, member=bob, booking=booking)
    login(client, bob)
    for _ in range(3):
        _write(client, conversation)
    response = client.post(reverse("bookings:conversation", args=[conversation.pk]), {"body": "x", "next": "booking"})
    assert response.status_code == 429
    assert response.templates[0].name == "bookings/booking_detail.html"


def test_a_script_sending_a_hundred_messages_gets_twenty_through(client, bob, thread):
    login(client, bob)
    for n in range(100):
        _write(client, thread, body=f"Message {n}")
    assert Message.objects.filter(sender=bob, body__startswith="Message ").count() == 20


def test_questions_to_many_owners_stop_at_the_limit(client, bob, tight_limits):
    listings = _give_aways(4)
    login(client, bob)
    statuses = [_ask(client, listing).status_code for listing in listings]
    assert statuses == [302, 302, 302, 429]
    assert Conversation.objects.filter(member=bob).count() == 3


def test_a_script_writing_to_thirty_owners_reaches_five(client, bob, django_capture_on_commit_callbacks):
    listings = _give_aways(30)
    login(client, bob)
    with django_capture_on_commit_callbacks(execute=True):
        for listing in listings:
            _ask(client, listing)
    assert len(mail.outbox) == 5


def test_booking_requests_past_the_limit_are_refused_with_a_clear_message(client, bob, tight_limits):
    listings = _give_aways(4)
    login(client, bob)
    for listing in listings[:3]:
        _request(client, listing)
    response = _request(client, listings[3])
    assert response.status_code == 429
    assert "beaucoup de demandes en peu de temps" in response.content.decode()
    assert Booking.objects.filter(requester=bob).count() == 3


def test_with_redis_down_members_are_not_limited(client, bob, thread, tight_limits, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    login(client, bob)
    statuses = [_write(client, thread).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 302]
