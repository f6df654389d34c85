"""The goals of issue 17, as ratios to the floor at 100,000 listings: reported, never asserted.

``warm`` is the goal after a warm-up on the mix; ``cold`` is the floor the page must not fall
below right after the cache is flushed (None: the issue sets none). The dashboard's and the
booking POST's goal is "no worse than today": the ratios measured before the read path rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    label: str
    warm: float
    cold: float | None = None


GOALS: dict[str, Goal] = {
    "search_anon": Goal("search, visitor", 0.25, 0.025),
    "search_member": Goal("search, member", 0.12, 0.02),
    "detail_anon": Goal("listing, visitor", 0.35, 0.07),
    "detail_member": Goal("listing, member", 0.18, 0.04),
    "home_anon": Goal("home, visitor", 0.35),
    "home_member": Goal("home, member", 0.15),
    "dashboard_member": Goal("dashboard, member", 0.015),
    "booking_request": Goal("booking POST", 0.048),
}

# Scale (bench/compare.py): cold search p95 at 1,000,000 listings within this many times its
# p95 at 10,000, and search indexes and side tables within this many times the listings heap.
SCALING_GOAL = 2.0
STORAGE_GOAL = 1.0


def verdict(value: float, goal: float | None) -> str:
    """ "met" or "not met" (at or above the goal), or "-" where there is no goal."""
    if goal is None:
        return "-"
    return "met" if value >= goal else "not met"
