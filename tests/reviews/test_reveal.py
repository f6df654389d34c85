"""Double-blind: hidden until both have written or the 14 days are over; then published at once."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from reviews.models import Review, ReviewNotice
from reviews.services import (
    review_create,
    review_reminders_send,
    review_windows_open,
    reviews_publish_closed_windows,
)
from reviews.tasks import deliver_pending_review_notices, publish_closed_review_windows, send_review_reminders

from .conftest import COMPLETED, in_window

pytestmark = pytest.mark.django_db


def write(booking, author, *, rating=5, comment="Très bien", days=1):
    return review_create(booking_id=booking.pk, author=author, rating=rating, comment=comment, now=in_window(days))


def test_first_review_stays_hidden(booking, bob):
    assert write(booking, bob).published_at is None


def test_second_review_publishes_both_at_once(booking, alice, bob):
    write(booking, bob, days=1)
    write(booking, alice, days=2)
    assert set(Review.objects.values_list("published_at", flat=True)) == {in_window(2)}


def test_both_members_are_emailed_when_both_are_published(booking, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write(booking, bob)
        write(booking, alice)
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_publication_email_shows_the_review_received(booking, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write(booking, bob, comment="Alice est adorable")
        write(booking, alice, comment="Bob a tout rendu propre")
    to_alice = next(m for m in mail.outbox if m.to == [alice.email])
    assert "Alice est adorable" in to_alice.body
    assert "Bob a tout rendu propre" not in to_alice.body


def test_member_who_turned_review_emails_off_gets_none(booking, alice, bob, django_capture_on_commit_callbacks):
    alice.email_on_reviews = False
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        write(booking, bob)
        write(booking, alice)
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_a_lone_review_is_published_when_the_window_closes(booking, bob):
    write(booking, bob)
    with time_machine.travel(COMPLETED + timedelta(days=14, minutes=1), tick=False):
        publish_closed_review_windows.delay()
    assert Review.objects.get().published_at is not None


def test_a_lone_review_stays_hidden_the_day_before(booking, bob):
    write(booking, bob)
    with time_machine.travel(COMPLETED + timedelta(days=13), tick=False):
        publish_closed_review_windows.delay()
    assert Review.objects.get().published_at is None


def test_closing_the_window_emails_both_members(booking, alice, bob, django_capture_on_commit_callbacks):
    write(booking, bob)
    with django_capture_on_commit_callbacks(execute=True):
        reviews_publish_closed_windows(now=COMPLETED + timedelta(days=15))
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_closing_the_window_twice_publishes_once(booking, bob):
    write(booking, bob)
    reviews_publish_closed_windows(now=COMPLETED + timedelta(days=15))
    assert reviews_publish_closed_windows(now=COMPLETED + timedelta(days=16)) == 0


def test_completion_asks_both_members_for_a_review(booking, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review_windows_open(now=in_window(0.01))
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_the_request_for_a_review_goes_out_once(booking):
    review_windows_open(now=in_window(0.01))
    assert review_windows_open(now=in_window(0.02)) == 0


def test_reminder_after_three_days_goes_only_to_whoever_has_not_written(
    booking, alice, bob, django_capture_on_commit_callbacks
):
    write(booking, bob)
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(now=in_window(3.1))
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_no_reminder_before_three_days(booking):
    assert review_reminders_send(now=in_window(2.9)) == 0


def test_reminders_after_three_and_ten_days_each_go_once(booking):
    sent = [review_reminders_send(now=in_window(days)) for days in (3.1, 3.2, 10.1, 10.2, 14.1)]
    assert sent == [2, 0, 2, 0, 0]


def test_reminder_task_runs_on_the_clock(booking):
    with time_machine.travel(in_window(10.5), tick=False):
        send_review_reminders.delay()
    assert ReviewNotice.objects.filter(kind="reminder_10").count() == 2


def test_pending_notices_are_delivered_by_the_sweep_when_the_broker_was_down(booking, alice, bob):
    # Nothing executed on commit: as if the broker had refused the delivery tasks.
    review_windows_open(now=in_window(0.01))
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        deliver_pending_review_notices.delay()
    assert len(mail.outbox) == 2


def test_a_notice_is_delivered_at_most_once(booking):
    review_windows_open(now=in_window(0.01))
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        deliver_pending_review_notices.delay()
        deliver_pending_review_notices.delay()
    assert len(mail.outbox) == 2


def test_emails_are_in_each_members_language(booking, alice, bob, django_capture_on_commit_callbacks):
    bob.preferred_language = "en"
    bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        review_windows_open(now=in_window(0.01))
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Leave a review" in subjects[bob.email] and "Laissez un avis" in subjects[alice.email]
