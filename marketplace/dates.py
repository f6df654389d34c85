"""How the site writes dates and times: the one helper every template and email goes through.

French follows French typography: months in lower case, abbreviated with a dot ("12 déc. 2026"),
"à l'instant", "il y a 5 minutes", "hier". English reads "12 Dec 2026", "just now", "yesterday".
Templates use the filters of ``{% load dates %}`` (``marketplace/templatetags/dates.py``); a test
refuses any other ``|date:`` than the machine format ``'c'``.
"""

from __future__ import annotations

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

# Django's format characters, per language: "N" is French's "déc." (and "mai", "juin"), "M"
# English's "Dec"; "D" French's "sam." comes out capitalised ("Sam"), so French spells weekdays out.
FORMATS: dict[str, dict[str, str]] = {
    "fr": {
        "day": "j N Y",
        "day_month": "j N",
        "month_year": "F Y",
        "weekday_day": "l j N Y",
        "long_day": "l j F Y",
        "time": "H:i",
    },
    "en": {
        "day": "j M Y",
        "day_month": "j M",
        "month_year": "F Y",
        "weekday_day": "D j M Y",
        "long_day": "l j F Y",
        "time": "H:i",
    },
}


def _formats() -> dict[str, str]:
    return FORMATS["en"] if (get_language() or "fr").startswith("en") else FORMATS["fr"]


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_as(value: datetime.date | datetime.datetime | None, name: str) -> str:
    """``value`` in the named format of the active language ("day", "month_year"…); "" for None."""
    if value is None:
        return ""
    return dateformat.format(_local(value), _formats()[name])


def with_time(value: datetime.datetime | None, name: str = "day") -> str:
    """A date and its time: "12 déc. 2026 à 14:30", "12 Dec 2026, 14:30"."""
    if value is None:
        return ""
    local = _local(value)
    return pgettext("date and time", "%(date)s, %(time)s") % {
        "date": format_as(local, name),
        "time": dateformat.format(local, _formats()["time"]),
    }


def ago(value: datetime.datetime | datetime.date | None, *, now: datetime.datetime | None = None) -> str:
    """How long ago, as people say it: "à l'instant", "il y a 5 minutes", "il y a 3 heures",
    "hier", "il y a 4 jours", then the date itself ("le 12 déc. 2026") after a month."""
    if value is None:
        return ""
    now = timezone.localtime(now or timezone.now())
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    local = timezone.localtime(value)
    seconds = (now - local).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {"count": minutes}
    days = (now.date() - local.date()).days
    if days == 0:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    if days == 1:
        return _("yesterday")
    if days < 31:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    return _("on %(date)s") % {"date": format_as(local, "day")}


def until(value: datetime.datetime | None, *, now: datetime.datetime | None = None) -> str:
    """How long is left, in its largest unit: "2 jours", "5 heures", "10 minutes"."""
    if value is None:
        return ""
    seconds = max(0, (value - (now or timezone.now())).total_seconds())
    if seconds >= 86400:
        count = int(seconds // 86400)
        return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}
    if seconds >= 3600:
        count = int(seconds // 3600)
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    count = max(1, int(seconds // 60))
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
