"""The cache: named keys, versions, and what a page may take from it.

Every key says what it depends on; the services that change those inputs delete the key or
bump its version, at once and again once their transaction has committed
(``delete_after_commit``, ``bump_after_commit``). Every entry also has a time limit, so that an invalidation lost while
Redis was unreachable cannot leave a stale entry behind for long.

Redis is django-redis with ``IGNORE_EXCEPTIONS``: when Redis is down the cache behaves as empty.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

T = TypeVar("T")

# The longest any derived value or rendered fragment stays: the bound on staleness if an
# invalidation was lost during a Redis outage.
MAX_AGE = 10 * 60


class RedisCache(DjangoRedisCache):
    """django-redis, except that ``add`` answers True when Redis is unreachable.

    allauth takes its rate-limit lock and marks a TOTP code used with ``cache.add``; refused,
    every login would answer 429 for as long as Redis is away. We prefer logins to keep working
    (unthrottled) during an outage, so ``cache.add`` must never be used as a lock for anything
    that must not run twice.
    """

    def add(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return bool(self.client.add(*args, **kwargs))
        except ConnectionInterrupted:
            return True


def get_or_compute(key: str, compute: Callable[[], T], *, timeout: int = MAX_AGE) -> T:
    """The cached value of ``key``, computed (and stored) when missing; ``compute`` must not return None."""
    return cast(T, cache.get_or_set(key, compute, timeout))


def delete_after_commit(keys: Iterable[str]) -> None:
    """Forget these keys now, and again once the current transaction commits: a request that
    read the old rows meanwhile may have put them back."""
    keys = list(keys)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _version_key(name: str) -> str:
    return f"version:{name}"


def current_version(name: str) -> str:
    """The current version of ``name``: part of the keys of whatever depends on it."""
    return str(cache.get_or_set(_version_key(name), lambda: uuid.uuid4().hex, None))


def current_versions(names: Iterable[str]) -> list[str]:
    """``current_version`` of several names in one round trip when they are all set."""
    names = list(names)
    found = cache.get_many([_version_key(name) for name in names])
    return [found.get(_version_key(name)) or current_version(name) for name in names]


def bump_after_commit(*names: str) -> None:
    """Give ``names`` a new version now, and again once the transaction commits (a request that
    read the old rows meanwhile may have cached them under the first new one): what was cached
    before is never read again, and expires by itself."""

    def bump() -> None:
        cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, None)

    bump()
    transaction.on_commit(bump)


def digest(*parts: Any) -> str:
    """A short, stable key part for values of any length (a query string, a list of ids)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


# --- Whole pages for visitors ------------------------------------------------------------


def serves_visitors_from_cache(request: HttpRequest) -> bool:
    """Whether ``request`` gets the page every visitor gets: a GET without a session or a
    pending message (either would make the page theirs alone)."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "sessionid" not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def visitor_page(
    request: HttpRequest, *, name: str, depends_on: Iterable[str], render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page ``render`` draws, taken from the cache for visitors when it is there.

    The key holds the page's ``name``, its full path, the language and the versions it
    ``depends_on``. Only a 200 is kept, and never one that carries a CSRF token (it would be
    another visitor's) or sets a cookie.
    """
    if not serves_visitors_from_cache(request):
        return render()
    versions = current_versions(depends_on)
    key = f"page:{name}:{request.LANGUAGE_CODE}:{digest(request.get_full_path(), versions)}"
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    if response.status_code == 200 and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        cache.set(key, response.content, MAX_AGE)
    return response
