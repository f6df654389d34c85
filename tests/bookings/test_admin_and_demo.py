"""The admin pages of bookings, the demo data and the periodic tasks' schedule."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from bookings.models import Booking, Notification
from bookings.services import booking_request, conversation_ask
from marketplace.celery import app
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    return login(client, admin)


@pytest.fixture
def some_data(drill, bob):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3), message="Salut")
    conversation_ask(listing=drill, member=UserFactory(), body="Une question")
    return booking


@pytest.mark.parametrize("model", ["booking", "conversation", "notification"])
def test_admin_lists_them(admin_client, some_data, model):
    assert admin_client.get(reverse(f"admin:bookings_{model}_changelist")).status_code == 200


def test_admin_shows_a_booking_with_its_timeline(admin_client, some_data):
    response = admin_client.get(reverse("admin:bookings_booking_change", args=[some_data.pk]))
    assert "requested" in response.content.decode()


def test_admin_shows_a_conversation_with_its_messages(admin_client, some_data):
    response = admin_client.get(reverse("admin:bookings_conversation_change", args=[some_data.conversation.pk]))
    assert "Salut" in response.content.decode()


def test_admin_shows_the_delivery_state_of_notifications(admin_client, some_data):
    notification = Notification.objects.filter(booking=some_data).first()
    response = admin_client.get(reverse("admin:bookings_notification_change", args=[notification.pk]))
    assert response.status_code == 200


def test_demo_has_every_state_of_every_kind_and_runs_twice(db):
    from accounts import demo as accounts_demo
    from bookings import demo as bookings_demo
    from listings import demo as listings_demo

    out = io.StringIO()
    for module in (accounts_demo, listings_demo, bookings_demo, bookings_demo):
        module.seed(out)
    pairs = set(Booking.objects.values_list("kind", "state"))
    assert {("lend", state) for state in bookings_demo.LOAN_STATES} <= pairs
    assert {
        (kind, state) for kind in ("sell", "swap", "give", "service") for state in bookings_demo.DIRECT_STATES
    } <= pairs
    assert Booking.objects.count() == 31


@pytest.mark.parametrize(
    "name",
    [
        "bookings-deliver-pending-notifications",
        "bookings-expire-stale-requests",
        "bookings-remind-unanswered-requests",
        "bookings-remind-overdue-returns",
    ],
)
def test_periodic_tasks_are_scheduled_and_exist(name):
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks
