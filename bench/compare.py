#!/usr/bin/env python
"""Compare two benchmark runs, e.g. 10,000 against 1,000,000 listings, on the same mix.

    bench/compare.py bench/results/A.json bench/results/B.json
    bench/compare.py                      # the two most recent runs in bench/results/

A is the run with fewer listings. Prints every figure of both runs side by side with B / A,
then the two scale goals of issue 17 (reported; the exit status is 1 when one is not met):

- search p95 **cold** (the cache flushed before the measured seconds) with B's listings within
  2 x of A's, for the visitor and the member;
- search storage in B: every search index of the listings table (GIN or RUM, or a name or
  definition mentioning "search") plus every ``listings_search*`` table with its TOAST and
  indexes, within 1 x the heap of ``listings_listing`` (see bench/storage.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path[0] = str(Path(__file__).resolve().parent.parent)  # as in run.py: the project root, not bench/

from bench.goals import SCALING_GOAL, STORAGE_GOAL

RESULTS = Path(__file__).resolve().parent / "results"
SEARCH_PAGES = ("search_anon", "search_member")


def load(path: Path) -> dict[str, Any]:
    """A results file, or any file whose last non-empty line is the run's JSON object."""
    text = path.read_text()
    try:
        return dict(json.loads(text))
    except json.JSONDecodeError:
        lines = [line for line in text.splitlines() if line.strip()]
        return dict(json.loads(lines[-1]))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def side_by_side(a: dict[str, Any], b: dict[str, Any]) -> None:
    print(f"{'figure':<32}{'A':>14}{'B':>14}{'B / A':>9}")
    for key, value in a.items():
        if key == "listings" or key not in b or not _number(value) or not _number(b[key]):
            continue
        ratio = f"{b[key] / value:9.2f}" if value else f"{'-':>9}"
        print(f"{key:<32}{value:>14}{b[key]:>14}{ratio}")


def scaling_verdicts(a: dict[str, Any], b: dict[str, Any]) -> list[bool]:
    """Cold search p95 from A to B, against the goal; CPU per request beside it."""
    verdicts = []
    for page in SEARCH_PAGES:
        key = f"{page}_cold_p95_ms"
        if not (a.get(key) and b.get(key)):
            print(f"{key}: missing from one of the runs (run both with BENCH_PAGES including {page})")
            continue
        growth = b[key] / a[key]
        verdicts.append(growth <= SCALING_GOAL)
        mark = "met" if growth <= SCALING_GOAL else "not met"
        print(f"{key}: {a[key]} -> {b[key]} ms, x{growth:.2f} (goal <= {SCALING_GOAL:g} x): {mark}")
        cpu = f"{page}_cold_cpu_ms"
        if a.get(cpu) and b.get(cpu):
            print(f"  {cpu}: x{b[cpu] / a[cpu]:.2f} (server CPU per request, steadier than p95 on a busy machine)")
    return verdicts


def storage_verdicts(runs: list[tuple[str, dict[str, Any]]]) -> list[bool]:
    """Search indexes and side tables against the listings heap; the verdict on the larger run."""
    verdicts = []
    for name, run in runs:
        if not run.get("listings_heap_bytes"):
            print(f"{name}: no storage figures in this run (made by an older harness)")
            continue
        ratio = run["search_storage_bytes"] / run["listings_heap_bytes"]
        counted = ", ".join(run.get("search_storage_counted", [])) or "nothing"
        line = (
            f"{name} ({run['listings']:,} listings): search indexes {_mb(run['search_index_bytes'])} + side tables "
            f"{_mb(run['search_side_table_bytes'])} = {_mb(run['search_storage_bytes'])} against the listings heap "
            f"{_mb(run['listings_heap_bytes'])}: {ratio:.2f} x"
        )
        if run is runs[-1][1]:
            verdicts.append(ratio <= STORAGE_GOAL)
            line += f" (goal <= {STORAGE_GOAL:g} x): {'met' if ratio <= STORAGE_GOAL else 'not met'}"
        print(line)
        print(f"  counted: {counted}")
    return verdicts


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


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
    side_by_side(a, b)
    print()
    verdicts = scaling_verdicts(a, b)
    verdicts += storage_verdicts([("A", a), ("B", b)])
    return 0 if verdicts and all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
