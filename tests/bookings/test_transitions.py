"""Side effects of the transitions: listings reserved and closed, other requests declined, messages."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from bookings.models import Booking, BookingState
from bookings.services import booking_act
from bookings.state_machine import TransitionRefused
from listings.models import Status
from tests.bookings.conftest import in_days
from tests.factories import BookableListingFactory, BookingFactory, UserFactory


def test_accepting_a_sale_reserves_the_listing(alice, bike):
    booking = BookingFactory(listing=bike)
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    bike.refresh_from_db()
    assert bike.status == Status.RESERVED


def test_accepting_a_sale_declines_the_other_requests_with_a_message(alice, bike):
    chosen, other = BookingFactory(listing=bike), BookingFactory(listing=bike)
    booking_act(booking_id=chosen.pk, actor=alice, action="accept")
    other.refresh_from_db()
    assert other.state == BookingState.DECLINED
    assert other.conversation.messages.get().sender == alice


def test_completing_a_sale_closes_the_listing(alice, bike):
    booking = BookingFactory(listing=bike)
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    booking_act(booking_id=booking.pk, actor=booking.requester, action="complete")
    bike.refresh_from_db()
    assert bike.status == Status.CLOSED


def test_cancelling_an_accepted_sale_frees_the_listing(alice, bike):
    booking = BookingFactory(listing=bike)
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    booking_act(booking_id=booking.pk, actor=booking.requester, action="cancel", note="Finalement non")
    bike.refresh_from_db()
    assert bike.status == Status.ACTIVE


def test_completing_a_swap_closes_both_listings(alice, bob):
    wanted = BookableListingFactory(owner=alice, kind="swap")
    offered = BookableListingFactory(owner=bob, kind="swap")
    booking = BookingFactory(listing=wanted, requester=bob, offered_listing=offered)
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    booking_act(booking_id=booking.pk, actor=alice, action="complete")
    wanted.refresh_from_db()
    offered.refresh_from_db()
    assert (wanted.status, offered.status) == (Status.CLOSED, Status.CLOSED)


def test_a_sale_is_accepted_once(alice, bike):
    first, second = BookingFactory(listing=bike), BookingFactory(listing=bike)
    booking_act(booking_id=first.pk, actor=alice, action="accept")
    with pytest.raises(TransitionRefused):
        booking_act(booking_id=second.pk, actor=alice, action="accept")


def test_the_database_refuses_a_second_accepted_sale(bike):
    BookingFactory(listing=bike, state="accepted")
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(listing=bike, state="accepted")


@pytest.mark.postgres
def test_the_database_refuses_overlapping_loans(drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(5))
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(listing=drill, state="ongoing", start_date=in_days(5), end_date=in_days(8))


def test_adjacent_loans_are_fine(drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(5))
    BookingFactory(listing=drill, state="accepted", start_date=in_days(6), end_date=in_days(8))
    assert Booking.objects.count() == 2


def test_accepting_a_loan_declines_the_overlapping_requests(alice, drill):
    chosen = BookingFactory(listing=drill, start_date=in_days(2), end_date=in_days(4))
    overlapping = BookingFactory(listing=drill, start_date=in_days(4), end_date=in_days(6))
    later = BookingFactory(listing=drill, start_date=in_days(7), end_date=in_days(9))
    booking_act(booking_id=chosen.pk, actor=alice, action="accept")
    states = dict(Booking.objects.values_list("pk", "state"))
    assert (states[overlapping.pk], states[later.pk]) == ("declined", "requested")


@pytest.mark.postgres
def test_accept_converts_an_exclusion_violation_into_a_clean_refusal(alice, drill):
    """If overlapping dates slip past the Python check, the constraint's IntegrityError is a refusal."""
    accepted = BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(4))
    other = BookingFactory(listing=drill, start_date=in_days(3), end_date=in_days(5))
    from bookings import state_machine

    original = state_machine._check_listing_accepts
    state_machine._check_listing_accepts = lambda booking, listing: None
    try:
        with pytest.raises(TransitionRefused):
            booking_act(booking_id=other.pk, actor=alice, action="accept")
    finally:
        state_machine._check_listing_accepts = original
    assert Booking.objects.filter(state="accepted").get() == accepted


