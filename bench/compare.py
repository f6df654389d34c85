#!/usr/bin/env python
"""Compare two benchmark runs, e.g. 10,000 against 1,000,000 listings.

    bench/compare.py bench/results/A.json bench/results/B.json
    bench/compare.py                      # the two most recent runs in bench/results/

Prints every figure of both runs side by side with B / A, then the issue's scaling goal:
search p95 with the larger number of listings within 1.5 x of the smaller one's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
SCALING_GOAL = 1.5


def load(path: Path) -> dict[str, Any]:
    """A results file, or any file whose last non-empty line is the run's JSON object."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    try:
        return dict(json.loads(path.read_text()))
    except json.JSONDecodeError:
        return dict(json.loads(lines[-1]))


def main(argv: list[str]) -> int:
    if len(argv) == 2:
        first, second = (Path(arg) for arg in argv)
    elif not argv:
        runs = sorted(RESULTS.glob("*.json"))
        if len(runs) < 2:
            print("Need two runs in bench/results/ (run make bench twice) or two paths.")
            return 2
        first, second = runs[-2:]
    else:
        print(__doc__)
        return 2
    a, b = load(first), load(second)
    if a.get("listings", 0) > b.get("listings", 0):
        (first, a), (second, b) = (second, b), (first, a)
    print(f"A = {first.name} ({a.get('listings', 0):,} listings)")
    print(f"B = {second.name} ({b.get('listings', 0):,} listings)")
    print(f"{'figure':<28}{'A':>12}{'B':>12}{'B / A':>9}")
    for key in a:
        if key in b and isinstance(a[key], int | float) and isinstance(b[key], int | float) and key != "listings":
            ratio = f"{b[key] / a[key]:9.2f}" if a[key] else f"{'-':>9}"
            print(f"{key:<28}{a[key]:>12}{b[key]:>12}{ratio}")
    verdicts = []
    for key in ("search_anon_p95_ms", "search_member_p95_ms"):
        if a.get(key) and b.get(key):
            growth = b[key] / a[key]
            verdicts.append(growth <= SCALING_GOAL)
            mark = "ok" if growth <= SCALING_GOAL else "over the goal"
            print(f"{key}: x{growth:.2f} from A to B (goal <= {SCALING_GOAL}): {mark}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
