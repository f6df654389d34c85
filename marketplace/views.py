import time
from concurrent.futures import ThreadPoolExecutor

import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as django_bad_request
from redis.backoff import NoBackoff
from redis.retry import Retry

from listings import selectors as listing_selectors
from listings.forms import SearchBarForm
from marketplace.cache import current_version, visitor_page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Recent listings from the member's circles first, then public ones, and the categories."""

    def draw() -> HttpResponse:
        from_circles, recent = listing_selectors.home_listings(viewer=request.user)
        tree = listing_selectors.category_tree()
        context = {
            "from_circles": from_circles,
            "recent": recent,
            "tree": tree,
            "tree_version": current_version(listing_selectors.CATEGORIES_VERSION),
            # The search bar's text field, as the search page draws it.
            "search_form": SearchBarForm(),
        }
        return render(request, "home.html", context)

    return visitor_page(request, name="home", depends_on=[listing_selectors.LISTINGS_VERSION], render=draw)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A body too large (photos, most often) gets a page that says so, with status 413."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit_mb": settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)}
        return render(request, "request_too_large.html", context, status=413)
    return django_bad_request(request, exception)


def _check_database() -> bool:
    try:
        # A bare round trip, not a model query: the health check asks whether PostgreSQL answers.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def _ping_redis(url: str) -> bool:
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS,
        socket_timeout=settings.REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _check_cache() -> bool:
    """Ping the Redis behind the default cache (settings read now, so tests can override them)."""
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        return True  # in-process cache: up as long as this process is
    location = cache["LOCATION"]
    return _ping_redis(location[0] if isinstance(location, list | tuple) else location)


def _check_broker() -> bool:
    """Ping the Celery broker; the in-memory broker of development is always up."""
    url = settings.CELERY_BROKER_URL or ""
    if not url.startswith(("redis://", "rediss://")):
        return True  # "memory://": tasks run in-process, there is no broker to reach
    return _ping_redis(url)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report the state of the database, the cache and the broker; 503 names what is down."""
    started = time.monotonic()
    # Cache and broker are pinged side by side, so two dead Redis cost one timeout, not two.
    with ThreadPoolExecutor(max_workers=2) as pool:
        cache_up, broker_up = pool.submit(_check_cache), pool.submit(_check_broker)
        checks = {"database": _check_database(), "cache": cache_up.result(), "broker": broker_up.result()}
    down = sorted(name for name, up in checks.items() if not up)
    body = {
        "status": "ok" if not down else "down",
        "checks": {name: "up" if up else "down" for name, up in checks.items()},
        "down": down,
        "elapsed_ms": round((time.monotonic() - started) * 1000),
    }
    return JsonResponse(body, status=503 if down else 200)
