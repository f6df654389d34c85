"""Template helpers for listing pages."""

from __future__ import annotations

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    """The URL of a stored file name (covers are stored as names, not FieldFiles)."""
    return default_storage.url(name) if name else ""
