"""Both members write at the same moment (PostgreSQL): both reviews end up published, none twice."""

import threading

import pytest
from django.db import connection

from reviews.models import Review
from reviews.services import review_create
from tests.factories import UserFactory, reviews_booking

# The seeded categories come back after each flush (tests/conftest.py).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait(timeout=30)
            call()
            outcome = "written"
        except Exception as exc:  # noqa: BLE001 - what the test is looking for
            outcome = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_reviews_written_at_the_same_moment_are_both_published():
    owner, requester = UserFactory(), UserFactory()
    booking = reviews_booking(owner=owner, requester=requester)
    outcomes = _all_at_once(
        [
            lambda: review_create(booking_id=booking.pk, author=owner, rating=5, comment="Parfait"),
            lambda: review_create(booking_id=booking.pk, author=requester, rating=4, comment="Très bien"),
        ]
    )
    assert outcomes == ["written", "written"]
    assert Review.objects.filter(published_at__isnull=False).count() == 2


def test_a_double_submit_writes_one_review():
    owner, requester = UserFactory(), UserFactory()
    booking = reviews_booking(owner=owner, requester=requester)
    outcomes = _all_at_once(
        [lambda: review_create(booking_id=booking.pk, author=requester, rating=4, comment="Très bien")] * 5
    )
    assert sorted(outcomes) == ["ValidationError"] * 4 + ["written"]
