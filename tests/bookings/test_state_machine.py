"""Every (state, action, actor) triple of both flows, tried for real: allowed or refused."""

import itertools

import pytest

from bookings.models import Booking, BookingState, BookingTransition
from bookings.services import booking_act
from bookings.state_machine import BookingAction, TransitionRefused
from tests.bookings.conftest import in_days
from tests.factories import BookableListingFactory, BookingFactory, UserFactory

# What the product says, written out by hand rather than derived from the table under test.
ALLOWED = {
    # (state, action, actor, flow) -> new state
    ("requested", "accept", "owner", "loan"): "accepted",
    ("requested", "accept", "owner", "direct"): "accepted",
    ("requested", "decline", "owner", "loan"): "declined",
    ("requested", "decline", "owner", "direct"): "declined",
    ("requested", "cancel", "requester", "loan"): "cancelled",
    ("requested", "cancel", "requester", "direct"): "cancelled",
    ("requested", "cancel", "system", "loan"): "cancelled",  # moderation: block, suspension, deletion
    ("requested", "cancel", "system", "direct"): "cancelled",
    ("accepted", "cancel", "system", "loan"): "cancelled",
    ("accepted", "cancel", "system", "direct"): "cancelled",
    ("requested", "expire", "system", "loan"): "expired",
    ("requested", "expire", "system", "direct"): "expired",
    ("accepted", "cancel", "owner", "loan"): "cancelled",
    ("accepted", "cancel", "owner", "direct"): "cancelled",
    ("accepted", "cancel", "requester", "loan"): "cancelled",
    ("accepted", "cancel", "requester", "direct"): "cancelled",
    ("accepted", "handover", "owner", "loan"): "ongoing",
    ("accepted", "complete", "owner", "direct"): "completed",
    ("accepted", "complete", "requester", "direct"): "completed",
    ("ongoing", "return", "owner", "loan"): "completed",
}

STATES = [s.value for s in BookingState]
ACTIONS = [a.value for a in BookingAction]
ACTORS = ["owner", "requester", "stranger", "system"]
FLOWS = ["loan", "direct"]


def _booking(state: str, flow: str) -> Booking:
    if flow == "loan":
        listing = BookableListingFactory(kind="lend", price_unit="none")
        return BookingFactory(listing=listing, state=state, start_date=in_days(2), end_date=in_days(4))
    listing = BookableListingFactory(kind="give", price_unit="none")
    return BookingFactory(listing=listing, state=state)


def _actor(booking: Booking, actor: str):
    if actor == "stranger":
        return UserFactory()
    return {"owner": booking.owner, "requester": booking.requester, "system": None}[actor]


@pytest.mark.parametrize(("state", "action", "actor", "flow"), list(itertools.product(STATES, ACTIONS, ACTORS, FLOWS)))
def test_transition_is_allowed_exactly_when_the_table_says_so(db, state, action, actor, flow):
    booking = _booking(state, flow)
    expected = ALLOWED.get((state, action, actor, flow))
    try:
        booking_act(
            booking_id=booking.pk,
            actor=_actor(booking, actor),
            action=action,
            note="Rayure sur le côté, sinon parfait",
            deposit_received=True,
        )
    except TransitionRefused as refusal:
        assert expected is None, f"refused: {refusal.message}"
        assert refusal.status in (400, 403, 409)
    else:
        assert expected is not None, "allowed but should have been refused"
    booking.refresh_from_db()
    assert booking.state == (expected or state)
    assert BookingTransition.objects.filter(booking=booking).count() == (1 if expected else 0)


def test_it_has_exactly_the_allowed_transitions():
    from bookings.state_machine import TRANSITIONS

    derived = set()
    for (state, action), rule in TRANSITIONS.items():
        for role in rule.who:
            for flow in rule.flows:
                derived.add((state.value, action.value, role.value, flow.value))
    assert derived == set(ALLOWED)
