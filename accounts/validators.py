"""What every app's single-line text fields share: names, titles, circle names, cities.

They are shown on one line and quoted in email subjects, where a line break is refused by
Django (a header injection attempt) and the whole email is lost.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (line feeds, carriage returns, tabs, escapes…) and Unicode's line
# and paragraph separators, which mail clients also break lines at.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Refuse a value holding a line break, a tab or any other control character."""
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(
            _("Write this on a single line, without line breaks, tabs or other control characters."),
            code="control_characters",
        )


_BLANKS = re.compile("[ \x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(text: str) -> str:
    """``text`` on one line: every run of control characters and spaces becomes one space (the
    non-breaking spaces French typography puts before « ! ? : » stay as they are)."""
    return _BLANKS.sub(" ", text).strip(" ")
