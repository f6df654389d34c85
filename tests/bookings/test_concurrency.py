"""Concurrent accepts on PostgreSQL: exactly one wins, the others are cleanly refused."""

import threading
from collections import Counter

import pytest
from django.db import connection

from bookings.models import Booking
from bookings.services import booking_act
from bookings.state_machine import TransitionRefused
from listings.models import Status
from tests.bookings.conftest import in_days
from tests.factories import BookableListingFactory, BookingFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _accept_all_at_once(owner, bookings: list[Booking]) -> Counter:
    """Every booking accepted by its own thread (its own connection), all released together."""
    barrier = threading.Barrier(len(bookings))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def accept(booking_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            booking_act(booking_id=booking_id, actor=owner, action="accept")
            outcome = "accepted"
        except TransitionRefused:
            outcome = "refused"
        except Exception as exc:  # noqa: BLE001 — what the test is looking for
            outcome = f"escaped: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=accept, args=(booking.pk,)) for booking in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_fifty_owners_clicks_on_overlapping_loans_accept_exactly_one():
    owner = UserFactory()
    drill = BookableListingFactory(owner=owner, kind="lend")
    bookings = [
        BookingFactory(listing=drill, start_date=in_days(2 + i % 3), end_date=in_days(5 + i % 2)) for i in range(50)
    ]
    outcomes = _accept_all_at_once(owner, bookings)
    assert outcomes == Counter({"accepted": 1, "refused": 49})
    assert Booking.objects.filter(state__in=["accepted", "ongoing"]).count() == 1


def test_two_buyers_of_one_item_get_one_sale():
    owner = UserFactory()
    bike = BookableListingFactory(owner=owner, kind="sell", price_unit="fixed", price="80.00")
    bookings = [BookingFactory(listing=bike), BookingFactory(listing=bike)]
    outcomes = _accept_all_at_once(owner, bookings)
    bike.refresh_from_db()
    assert outcomes == Counter({"accepted": 1, "refused": 1})
    assert bike.status == Status.RESERVED


def test_without_the_service_the_database_alone_still_refuses_overlaps():
    """50 threads write accepted loans of the same days straight to the table: one row survives."""
    from django.db import IntegrityError

    owner = UserFactory()
    drill = BookableListingFactory(owner=owner, kind="lend")
    requesters = [UserFactory() for _ in range(50)]
    barrier = threading.Barrier(50)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def insert(requester) -> None:
        try:
            barrier.wait(timeout=30)
            Booking.objects.create(
                listing=drill,
                kind="lend",
                owner=owner,
                requester=requester,
                state="accepted",
                start_date=in_days(3),
                end_date=in_days(4),
            )
            outcome = "inserted"
        except IntegrityError:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=insert, args=(r,)) for r in requesters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == Counter({"inserted": 1, "refused": 49})
