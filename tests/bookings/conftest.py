"""The cast of bookings: alice owns, bob asks, charlie is a stranger, dana shares a circle with both."""

import datetime
from importlib import import_module

import pytest
from django.utils import timezone

from circles.models import Circle, Membership
from tests.factories import BookableListingFactory, UserFactory


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def join(user, circle: Circle) -> None:
    Membership.objects.create(circle=circle, user=user, status="active", role="member", joined_at=timezone.now())


@pytest.fixture
def circle(db) -> Circle:
    return Circle.objects.create(
        name="Résidence Les Tilleuls", slug="les-tilleuls", kind="building", join_policy="open"
    )


@pytest.fixture
def dana(db, circle, alice, bob):
    """A fellow member of alice's and bob's circle, who is in none of their exchanges."""
    dana = UserFactory(first_name="Dana", last_name="Roux", email="dana@example.fr")
    for member in (alice, bob, dana):
        join(member, circle)
    return dana


@pytest.fixture
def drill(alice):
    return BookableListingFactory(
        owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00", deposit="50.00"
    )


@pytest.fixture
def bike(alice):
    return BookableListingFactory(owner=alice, kind="sell", title="Vélo de ville", price_unit="fixed", price="120.00")


@pytest.fixture(scope="module", autouse=True)
def categories_back_after_flushes(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties the categories seeded by a data
    migration: put them back, so the tests that follow (other apps' too) still find them."""
    yield
    with django_db_blocker.unblock():
        from django.apps import apps

        from listings.models import Category

        if not Category.objects.exists():
            import_module("listings.migrations.0003_seed_categories").seed(apps, None)
