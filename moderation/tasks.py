"""Periodic and background work of moderation. Tasks take ids and are idempotent."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(time_limit=600, soft_time_limit=570, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True)
def build_data_export(export_id: int) -> None:
    services.data_export_build(export_id=export_id)


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def lift_expired_suspensions() -> int:
    return services.suspensions_lift_expired()


@shared_task(time_limit=300, soft_time_limit=280, ignore_result=True)
def purge_expired_exports() -> int:
    return services.data_exports_purge_expired()