def test_cancelling_an_accepted_booking_needs_a_reason(drill):
    booking = BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(4))
    with pytest.raises(TransitionRefused) as refusal:
        booking_act(booking_id=booking.pk, actor=booking.requester, action="cancel", note="  ")
    assert refusal.value.status == 400


def test_handover_records_condition_and_deposit(alice, drill):
    booking = BookingFactory(
        listing=drill, state="accepted", start_date=in_days(0), end_date=in_days(2), deposit=Decimal("50")
    )
    booking_act(booking_id=booking.pk, actor=alice, action="handover", note="Comme neuve", deposit_received=True)
    booking.refresh_from_db()
    assert (booking.state, booking.handover_condition, booking.deposit_received) == ("ongoing", "Comme neuve", True)


def test_handover_without_the_deposit_is_refused(alice, drill):
    booking = BookingFactory(
        listing=drill, state="accepted", start_date=in_days(0), end_date=in_days(2), deposit=Decimal("50")
    )
    with pytest.raises(TransitionRefused):
        booking_act(booking_id=booking.pk, actor=alice, action="handover", note="Comme neuve")


def test_return_completes_the_loan_with_a_completion_time(alice, drill):
    booking = BookingFactory(listing=drill, state="ongoing", start_date=in_days(-2), end_date=in_days(0))
    booking_act(booking_id=booking.pk, actor=alice, action="return", note="RAS", deposit_returned=True)
    booking.refresh_from_db()
    assert booking.state == "completed"
    assert booking.completed_at is not None


def test_accepting_a_paused_listing_is_refused(alice, drill):
    booking = BookingFactory(listing=drill, start_date=in_days(2), end_date=in_days(4))
    drill.status = Status.PAUSED
    drill.save()
    with pytest.raises(TransitionRefused):
        booking_act(booking_id=booking.pk, actor=alice, action="accept")


def test_accepting_dates_that_have_passed_is_refused(alice, drill):
    booking = BookingFactory(listing=drill, start_date=in_days(-1), end_date=in_days(2))
    with pytest.raises(TransitionRefused):
        booking_act(booking_id=booking.pk, actor=alice, action="accept")


def test_every_transition_is_in_the_timeline(alice, drill):
    bob = UserFactory()
    booking = BookingFactory(listing=drill, requester=bob, start_date=in_days(0), end_date=in_days(1))
    booking_act(booking_id=booking.pk, actor=alice, action="accept", note="Avec plaisir")
    booking_act(booking_id=booking.pk, actor=alice, action="handover", note="Bon état", deposit_received=True)
    booking_act(booking_id=booking.pk, actor=alice, action="return", note="Bon état")
    steps = list(booking.transitions.values_list("from_state", "to_state", "actor_id"))
    assert steps == [
        ("requested", "accepted", alice.pk),
        ("accepted", "ongoing", alice.pk),
        ("ongoing", "completed", alice.pk),
    ]


def test_moderation_cancels_through_the_state_machine_and_frees_the_listing(alice, bike):
    from bookings.services import bookings_cancel_for_member

    booking = BookingFactory(listing=bike)
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    assert bookings_cancel_for_member(member_id=booking.requester_id, note_for=lambda member: "Compte suspendu") == 1
    booking.refresh_from_db()
    bike.refresh_from_db()
    assert (booking.state, bike.status) == ("cancelled", Status.ACTIVE)
    assert booking.transitions.last().note == "Compte suspendu"


def test_moderation_cancellation_tells_only_the_other_member(alice, drill):
    from bookings.models import Notification
    from bookings.services import bookings_cancel_for_member

    booking = BookingFactory(listing=drill, start_date=in_days(2), end_date=in_days(3))
    bookings_cancel_for_member(member_id=booking.requester_id)
    assert list(Notification.objects.filter(kind="cancelled").values_list("recipient", flat=True)) == [alice.pk]
