"""The traffic mix: enough different requests, popular ones popular, the same in every run."""

import random
from collections import Counter
from datetime import date
from urllib.parse import parse_qs

from bench import mix


def test_search_mix_draws_at_least_a_thousand_different_searches():
    catalogue = mix.search_catalogue(members=False)
    zipf, rng = mix.Zipf(len(catalogue)), random.Random(1)
    drawn = {zipf.draw(rng) for _ in range(mix.STREAM)}
    assert len(drawn) >= 1000


def test_the_most_popular_search_is_drawn_about_twice_as_often_as_the_second():
    zipf, rng = mix.Zipf(mix.SEARCH_CATALOGUE), random.Random(2)
    counts = Counter(zipf.draw(rng) for _ in range(mix.STREAM))
    assert 1.7 < counts[0] / counts[1] < 2.3


def test_search_mix_covers_filters_sorts_and_the_first_three_pages():
    catalogue = mix.search_catalogue(members=False)
    assert {entry.get("page", "1") for entry in catalogue} == {"1", "2", "3"}
    assert {entry.get("sort", "") for entry in catalogue} == set(mix.SEARCH_SORTS)
    assert len({entry.get("q", "") for entry in catalogue}) == len(mix.SEARCH_TEXTS)


def test_visitors_never_search_by_circle():
    assert not any("circle" in entry for entry in mix.search_catalogue(members=False))


def test_a_members_circle_search_filters_on_one_of_their_own_circles():
    entry = next(entry for entry in mix.search_catalogue(members=True) if "circle" in entry)
    query = parse_qs(mix.search_query(entry, rank=7, today=date(2026, 1, 5), circles=[4, 9]))
    assert query["circle"] in (["4"], ["9"])


def test_an_availability_search_asks_for_dates_ahead():
    entry = next(entry for entry in mix.search_catalogue(members=False) if "available" in entry)
    query = parse_qs(mix.search_query(entry, rank=3, today=date(2026, 1, 5)))
    assert query["available_from"] == ["2026-01-15"]
    assert query["available_to"] == ["2026-01-18"]


def test_two_runs_draw_the_same_stream():
    first, second = (mix.Zipf(500), random.Random(5)), (mix.Zipf(500), random.Random(5))
    assert [first[0].draw(first[1]) for _ in range(200)] == [second[0].draw(second[1]) for _ in range(200)]


def test_distinct_requests_of_a_run_count_from_where_it_started_and_wrap_around():
    lines = ["a", "b", "a", "c", "d"]
    assert mix.distinct_in(lines, start=3, count=3) == 3  # c, d, then a again
