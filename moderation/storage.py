"""Where data exports are written: a private folder, never served as media."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def export_storage() -> Storage:
    """Read at call time, so that tests (and deployments) can point it elsewhere."""
    return FileSystemStorage(location=settings.MODERATION_EXPORT_ROOT, base_url=None)
