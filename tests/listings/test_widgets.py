"""The widgets drawn in Python write the markup Django's own templates write, value escaped."""

import datetime
import re

import pytest
from django import forms

from listings.widgets import (
    QuickCheckboxInput,
    QuickDateInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickSelect,
    QuickTextarea,
    QuickTextInput,
    QuickTimeInput,
)

CHOICES = [("", "Tous"), ("lend", "Prêter"), ("Services", [("tutoring", "Soutien <scolaire>"), ("cleaning", "Ménage")])]

PAIRS = [
    (QuickTextInput(attrs={"maxlength": 80}), forms.TextInput(attrs={"maxlength": 80}), '"><script>'),
    (QuickNumberInput(attrs={"min": "0"}), forms.NumberInput(attrs={"min": "0"}), "12.5"),
    (QuickHiddenInput(), forms.HiddenInput(), "2"),
    (QuickCheckboxInput(), forms.CheckboxInput(), True),
    (QuickCheckboxInput(), forms.CheckboxInput(), False),
    (
        QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        datetime.date(2026, 12, 24),
    ),
    (
        QuickTimeInput(attrs={"type": "time"}, format="%H:%M"),
        forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        datetime.time(9, 30),
    ),
    (QuickTextarea(attrs={"rows": 3}), forms.Textarea(attrs={"rows": 3}), "Bonjour <b>Marie</b> & co"),
    (QuickTextarea(attrs={"rows": 3}), forms.Textarea(attrs={"rows": 3}), ""),
    (QuickSelect(choices=CHOICES), forms.Select(choices=CHOICES), "tutoring"),
    (QuickSelect(choices=CHOICES), forms.Select(choices=CHOICES), None),
]


def between_tags_squeezed(html: str) -> str:
    """Django's select template puts newlines between its options; a browser shows none."""
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize(("quick", "django_widget", "value"), PAIRS)
def test_a_quick_widget_writes_what_django_writes(quick, django_widget, value):
    attrs = {"id": "id_field", "required": True}
    ours, django = (widget.render("field", value, attrs=attrs) for widget in (quick, django_widget))
    assert between_tags_squeezed(ours) == between_tags_squeezed(django)
