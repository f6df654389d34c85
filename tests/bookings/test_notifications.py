"""Notifications: written with the change, enqueued after commit, delivered once, never lost."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from bookings import notifications, services
from bookings.models import Notification, NotificationOutcome
from bookings.services import booking_act, booking_request
from bookings.tasks import deliver_pending_notifications
from tests.bookings.conftest import in_days
from tests.factories import BookingFactory


def _request(drill, bob):
    return booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(4))


def test_a_notification_is_written_with_the_request(alice, bob, drill):
    _request(drill, bob)
    assert Notification.objects.filter(recipient=alice, kind="requested").count() == 1


def test_delivery_is_enqueued_only_after_commit(bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _request(drill, bob)
        assert mail.outbox == []
    # What runs after commit (the delivery, and since issue 23 forgetting the owner's cached
    # to-do) sends the one email.
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_it_is_delivered_after_commit(alice, bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _request(drill, bob)
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert Notification.objects.get().outcome == NotificationOutcome.SENT


def test_it_is_delivered_once(alice, bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _request(drill, bob)
    notification = Notification.objects.get()
    notifications.deliver(notification.pk)
    notifications.deliver(notification.pk)
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing(bob, drill, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _request(drill, bob)
        raise RuntimeError("the page failed after the request")
    assert (Notification.objects.count(), len(mail.outbox)) == (0, 0)


def test_email_preferences_are_respected(alice, bob, drill, django_capture_on_commit_callbacks):
    alice.email_on_bookings = False
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        _request(drill, bob)
    assert mail.outbox == []
    assert Notification.objects.get().outcome == NotificationOutcome.SKIPPED


def test_emails_are_in_the_recipients_language(alice, bob, drill, django_capture_on_commit_callbacks):
    alice.preferred_language = "en"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        _request(drill, bob)
    assert mail.outbox[0].subject == "[Cercle] New request for “Perceuse”"


def test_french_is_the_default(alice, bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _request(drill, bob)
    assert mail.outbox[0].subject == "[Cercle] Nouvelle demande pour «\u00a0Perceuse\u00a0»"


@pytest.mark.parametrize(
    ("action", "kind"),
    [("accept", "accepted"), ("decline", "declined"), ("cancel", "cancelled")],
)
def test_the_other_member_is_told(alice, drill, action, kind, django_capture_on_commit_callbacks):
    booking = BookingFactory(listing=drill, start_date=in_days(2), end_date=in_days(3))
    actor = booking.requester if action == "cancel" else alice
    recipient = alice if action == "cancel" else booking.requester
    with django_capture_on_commit_callbacks(execute=True):
        booking_act(booking_id=booking.pk, actor=actor, action=action)
    assert [(n.kind, n.recipient) for n in Notification.objects.all()] == [(kind, recipient)]
    assert mail.outbox[0].to == [recipient.email]


def test_messages_are_batched_per_conversation(alice, bob, drill, django_capture_on_commit_callbacks):
    booking = _request(drill, bob)
    conversation = booking.conversation
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=conversation, sender=bob, body="Bonjour !")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=conversation, sender=bob, body="Vous êtes là ?")
        services.message_send(conversation=conversation, sender=bob, body="Merci")
    message_emails = [m for m in mail.outbox if "message" in m.subject]
    assert len(message_emails) == 1


def test_held_back_messages_go_out_after_fifteen_minutes(alice, bob, drill, django_capture_on_commit_callbacks):
    booking = _request(drill, bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=booking.conversation, sender=bob, body="Bonjour !")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=booking.conversation, sender=bob, body="Toujours dispo ?")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        deliver_pending_notifications()
    bodies = [m.body for m in mail.outbox if "message" in m.subject]
    assert len(bodies) == 2
    assert "Toujours dispo ?" in bodies[1]


def test_no_message_email_once_read(alice, bob, drill, django_capture_on_commit_callbacks):
    booking = _request(drill, bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=booking.conversation, sender=bob, body="Bonjour !")
    services.message_send(conversation=booking.conversation, sender=bob, body="Toujours dispo ?")
    booking.conversation.refresh_from_db()
    services.conversation_mark_read(conversation=booking.conversation, user=alice)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        deliver_pending_notifications()
    assert len([m for m in mail.outbox if "message" in m.subject]) == 1


def test_message_email_preference_is_respected(alice, bob, drill, django_capture_on_commit_callbacks):
    alice.email_on_messages = False
    alice.save()
    booking = _request(drill, bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=booking.conversation, sender=bob, body="Bonjour !")
    assert [m for m in mail.outbox if "message" in m.subject] == []


def test_message_bodies_are_escaped_in_the_html_email(alice, bob, drill, django_capture_on_commit_callbacks):
    booking = _request(drill, bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=booking.conversation, sender=bob, body="<script>alert(1)</script>")
    html = mail.outbox[-1].alternatives[0][0]
    assert "<script>" not in html


def test_the_periodic_task_delivers_what_was_left_pending(alice, bob, drill):
    _request(drill, bob)  # no on-commit callback runs: as if the broker had been down
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        deliver_pending_notifications()
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_the_periodic_task_leaves_fresh_notifications_to_the_on_commit_task(bob, drill):
    _request(drill, bob)
    deliver_pending_notifications()
    assert mail.outbox == []


def test_a_failing_mail_server_is_retried_later(alice, bob, drill, settings):
    _request(drill, bob)
    notification = Notification.objects.get()
    settings.EMAIL_BACKEND = "tests.bookings.failing_backend.FailingBackend"
    notifications.deliver(notification.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notification.refresh_from_db()
    assert (notification.outcome, notification.attempts) == ("pending", 1)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        deliver_pending_notifications()
    assert len(mail.outbox) == 1


def test_owner_is_reminded_once_of_an_unanswered_request(alice, bob, drill):
    _request(drill, bob)
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later):
        assert services.bookings_remind_unanswered() == 1
        assert services.bookings_remind_unanswered() == 0
    assert Notification.objects.filter(recipient=alice, kind="request_reminder").count() == 1


def test_requests_expire_after_72_hours_and_both_are_told(alice, bob, drill):
    booking = BookingFactory(listing=drill, requester=bob, start_date=in_days(5), end_date=in_days(6))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=73)):
        assert services.bookings_expire_stale() == 1
    booking.refresh_from_db()
    assert booking.state == "expired"
    assert set(Notification.objects.filter(kind="expired").values_list("recipient", flat=True)) == {alice.pk, bob.pk}


def test_requests_whose_start_has_passed_expire(drill):
    booking = BookingFactory(listing=drill, start_date=in_days(-1), end_date=in_days(2))
    services.bookings_expire_stale()
    booking.refresh_from_db()
    assert booking.state == "expired"


def test_overdue_returns_are_reminded_daily(drill):
    booking = BookingFactory(listing=drill, state="ongoing", start_date=in_days(-5), end_date=in_days(-1))
    assert services.bookings_remind_overdue() == 1
    assert services.bookings_remind_overdue() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert services.bookings_remind_overdue() == 1
    assert Notification.objects.filter(recipient=booking.requester, kind="overdue_reminder").count() == 2
