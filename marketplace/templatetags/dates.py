"""Dates in templates, written the site's one way (``marketplace.dates``): ``{% load dates %}``.

``{{ d|day }}`` 12 déc. 2026 · ``{{ d|day_month }}`` 12 déc. · ``{{ d|month_year }}`` décembre 2026 ·
``{{ d|weekday_day }}`` samedi 12 déc. 2026 · ``{{ d|long_day }}`` samedi 12 décembre 2026 ·
``{{ dt|day_time }}`` 12 déc. 2026, 14:30 (also ``day_month_time``, ``long_day_time``) ·
``{{ dt|ago }}`` il y a 5 minutes · ``{{ dt|until }}`` 2 jours.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from marketplace import dates

register = template.Library()

Moment = datetime.date | datetime.datetime | None


@register.filter
def day(value: Moment) -> str:
    return dates.format_as(value, "day")


@register.filter
def day_month(value: Moment) -> str:
    return dates.format_as(value, "day_month")


@register.filter
def month_year(value: Moment) -> str:
    return dates.format_as(value, "month_year")


@register.filter
def weekday_day(value: Moment) -> str:
    return dates.format_as(value, "weekday_day")


@register.filter
def long_day(value: Moment) -> str:
    return dates.format_as(value, "long_day")


@register.filter
def day_time(value: Any) -> str:
    return dates.with_time(value, "day")


@register.filter
def day_month_time(value: Any) -> str:
    return dates.with_time(value, "day_month")


@register.filter
def weekday_day_time(value: Any) -> str:
    return dates.with_time(value, "weekday_day")


@register.filter
def long_day_time(value: Any) -> str:
    return dates.with_time(value, "long_day")


@register.filter
def ago(value: Moment) -> str:
    return dates.ago(value)


@register.filter
def until(value: Any) -> str:
    return dates.until(value)
