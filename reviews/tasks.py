"""Periodic and delivery tasks of reviews. Each takes ids (or nothing), is idempotent, has time limits."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import ReviewNotice

RECENT_BOOKINGS_LOOKBACK = timedelta(minutes=20)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=30, time_limit=60, acks_late=True
)
def deliver_review_notice(notice_id: int) -> bool:
    return services.review_notice_deliver(notice_id=notice_id)


@shared_task(soft_time_limit=100, time_limit=120)
def deliver_pending_review_notices() -> int:
    """Whatever a dead broker or a killed worker left undelivered (older than a minute)."""
    cutoff = timezone.now() - timedelta(minutes=1)
    ids = list(
        ReviewNotice.objects.filter(sent_at__isnull=True, skipped=False, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    return sum(services.review_notice_deliver(notice_id=pk) for pk in ids)


@shared_task(soft_time_limit=100, time_limit=120)
def open_review_windows() -> int:
    return services.review_windows_open()


@shared_task(soft_time_limit=100, time_limit=120)
def send_review_reminders() -> int:
    return services.review_reminders_send()


@shared_task(soft_time_limit=100, time_limit=120)
def publish_closed_review_windows() -> int:
    return services.reviews_publish_closed_windows()


@shared_task(soft_time_limit=100, time_limit=120)
def refresh_recent_trust_summaries() -> int:
    """Every 10 minutes, looking back 20: overlapping runs are harmless (a refresh is idempotent)."""
    return services.trust_summaries_refresh_recent(since=timezone.now() - RECENT_BOOKINGS_LOOKBACK)


@shared_task(soft_time_limit=1700, time_limit=1800)
def refresh_all_trust_summaries() -> int:
    return services.trust_summaries_refresh_all()
