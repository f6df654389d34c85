"""Delivery for real: a dead broker does not hold up a booking, a real worker sends the email."""

import datetime
import os
import time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings import notifications
from bookings.models import Notification, NotificationOutcome
from bookings.tasks import deliver_pending_notifications
from tests.bookings.conftest import in_days
from tests.conftest import login

CLOSED_PORT_URL = "redis://127.0.0.1:1/4"


@pytest.fixture
def broker_down(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT_URL
    notifications.broker_backoff_reset()
    yield
    notifications.broker_backoff_reset()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_request_succeeds_fast(client, bob, drill, broker_down):
    login(client, bob)
    started = time.monotonic()
    response = client.post(
        reverse("bookings:request", args=[drill.pk]),
        {"start_date": in_days(2).isoformat(), "end_date": in_days(3).isoformat(), "message": "Bonjour"},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 3
    assert Notification.objects.get().outcome == NotificationOutcome.PENDING


@pytest.mark.django_db(transaction=True)
def test_what_the_dead_broker_missed_is_delivered_by_the_periodic_task(
    client, alice, bob, drill, broker_down, settings
):
    login(client, bob).post(
        reverse("bookings:request", args=[drill.pk]),
        {"start_date": in_days(2).isoformat(), "end_date": in_days(3).isoformat()},
    )
    assert mail.outbox == []
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is back; beat runs the periodic task
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        deliver_pending_notifications()
    assert [m.to for m in mail.outbox] == [[alice.email]]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_through_redis(client, alice, bob, drill, settings):
    from celery.contrib.testing.worker import start_worker

    from marketplace.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    notifications.broker_backoff_reset()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        login(client, bob).post(
            reverse("bookings:request", args=[drill.pk]),
            {"start_date": in_days(2).isoformat(), "end_date": in_days(3).isoformat()},
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert Notification.objects.get().outcome == NotificationOutcome.SENT
