"""Random sequences of actions by random people never break the invariants of bookings."""

import contextlib
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.models import HOLDING_STATES, TERMINAL_STATES, Booking
from bookings.services import booking_act
from bookings.state_machine import BookingAction, TransitionRefused
from tests.bookings.conftest import in_days
from tests.factories import BookableListingFactory, BookingFactory, UserFactory

ACTIONS = [a.value for a in BookingAction]
ACTORS = ["owner", "requester", "stranger", "system"]

steps = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5), st.sampled_from(ACTIONS), st.sampled_from(ACTORS)),
    min_size=1,
    max_size=25,
)
loan_dates = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=4)), min_size=6, max_size=6
)


class Rollback(Exception):
    pass


def _no_overlap(listing) -> bool:
    held = sorted(
        Booking.objects.filter(listing=listing, state__in=HOLDING_STATES).values_list("start_date", "end_date")
    )
    return all(previous[1] < current[0] for previous, current in itertools.pairwise(held))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps, dates=loan_dates, kind=st.sampled_from(["lend", "sell"]))
def test_random_action_sequences_keep_the_invariants(sequence, dates, kind):
    try:
        with transaction.atomic():
            owner, stranger = UserFactory(), UserFactory()
            if kind == "lend":
                listing = BookableListingFactory(owner=owner, kind="lend")
                bookings = [
                    BookingFactory(listing=listing, start_date=in_days(1 + s), end_date=in_days(1 + s + length))
                    for s, length in dates
                ]
            else:
                listing = BookableListingFactory(owner=owner, kind="sell", price_unit="fixed", price="10.00")
                bookings = [BookingFactory(listing=listing) for _ in dates]
            seen_terminal: dict[int, str] = {}
            for index, action, who in sequence:
                booking = bookings[index]
                actor = {"owner": owner, "requester": booking.requester, "stranger": stranger, "system": None}[who]
                with contextlib.suppress(TransitionRefused):
                    booking_act(booking_id=booking.pk, actor=actor, action=action, note="note", deposit_received=True)
                states = dict(Booking.objects.filter(listing=listing).values_list("pk", "state"))
                for pk, state in seen_terminal.items():
                    assert states[pk] == state, "a terminal state changed"
                seen_terminal.update({pk: s for pk, s in states.items() if s in TERMINAL_STATES})
                if kind == "lend":
                    assert _no_overlap(listing)
                else:
                    assert sum(1 for s in states.values() if s in (*HOLDING_STATES, "completed")) <= 1
            raise Rollback
    except Rollback:
        pass
