"""New requests are emailed per listing, at most once every 15 minutes; the site still shows each."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings import notifications
from bookings.models import Notification, NotificationOutcome
from bookings.services import booking_act, booking_request
from bookings.tasks import deliver_pending_notifications
from tests.conftest import login
from tests.factories import BookableListingFactory, UserFactory


@pytest.fixture
def boxes(alice):
    return BookableListingFactory(owner=alice, kind="give", title="Cartons de déménagement")


def _requests(listing, count: int, capture, first_name: str = "Membre") -> list:
    """``count`` members ask, one after the other, each request committed (and its email task run)."""
    bookings = []
    for n in range(count):
        with capture(execute=True):
            requester = UserFactory(first_name=f"{first_name}{n:02d}", last_name="Test")
            bookings.append(booking_request(listing=listing, requester=requester, message=f"Bonjour, demande {n}"))
    return bookings


def _owner_emails(owner) -> list:
    return [message for message in mail.outbox if message.to == [owner.email]]


def _later(minutes: int):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes))


def test_the_first_request_is_emailed_at_once(alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 1, django_capture_on_commit_callbacks)
    [email] = _owner_emails(alice)
    assert email.subject == "[Cercle] Nouvelle demande pour «\u00a0Cartons de déménagement\u00a0»"
    assert "Membre00 T." in email.body and "« Bonjour, demande 0 »" in email.body


def test_fifty_requests_in_a_quarter_of_an_hour_send_the_owner_two_emails(
    alice, boxes, django_capture_on_commit_callbacks
):
    _requests(boxes, 50, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
    with _later(60):
        deliver_pending_notifications()
    assert [email.subject for email in _owner_emails(alice)] == [
        "[Cercle] Nouvelle demande pour «\u00a0Cartons de déménagement\u00a0»",
        "[Cercle] 49 nouvelles demandes pour «\u00a0Cartons de déménagement\u00a0»",
    ]


def test_the_second_email_waits_for_the_quarter_of_an_hour(alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 3, django_capture_on_commit_callbacks)
    with _later(10):
        deliver_pending_notifications()
    assert len(_owner_emails(alice)) == 1


def test_the_batched_email_lists_ten_requests_and_counts_the_others(alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 50, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
    body = _owner_emails(alice)[-1].body
    assert "Membre01 T." in body and "Membre10 T." in body and "Membre11 T." not in body
    assert "Et 39 autres demandes." in body


def test_each_request_keeps_its_notification_and_each_is_sent_once(alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 5, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
        deliver_pending_notifications()
    outcomes = list(Notification.objects.filter(recipient=alice, kind="requested").values_list("outcome", flat=True))
    assert outcomes == [NotificationOutcome.SENT] * 5


def test_the_dashboard_still_counts_every_request(client, alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 12, django_capture_on_commit_callbacks)
    page = login(client, alice).get(reverse("bookings:dashboard")).content.decode()
    assert "12 demandes attendent votre réponse." in page


def test_a_request_answered_before_the_second_email_is_left_out(alice, boxes, django_capture_on_commit_callbacks):
    _first, second, _third = _requests(boxes, 3, django_capture_on_commit_callbacks)
    booking_act(booking_id=second.pk, actor=alice, action="decline")
    with _later(16):
        deliver_pending_notifications()
    email = _owner_emails(alice)[-1]
    assert "Membre02 T." in email.body and "Membre01 T." not in email.body


def test_no_second_email_when_every_new_request_was_answered_on_the_site(
    alice, boxes, django_capture_on_commit_callbacks
):
    _first, second = _requests(boxes, 2, django_capture_on_commit_callbacks)
    booking_act(booking_id=second.pk, actor=alice, action="decline")
    with _later(16):
        deliver_pending_notifications()
    assert len(_owner_emails(alice)) == 1


def test_two_listings_are_emailed_each_on_its_own(alice, boxes, django_capture_on_commit_callbacks):
    bike = BookableListingFactory(owner=alice, kind="give", title="Vélo d'enfant")
    _requests(boxes, 1, django_capture_on_commit_callbacks)
    _requests(bike, 1, django_capture_on_commit_callbacks, first_name="Autre")
    assert len(_owner_emails(alice)) == 2


def test_a_request_after_the_second_email_waits_for_the_next_quarter(alice, boxes, django_capture_on_commit_callbacks):
    _requests(boxes, 2, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
        _requests(boxes, 1, django_capture_on_commit_callbacks, first_name="Tardif")
    assert len(_owner_emails(alice)) == 2
    with _later(32):
        deliver_pending_notifications()
    assert "Tardif00 T." in _owner_emails(alice)[-1].body


def test_delivering_a_request_of_a_batch_already_sent_sends_nothing_more(
    alice, boxes, django_capture_on_commit_callbacks
):
    _requests(boxes, 3, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
        for notification in Notification.objects.filter(kind="requested"):
            notifications.deliver(notification.pk)
    assert len(_owner_emails(alice)) == 2


def test_an_owner_who_wants_no_booking_emails_gets_none(alice, boxes, django_capture_on_commit_callbacks):
    alice.email_on_bookings = False
    alice.save()
    _requests(boxes, 3, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
    assert _owner_emails(alice) == []


def test_the_batched_email_is_in_the_owners_language(alice, boxes, django_capture_on_commit_callbacks):
    alice.preferred_language = "en"
    alice.save()
    _requests(boxes, 3, django_capture_on_commit_callbacks)
    with _later(16):
        deliver_pending_notifications()
    assert _owner_emails(alice)[-1].subject == "[Cercle] 2 new requests for “Cartons de déménagement”"
