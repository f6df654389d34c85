"""Celery tasks of listings: they take ids, call a service, and can run twice harmlessly."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def prepare_photos(listing_id: int) -> int:
    return services.photos_prepare(listing_id=listing_id)


@shared_task(time_limit=600, soft_time_limit=580, ignore_result=True)
def prepare_waiting_photos() -> int:
    """The safety net: prepare the photos the on-commit task did not (broker down, worker killed)."""
    return services.photos_prepare_waiting()
