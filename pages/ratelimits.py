"""How often one sender may use the contact form, counted in Django's cache.

Issue 16 brings per-member limits for everything members send (``accounts.ratelimits``); the
contact form is open to visitors too, so it counts per member, or per client address for a
visitor. This small helper is the one place to point at that module once it is merged.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def consume(*, key: str, rates: str | None = None) -> bool:
    """Count one message from ``key``; False once one of ``rates`` ("3/h,10/d") is exceeded.

    Fixed windows: one cache key per sender and window, created by ``add`` and counted by
    ``incr`` (both atomic in Redis). A cache that is unreachable lets the message through, as
    the site's other limits do: the honeypot still stops scripts.
    """
    now = int(time.time())
    for part in filter(None, (piece.strip() for piece in (rates or settings.CONTACT_RATE_LIMITS).split(","))):
        amount, unit = part.split("/")
        seconds = _UNITS[unit]
        window = f"ratelimit:contact:{key}:{seconds}:{now // seconds}"
        cache.add(window, 0, seconds)
        try:
            count = cache.incr(window)
        except ValueError:
            continue
        if count > int(amount):
            return False
    return True
