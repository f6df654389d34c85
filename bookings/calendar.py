"""The availability calendar of a lending listing: month grids rendered on the server.

Booked and past days are marked; the page works without JavaScript (the dates are chosen in
date inputs next to the grid; bookings.js only lets a click on a day fill them in).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.dates import MONTHS, WEEKDAYS

from marketplace.dates import format_as

from .selectors import booked_ranges

MONTHS_SHOWN = 2
MONTHS_AHEAD = 12


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    is_past: bool
    is_booked: bool
    is_today: bool
    # Precomputed once per grid (the template renders ~40 cells: no date filter per cell).
    iso: str = ""  # "2026-12-07"
    day_month: str = ""  # "7 décembre" (the date filter's "j F")
    long_label: str = ""  # "lundi 7 décembre 2026" (the date filter's "l j F Y")

    @property
    def is_free(self) -> bool:
        return self.in_month and not self.is_past and not self.is_booked


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]

    @property
    def label(self) -> str:
        return format_as(self.first, "month_year")


@dataclass(frozen=True)
class Calendar:
    months: list[Month]
    previous: str | None  # "YYYY-MM" of the page before, or None when it would be in the past
    next: str | None


def parse_month(value: str | None, *, today: datetime.date) -> datetime.date:
    """The first day of the month in ``?mois=YYYY-MM``, kept between this month and a year ahead."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        first = datetime.date(year, month, 1)
    except ValueError:
        return this_month
    last_allowed = _add_months(this_month, MONTHS_AHEAD - 1)
    return min(max(first, this_month), last_allowed)


def _add_months(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def availability_calendar(
    *, listing_id: int, first: datetime.date, today: datetime.date, months: int = MONTHS_SHOWN
) -> Calendar:
    """``months`` month grids from ``first``, Monday first. One query."""
    weeks_by_month = [
        calendar.Calendar(firstweekday=0).monthdatescalendar(m.year, m.month)
        for m in (_add_months(first, i) for i in range(months))
    ]
    start, end = weeks_by_month[0][0][0], weeks_by_month[-1][-1][-1]
    ranges = booked_ranges(listing_id=listing_id, start=start, end=end)
    booked: set[datetime.date] = set()
    for range_start, range_end in ranges:
        day = max(range_start, start)
        while day <= min(range_end, end):
            booked.add(day)
            day += datetime.timedelta(days=1)
    # The names the date filter would use ("F", "l"), translated once into the active language.
    month_names = {number: str(name) for number, name in MONTHS.items()}
    weekday_names = {number: str(name) for number, name in WEEKDAYS.items()}

    def day_cell(day: datetime.date, month_first: datetime.date) -> Day:
        day_month = f"{day.day} {month_names[day.month]}"
        return Day(
            date=day,
            in_month=day.month == month_first.month,
            is_past=day < today,
            is_booked=day in booked,
            is_today=day == today,
            iso=day.isoformat(),
            day_month=day_month,
            long_label=f"{weekday_names[day.weekday()]} {day_month} {day.year}",
        )

    grids: list[Month] = []
    for offset, weeks in enumerate(weeks_by_month):
        month_first = _add_months(first, offset)
        grids.append(
            Month(
                first=month_first,
                weeks=[[day_cell(day, month_first) for day in week] for week in weeks],
            )
        )
    this_month = today.replace(day=1)
    previous = _add_months(first, -1)
    following = _add_months(first, 1)
    return Calendar(
        months=grids,
        previous=previous.strftime("%Y-%m") if previous >= this_month else None,
        next=following.strftime("%Y-%m") if following <= _add_months(this_month, MONTHS_AHEAD - 1) else None,
    )
