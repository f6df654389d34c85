"""Per-member rate limits on what members send each other: generous for a person, tight for a script.

The rates live in ``settings.MEMBER_RATE_LIMITS`` (``"20/m,300/d"``: at most 20 a minute and
300 a day). They are counted in Django's cache — Redis in production, where allauth counts its
own limits — in fixed windows: one key per member, action and window, created by ``add()`` and
counted by ``incr()``, both atomic in Redis. A cache that is down lets everything through, as
allauth's limits do (see ``marketplace.cache``): the limits stop scripts, and must not refuse
members while Redis is away.

The pages that send (a message, a question, a booking request) call ``consume`` before the
service; moderation's reports call it from their service.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rates(text: str) -> list[Rate]:
    """``"20/m,300/d"`` → [Rate(20, 60), Rate(300, 86400)] (s, m, h or d)."""
    rates = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        amount, unit = part.split("/")
        rates.append(Rate(int(amount), _UNITS[unit]))
    return rates


def consume(*, user_id: int, action: str) -> bool:
    """Count one ``action`` by the member; False (counted nowhere further) once a rate is exceeded."""
    return consume_for(sender=f"member:{user_id}", action=action, rates=settings.MEMBER_RATE_LIMITS.get(action, ""))


def consume_for(*, sender: str, action: str, rates: str) -> bool:
    """Count one ``action`` by ``sender`` (a member, or a visitor's address) against ``rates``
    ("3/h,10/d"); False once one of them is exceeded."""
    now = int(time.time())
    for rate in parse_rates(rates):
        key = f"ratelimit:{action}:{sender}:{rate.seconds}:{now // rate.seconds}"
        cache.add(key, 0, rate.seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted meanwhile: let it through
            continue
        if count is None:  # the cache is unreachable (django-redis answers None): let it through
            continue
        if count > rate.amount:
            return False
    return True
