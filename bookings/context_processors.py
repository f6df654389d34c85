"""What every page's header needs from bookings: the unread message count (one small query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import User

from .selectors import unread_message_count


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    # Lazy: pages that never render the header (emails, errors) make no query at all.
    return {"unread_message_count": SimpleLazyObject(lambda: unread_message_count(user=user))}
