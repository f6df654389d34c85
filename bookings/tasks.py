"""Celery tasks of bookings: they take ids, call a service, and can run twice harmlessly."""

from __future__ import annotations

import logging

from celery import shared_task

from . import notifications, services

logger = logging.getLogger(__name__)


@shared_task(time_limit=60, soft_time_limit=50, ignore_result=True)
def deliver_notification(notification_id: int) -> str:
    return notifications.deliver(notification_id)


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def deliver_pending_notifications() -> int:
    """The safety net: send what the on-commit task did not (broker down, worker killed)."""
    sent = 0
    for notification_id in notifications.pending_due_ids():
        if notifications.deliver(notification_id) == "sent":
            sent += 1
    return sent


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def expire_stale_requests() -> int:
    return services.bookings_expire_stale()


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def remind_unanswered_requests() -> int:
    return services.bookings_remind_unanswered()


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def remind_overdue_returns() -> int:
    return services.bookings_remind_overdue()
