"""bench/compare.py: the scale verdicts of issue 17 on two runs."""

import json

from bench import compare

SMALL = {
    "listings": 10_000,
    "search_anon_cold_p95_ms": 40.0,
    "search_member_cold_p95_ms": 50.0,
    "listings_heap_bytes": 10_000_000,
    "search_index_bytes": 2_000_000,
    "search_side_table_bytes": 0,
    "search_storage_bytes": 2_000_000,
}
LARGE = {
    **SMALL,
    "listings": 1_000_000,
    "search_anon_cold_p95_ms": 70.0,
    "search_member_cold_p95_ms": 90.0,
    "listings_heap_bytes": 1_000_000_000,
    "search_index_bytes": 300_000_000,
    "search_storage_bytes": 300_000_000,
}


def _compare(tmp_path, small, large):
    paths = []
    for name, run in (("b.json", large), ("a.json", small)):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(run))
    return compare.main([str(path) for path in paths])


def test_compare_is_satisfied_when_cold_search_and_storage_stay_within_the_goals(tmp_path, capsys):
    assert _compare(tmp_path, SMALL, LARGE) == 0
    assert "search_anon_cold_p95_ms: 40.0 -> 70.0 ms, x1.75 (goal <= 2 x): met" in capsys.readouterr().out


def test_compare_says_not_met_when_cold_search_p95_more_than_doubles(tmp_path, capsys):
    assert _compare(tmp_path, SMALL, {**LARGE, "search_member_cold_p95_ms": 120.0}) == 1
    assert "x2.40 (goal <= 2 x): not met" in capsys.readouterr().out


def test_compare_says_not_met_when_search_storage_outgrows_the_listings_heap(tmp_path, capsys):
    bloated = {**LARGE, "search_side_table_bytes": 3_800_000_000, "search_storage_bytes": 4_100_000_000}
    assert _compare(tmp_path, SMALL, bloated) == 1
    assert "4.10 x (goal <= 1 x): not met" in capsys.readouterr().out
