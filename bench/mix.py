"""The traffic mix: which URLs the benchmark requests, and how often each.

Real traffic is not one URL hammered: a few searches and listings are very popular, most are
requested now and then. Every page's requests are drawn from a catalogue ranked by popularity,
the rank drawn Zipf-like (the URL of rank r comes with a probability proportional to 1 / r),
from a fixed random seed, so that two runs send the same requests in the same order and a
cache hit rate means the same thing in both. bench/README.md says how each catalogue is made.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlencode

ZIPF_S = 1.0
SEARCH_CATALOGUE = 2000  # distinct search URLs (each member's circle filter adds its variants)
DETAIL_CATALOGUE = 8000  # distinct public listings a visitor may ask for
CIRCLE_CATALOGUE = 2000  # at most, per member: listings of their circles they may ask for
STREAM = 60_000  # requests drawn per page: more than a run sends, so a run never replays itself

# What people type (accents left out on purpose, as they do), most popular first; "" is browsing.
# The last two match nothing in the seed: some searches find nothing.
SEARCH_TEXTS = [
    "", "velo", "perceuse", "tente", "poussette", "ski", "lego", "canape", "tondeuse", "echelle",
    "robot patissier", "raclette", "livre", "appareil photo", "cours de maths", "garde de chat", "velo enfant",
    "videoprojecteur", "siege auto", "enceinte", "demenagement", "trottinette", "table basse", "chaise haute",
    "guitare", "baby-sitting", "ponceuse", "kayak", "sac de couchage", "tablette", "valise", "manteau", "piano",
    "aide informatique", "perforateur", "escabeau", "brouette", "catan", "mangas", "nettoyeur haute pression",
    "lit parapluie", "casque audio", "ping-pong", "doudoune", "trampoline", "drone",
]  # fmt: skip
# Filter combinations, most used first. "available" becomes two dates; "circle" (members only)
# becomes one of the requesting member's circles.
SEARCH_FILTERS: list[dict[str, str]] = [
    {},
    {"kind": "lend"},
    {"where": "Lyon"},
    {"circle": "mine"},
    {"category": "sports-outdoor"},
    {"kind": "sell"},
    {"intent": "offer"},
    {"max_price": "50"},
    {"where": "75"},
    {"kind": "service", "category": "services"},
    {"kind": "give"},
    {"kind": "lend", "max_price": "10", "available": "yes"},
    {"category": "tools-diy", "where": "690"},
    {"intent": "request"},
    {"category": "cycling"},
]
SEARCH_SORTS = ["", "newest", "price_asc", "price_desc", "trust"]
SEARCH_PAGES = [1, 2, 3]
PAGE_WEIGHTS = {1: 1.0, 2: 1 / 3, 3: 1 / 9}  # few people look past the first page


class Zipf:
    """Draws ranks 0..n-1, rank r with a probability proportional to 1 / (r + 1) ** s."""

    def __init__(self, n: int, s: float = ZIPF_S) -> None:
        if n < 1:
            raise ValueError("a Zipf draw needs at least one rank")
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** s for rank in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])


def search_catalogue(*, members: bool, size: int = SEARCH_CATALOGUE) -> list[dict[str, str]]:
    """The ``size`` most popular searches, most popular first.

    A search's popularity is the product of its parts' (text, filters, sort: 1 / position in
    their list; page 1, 2, 3: 1, 1/3, 1/9); ties are broken by a seeded shuffle. The visitors'
    catalogue leaves out the circle filter, which only members have.
    """
    filters = [f for f in SEARCH_FILTERS if members or "circle" not in f]
    rng = random.Random(17)
    scored = []
    for (t, text), (f, chosen), (s, sort), page in itertools.product(
        enumerate(SEARCH_TEXTS), enumerate(filters), enumerate(SEARCH_SORTS), SEARCH_PAGES
    ):
        weight = PAGE_WEIGHTS[page] / ((t + 1) * (f + 1) * (s + 1))
        params = {"q": text, **chosen, "sort": sort, "page": str(page) if page > 1 else ""}
        scored.append((-weight, rng.random(), {key: value for key, value in params.items() if value}))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [params for _weight, _tie, params in scored[:size]]


def search_query(params: dict[str, str], *, rank: int, today: date, circles: Sequence[int] = ()) -> str:
    """The query string of a catalogue entry: dates for "available", a member's circle for "circle"."""
    resolved = dict(params)
    if resolved.pop("available", None):
        start = today + timedelta(days=7 + rank % 20)
        resolved.update(available_from=start.isoformat(), available_to=(start + timedelta(days=3)).isoformat())
    if resolved.get("circle"):
        if not circles:
            del resolved["circle"]
        else:
            resolved["circle"] = str(circles[rank % len(circles)])
    return urlencode(resolved)


def ranked(items: Sequence[int], *, seed: int, size: int) -> list[int]:
    """``size`` of ``items`` in a seeded popularity order (most popular first)."""
    chosen = list(items)
    random.Random(seed).shuffle(chosen)
    return chosen[:size]


def distinct_in(lines: Sequence[str], start: int, count: int) -> int:
    """How many different request lines a run sent from ``start`` (the stream wraps around)."""
    if not lines or count <= 0:
        return 0
    if count >= len(lines):
        return len(set(lines))
    return len({lines[(start + index) % len(lines)] for index in range(count)})
