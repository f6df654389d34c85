import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class FailSoftRedisCache(RedisCache):
    """A Redis cache that behaves like an empty cache when Redis is unreachable.

    The cache only speeds things up and counts rate limits; a Redis outage must not turn
    every page into a 500. Timeouts are short (settings.REDIS_TIMEOUT_SECONDS) and calls are
    not retried, so a dead Redis costs at most that much per call. The health check uses the
    raw client instead.

    ``add`` answers True when Redis is down: allauth's rate limiter takes a lock with
    ``cache.add`` and, refused, would answer 429 to every login and sign-up for as long as
    Redis is away. We prefer logins to keep working (unthrottled) during an outage; do not use
    ``cache.add`` as a lock for anything that must never run twice.
    """

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            logger.warning("cache get failed: %s", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            logger.warning("cache get_many failed: %s", exc)
            return {}

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            logger.warning("cache set failed: %s", exc)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            logger.warning("cache add failed: %s", exc)
            return True

    def set_many(self, data: Any, timeout: Any = None, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            logger.warning("cache set_many failed: %s", exc)
            return list(data)

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError as exc:
            logger.warning("cache delete failed: %s", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            logger.warning("cache incr failed: %s", exc)
            raise ValueError("cache unavailable") from exc
