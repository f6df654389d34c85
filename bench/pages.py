"""The pages the benchmark measures and the rotating paths of each.

A page whose URL does not exist yet (its app is not merged) is left out with a note, so the
harness runs at every stage of the project.
"""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bench.common import Page, log

# Text queries (accents left out on purpose, as people type them) and filter combinations.
SEARCH_TEXTS = [
    "velo", "perceuse", "tente", "poussette", "ski", "robot patissier", "echelle", "lego", "appareil photo",
    "cours de maths", "garde de chat", "canape", "tondeuse", "raclette", "livre", "velo enfant", "videoprojecteur",
    "siege auto", "enceinte", "demenagement", "", "",
]  # fmt: skip
SEARCH_FILTERS: list[dict[str, str]] = [
    {},
    {"kind": "lend"},
    {"kind": "sell", "sort": "price_asc"},
    {"intent": "offer", "sort": "newest"},
    {"where": "Lyon"},
    {"where": "690"},
    {"max_price": "50"},
    {"category": "sports-outdoor"},
    {"kind": "service", "category": "services", "page": "2"},
    {"kind": "lend", "max_price": "10", "sort": "newest", "available": "yes"},
    {"sort": "price_desc", "where": "75"},
]
ROTATION = 200  # distinct paths per page: enough that no single row stays hot in every cache


def build(*, listings: int, member_id: int) -> list[Page]:
    pages = [Page(key="floor", label="floor", paths=["/bench/floor/"], member=False)]
    circle_ids = list(
        apps.get_model("circles", "Membership")
        .objects.filter(user_id=member_id, status="active")
        .order_by("circle_id")
        .values_list("circle_id", flat=True)
    )
    search_anon, search_member = _search_paths([]), _search_paths(circle_ids)
    if search_anon:
        pages += [
            Page(key="search_anon", label="search (anon)", paths=search_anon, member=False),
            Page(key="search_member", label="search (member)", paths=search_member, member=True),
        ]
    else:
        log("no listings:search URL yet: search not measured")
    detail_anon, detail_member = _detail_paths(listings, member_id)
    if detail_anon:
        pages += [
            Page(key="detail_anon", label="detail (anon)", paths=detail_anon, member=False),
            Page(key="detail_member", label="detail (member)", paths=detail_member, member=True),
        ]
    else:
        log("no listings:detail URL or no listings yet: detail not measured")
    pages += [
        Page(key="home_anon", label="home (anon)", paths=["/"], member=False),
        Page(key="home_member", label="home (member)", paths=["/"], member=True),
    ]
    return pages


def _search_paths(circle_ids: list[int]) -> list[str]:
    """Text queries crossed with filters; with ``circle_ids``, every seventh path filters on a circle."""
    try:
        base = reverse("listings:search")
    except NoReverseMatch:
        return []
    today = timezone.localdate()
    paths = []
    for index in range(ROTATION):
        params = {"q": SEARCH_TEXTS[index % len(SEARCH_TEXTS)], **SEARCH_FILTERS[index % len(SEARCH_FILTERS)]}
        if params.pop("available", None):
            start = today + timedelta(days=7 + index % 20)
            params.update(available_from=start.isoformat(), available_to=(start + timedelta(days=3)).isoformat())
        if circle_ids and index % 7 == 3:
            params["circle"] = str(circle_ids[index % len(circle_ids)])
        query = urlencode({key: value for key, value in params.items() if value})
        paths.append(f"{base}?{query}" if query else base)
    return paths


def _detail_paths(listings: int, member_id: int) -> tuple[list[str], list[str]]:
    """Public listings for the visitor; for the member, half of them visible through their circles."""
    try:
        listing_model = apps.get_model("listings", "Listing")
        reverse("listings:detail", kwargs={"pk": 1})
    except (LookupError, NoReverseMatch):
        return [], []
    rng = random.Random(7)
    visible = listing_model.objects.filter(status="active")
    # A deterministic sample spread over the whole table, without sorting it at random.
    candidates = rng.sample(range(1, listings + 1), min(listings, ROTATION * 20))
    public = list(visible.filter(visibility="public", pk__in=candidates).values_list("pk", flat=True))
    rng.shuffle(public)
    public = public[:ROTATION]
    member_circles = apps.get_model("circles", "Membership").objects.filter(user_id=member_id, status="active")
    circle_only = list(
        visible.filter(visibility="circles", circles__in=member_circles.values("circle_id"))
        .exclude(owner_id=member_id)
        .order_by("pk")
        .values_list("pk", flat=True)[: ROTATION * 20]
    )
    circle_only = rng.sample(circle_only, min(len(circle_only), ROTATION // 2))
    member = public[: ROTATION - len(circle_only)] + circle_only
    rng.shuffle(member)

    def url(pk: int) -> str:
        return str(reverse("listings:detail", kwargs={"pk": pk}))

    return [url(pk) for pk in public], [url(pk) for pk in member]
