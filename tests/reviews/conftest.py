"""The reviews cast: alice (owner) lent to bob (requester); charlie is a stranger to both."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from circles.models import Circle
from tests.factories import CircleFactory, MembershipFactory, reviews_booking

COMPLETED = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def completed_at() -> datetime:
    return COMPLETED


@pytest.fixture
def booking(alice, bob):
    """alice's drill, lent to bob, completed on 2 March 2026 at 10:00."""
    return reviews_booking(owner=alice, requester=bob, completed_at=COMPLETED)


def in_window(days: float = 1) -> datetime:
    return COMPLETED + timedelta(days=days)


def share_a_circle(*members, name: str = "Résidence Les Tilleuls") -> Circle:
    circle = CircleFactory(name=name, slug=name.lower().replace(" ", "-"))
    for member in members:
        MembershipFactory(circle=circle, user=member)
    return circle
