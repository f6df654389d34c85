import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as django_bad_request
from redis.backoff import NoBackoff
from redis.retry import Retry

from accounts.models import User
from bookings import selectors as booking_selectors
from bookings.todo import todo_key
from circles.selectors import circle_ids_for_user
from listings import selectors as listing_selectors
from listings.forms import SearchBarForm
from marketplace.cache import current_version, get_or_compute, visitor_page
from reviews import selectors as review_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Recent listings from the member's circles first, then public ones, and the categories; a
    member is greeted with what waits for them and, until done, their first steps."""

    def draw() -> HttpResponse:
        from_circles, recent = listing_selectors.home_listings(viewer=request.user)
        tree = listing_selectors.category_tree()
        context: dict[str, Any] = {
            "from_circles": from_circles,
            "recent": recent,
            "tree": tree,
            "tree_version": current_version(listing_selectors.CATEGORIES_VERSION),
            # The search bar's text field, as the search page draws it.
            "search_form": SearchBarForm(),
        }
        if isinstance(request.user, User):
            context.update(_member_home(request.user, from_circles=from_circles))
        return render(request, "home.html", context)

    return visitor_page(request, name="home", depends_on=[listing_selectors.LISTINGS_VERSION], render=draw)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A body too large (photos, most often) gets a page that says so, with status 413."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit_mb": settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)}
        return render(request, "request_too_large.html", context, status=413)
    return django_bad_request(request, exception)


def _member_todo(member: User) -> dict[str, Any]:
    """What waits for the member: requests to answer and reviews to write, as plain values, kept
    in the cache (``bookings.todo.todo_key``), forgotten after every change to their bookings and
    every review they write; an entry lasts ten minutes at most, which bounds how long a review
    window that closed meanwhile may still show."""

    def compute() -> dict[str, Any]:
        waiting = booking_selectors.requests_waiting_for(user=member)
        limit = booking_selectors.WAITING_LIMIT
        return {
            "waiting_requests": [
                {
                    "pk": booking.pk,
                    "created_at": booking.created_at,
                    "title": booking.listing.title,
                    "name": booking.requester.public_name,
                }
                for booking in waiting[:limit]
            ],
            "more_waiting": len(waiting) > limit,
            "reviews_due": [
                {"booking_pk": item.booking.pk, "name": item.subject.public_name, "deadline": item.deadline}
                for item in review_selectors.reviews_to_write(user=member)
            ],
        }

    return get_or_compute(todo_key(member.pk), compute)


def _member_home(member: User, *, from_circles: list[Any]) -> dict[str, Any]:
    """What waits for the member, and the first steps they have not taken yet."""
    # Listings from their circles mean they are in one: no need to read their circles again.
    in_circles = bool(from_circles) or bool(circle_ids_for_user(user=member))
    steps = [
        (bool(member.avatar), _("Add a photo of you"), reverse("accounts:profile_edit")),
        (bool(member.bio.strip()), _("Say a few words about yourself"), reverse("accounts:profile_edit")),
        (bool(member.phone), _("Add your phone number (never shown)"), reverse("accounts:profile_edit")),
        (in_circles, _("Join your first circle"), reverse("circles:directory")),
    ]
    return {
        **_member_todo(member),
        # The header's count as a number (the home counts with it), read once for both: a view's
        # context wins over the context processor's lazy one.
        "unread_message_count": booking_selectors.unread_message_count(user=member),
        "in_circles": in_circles,
        "first_steps": [{"done": done, "label": label, "url": url} for done, label, url in steps],
        "first_steps_left": sum(1 for done, _label, _url in steps if not done),
    }


# Listing and circle pages that a visitor or an outsider cannot see answer 404 like pages that do
# not exist: the error page then says what may be the reason, whatever the case.
PRIVATE_PAGES = {"listings:detail", "circles:detail"}


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 page; on a listing or a circle address, the hint that it may be kept for a
    circle's members (never saying whether it exists)."""
    match = getattr(request, "resolver_match", None)
    hint = bool(match and match.view_name in PRIVATE_PAGES)
    return render(request, "404.html", {"circle_hint": hint, "request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 page: a template of its own, drawn without the database or a request context."""
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


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
