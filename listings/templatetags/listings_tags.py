"""Template helpers for listing pages."""

from __future__ import annotations

import datetime

from django import template
from django.core.files.storage import default_storage
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    """The URL of a stored file name (covers are stored as names, not FieldFiles)."""
    return default_storage.url(name) if name else ""


@register.filter
def ago(value: datetime.datetime | None) -> str:
    """ "3 days", "2 weeks": the largest unit only, as people say it."""
    return timesince(value, depth=1) if value else ""
