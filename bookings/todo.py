"""The name under which a member's "to do" (the home page's list of what waits) is kept."""

from __future__ import annotations


def todo_version(user_id: int) -> str:
    """The cache version (``marketplace.cache``) of what waits for a member on their home page:
    bumped after every change to one of their bookings (``bookings.state_machine.perform``, a new
    request) and every review they write (``reviews.services.review_create``)."""
    return f"todo:{user_id}"
