"""The pages the benchmark measures, and the stream of requests of each (see bench/mix.py).

A page whose URL does not exist yet (its app is not merged) is left out with a note, so the
harness runs at every stage of the project.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bench import mix
from bench.common import Line, Page, log

# Booking requests POSTed per load run at most once each: more than the run can send.
POST_ROTATION = 3000


def build(*, listings: int, cast_ids: Sequence[int], requester_id: int) -> list[Page]:
    """Every page, its requests drawn from the mix; the member variants rotate over ``cast_ids``."""
    pages = [Page(key="floor", label="floor", lines=[Line("/bench/floor/")], mix="one URL")]
    circles = _circles_of(cast_ids)
    search = _search_pages(cast_ids, circles)
    if not search:
        log("no listings:search URL yet: search not measured")
    detail = _detail_pages(listings, cast_ids, circles)
    if not detail:
        log("no listings:detail URL or no listings yet: detail not measured")
    cast_home = [Line("/", member_id=member_id) for member_id in cast_ids]
    pages += search + detail
    pages += [
        Page(key="home_anon", label="home (anon)", lines=[Line("/")], mix="one URL"),
        Page(
            key="home_member",
            label="home (member)",
            lines=cast_home,
            visitor="member",
            mix=f"one URL, {len(cast_ids)} members in turn",
        ),
    ]
    pages += _booking_pages(cast_ids, requester_id)
    return pages


def _circles_of(member_ids: Sequence[int]) -> dict[int, list[int]]:
    memberships = apps.get_model("circles", "Membership").objects.filter(user_id__in=member_ids, status="active")
    circles: dict[int, list[int]] = {member_id: [] for member_id in member_ids}
    for user_id, circle_id in memberships.order_by("user_id", "circle_id").values_list("user_id", "circle_id"):
        circles[user_id].append(circle_id)
    return circles


def _stream(seed: int) -> random.Random:
    """Each page's draws have their own fixed seed: adding a page never changes another's stream."""
    return random.Random(seed)


def _search_pages(cast_ids: Sequence[int], circles: dict[int, list[int]]) -> list[Page]:
    """Zipf draws over the most popular searches; members in turn, each with their own circles."""
    try:
        base = reverse("listings:search")
    except NoReverseMatch:
        return []
    today = timezone.localdate()

    def url(params: dict[str, str], rank: int, member_circles: Sequence[int] = ()) -> str:
        query = mix.search_query(params, rank=rank, today=today, circles=member_circles)
        return f"{base}?{query}" if query else base

    visitors = mix.search_catalogue(members=False)
    members = mix.search_catalogue(members=True)
    visitor_zipf, member_zipf = mix.Zipf(len(visitors)), mix.Zipf(len(members))
    rng = _stream(1)
    anon = []
    for _ in range(mix.STREAM):
        rank = visitor_zipf.draw(rng)
        anon.append(Line(url(visitors[rank], rank)))
    rng = _stream(2)
    member = []
    for index in range(mix.STREAM):
        member_id = cast_ids[index % len(cast_ids)]
        rank = member_zipf.draw(rng)
        member.append(Line(url(members[rank], rank, circles[member_id]), member_id=member_id))
    described = "Zipf (s = 1) over {} searches"
    return [
        Page(key="search_anon", label="search (anon)", lines=anon, mix=described.format(len(visitors))),
        Page(
            key="search_member",
            label="search (member)",
            lines=member,
            visitor="member",
            mix=described.format(len(members)) + f", {len(cast_ids)} members in turn",
        ),
    ]


def _detail_pages(listings: int, cast_ids: Sequence[int], circles: dict[int, list[int]]) -> list[Page]:
    """Zipf draws over public listings; members also view their circles' listings (half of their views)."""
    try:
        listing_model = apps.get_model("listings", "Listing")
        reverse("listings:detail", kwargs={"pk": 1})
    except (LookupError, NoReverseMatch):
        return []
    active = listing_model.objects.filter(status="active")
    # A deterministic sample spread over the whole table, without sorting it at random.
    candidates = random.Random(7).sample(range(1, listings + 1), min(listings, mix.DETAIL_CATALOGUE * 3 // 2))
    public_ids = active.filter(visibility="public", pk__in=candidates).order_by("pk").values_list("pk", flat=True)
    public = mix.ranked(list(public_ids), seed=8, size=mix.DETAIL_CATALOGUE)
    if not public:
        return []
    owners = dict(active.filter(pk__in=public).values_list("pk", "owner_id"))
    of_circles: dict[int, list[int]] = {}
    for number, member_id in enumerate(cast_ids):
        circle_only = (
            active.filter(visibility="circles", circles__in=circles[member_id])
            .exclude(owner_id=member_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()[: mix.CIRCLE_CATALOGUE * 4]
        )
        of_circles[member_id] = mix.ranked(list(circle_only), seed=100 + number, size=mix.CIRCLE_CATALOGUE)

    def url(pk: int) -> str:
        return str(reverse("listings:detail", kwargs={"pk": pk}))

    public_zipf = mix.Zipf(len(public))
    rng = _stream(3)
    anon = [Line(url(public[public_zipf.draw(rng)])) for _ in range(mix.STREAM)]
    circle_zipfs = {member_id: mix.Zipf(len(ids)) for member_id, ids in of_circles.items() if ids}
    rng = _stream(4)
    member = []
    for index in range(mix.STREAM):
        member_id = cast_ids[index % len(cast_ids)]
        if member_id in circle_zipfs and rng.random() < 0.5:
            pk = of_circles[member_id][circle_zipfs[member_id].draw(rng)]
        else:
            pk = public[public_zipf.draw(rng)]
            while owners[pk] == member_id:  # a member's own listing is another page (the owner's)
                pk = public[public_zipf.draw(rng)]
        member.append(Line(url(pk), member_id=member_id))
    circle_total = sum(len(ids) for ids in of_circles.values())
    return [
        Page(key="detail_anon", label="detail (anon)", lines=anon, mix=f"Zipf (s = 1) over {len(public)} listings"),
        Page(
            key="detail_member",
            label="detail (member)",
            lines=member,
            visitor="member",
            mix=f"half Zipf over the {len(public)} public listings, half over their circles' "
            f"({circle_total} in all), {len(cast_ids)} members in turn",
        ),
    ]


def _booking_pages(cast_ids: Sequence[int], requester_id: int) -> list[Page]:
    """Issue 5: the members' dashboards, and a booking request POST (a loan, rotating listings)."""
    try:
        dashboard = reverse("bookings:dashboard")
        reverse("bookings:request", kwargs={"listing_pk": 1})
        booking_model = apps.get_model("bookings", "Booking")
    except (NoReverseMatch, LookupError):
        log("no bookings app yet: dashboard and booking request not measured")
        return []
    listing_model = apps.get_model("listings", "Listing")
    # Listings nobody has booked: the seeded dashboards' accepted loans never overlap a request.
    loans = list(
        listing_model.objects.filter(kind="lend", intent="offer", status="active", visibility="public")
        .exclude(owner_id=requester_id)
        .exclude(pk__in=booking_model.objects.exclude(requester_id=requester_id).values("listing_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:POST_ROTATION]
    )
    first_day = timezone.localdate() + timedelta(days=30)
    requests = []
    for index, listing_id in enumerate(loans):
        start = first_day + timedelta(days=index % 200)
        body = urlencode(
            {
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(days=2)).isoformat(),
                "message": "Bonjour, je pourrais l'emprunter pour le week-end ? Merci !",
            }
        )
        path = reverse("bookings:request", kwargs={"listing_pk": listing_id})
        requests.append(Line(path, body=body, member_id=requester_id))

    def forget_requests() -> None:
        """Remove what earlier runs requested, so every POST meets a listing with no pending request."""
        conversation_model = apps.get_model("bookings", "Conversation")
        booking_model.objects.filter(requester_id=requester_id).delete()
        conversation_model.objects.filter(member_id=requester_id).delete()

    return [
        Page(
            key="dashboard_member",
            label="dashboard (member)",
            lines=[Line(dashboard, member_id=member_id) for member_id in cast_ids],
            visitor="member",
            mix=f"one URL, {len(cast_ids)} members in turn",
        ),
        Page(
            key="booking_request",
            label="booking POST",
            lines=requests,
            visitor="requester",
            expect_status=302,
            before_load=forget_requests,
            mix=f"{len(requests)} listings in turn, each once",
        ),
    ]
