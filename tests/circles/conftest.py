"""The circles cast: alice (admin), bob (member), dave (applicant), charlie (stranger), anonymous."""

from dataclasses import dataclass

import pytest
from django.test import Client

from circles.models import Circle, JoinPolicy
from tests.conftest import login
from tests.factories import CircleFactory, MembershipFactory, UserFactory


@dataclass
class Cast:
    circle: Circle
    admin: object
    member: object
    applicant: object
    stranger: object

    def client(self, who: str) -> Client:
        """A client logged in as ``who`` (admin, member, applicant, stranger) or anonymous."""
        client = Client()
        if who != "anonymous":
            login(client, getattr(self, who))
        return client


def _cast(alice, bob, charlie, join_policy: str) -> Cast:
    circle = CircleFactory(name="Résidence Les Tilleuls", slug="residence-les-tilleuls", join_policy=join_policy)
    MembershipFactory(circle=circle, user=alice, admin=True)
    MembershipFactory(circle=circle, user=bob)
    dave = UserFactory(first_name="Dave", last_name="Durand", email="dave@example.fr")
    if join_policy != JoinPolicy.INVITATION:
        MembershipFactory(circle=circle, user=dave, pending=True, message="J'habite au 3e.")
    return Cast(circle=circle, admin=alice, member=bob, applicant=dave, stranger=charlie)


@pytest.fixture
def request_cast(alice, bob, charlie) -> Cast:
    """An on-request circle: alice admin, bob member, dave waiting for an answer, charlie outside."""
    return _cast(alice, bob, charlie, JoinPolicy.REQUEST)


@pytest.fixture
def private_cast(alice, bob, charlie) -> Cast:
    """An invitation-only circle: alice admin, bob member; dave and charlie outside."""
    return _cast(alice, bob, charlie, JoinPolicy.INVITATION)


@pytest.fixture
def open_cast(alice, bob, charlie) -> Cast:
    return _cast(alice, bob, charlie, JoinPolicy.OPEN)
