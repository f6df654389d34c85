"""The cache key of a member's "to do" (the home page's list of what waits for them)."""

from __future__ import annotations


def todo_key(user_id: int) -> str:
    """Where the home page keeps what waits for a member (``marketplace.views``); deleted after
    every change to one of their bookings (``bookings.state_machine.perform``, a new request)
    and every review they write (``reviews.services.review_create``)."""
    return f"home-todo:{user_id}"
