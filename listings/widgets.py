"""Form widgets rendered in Python rather than through Django's form templates.

Django renders every widget, and every ``<option>`` of a select, through a template of its own:
on the search page (five selects, ~60 options) that was most of the page's Python time. These
widgets produce the same markup with ``format_html``, built afresh on each request (no cache).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """`` name="value"`` pairs as Django's attrs.html writes them (True: bare name; False/None: left out)."""
    return format_html_join(
        "",
        " {}{}",
        (
            (key, "" if value is True else format_html('="{}"', value))
            for key, value in attrs.items()
            if value is not None and value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A single ``<select>``, option groups included, rendered without a template per option."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = [str(item) for item in self.format_value(value)][:1]
        parts: list[str] = [format_html('<select name="{}"{}>', name, _attrs(final))]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.append(self._options(label, chosen))
                parts.append("</optgroup>")
            else:
                parts.append(self._options([(option_value, label)], chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every part was escaped by format_html

    @staticmethod
    def _options(choices: Iterable[tuple[Any, Any]], chosen: list[str]) -> SafeString:
        rows = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            rows.append((key, mark_safe(" selected") if key in chosen else "", label))
        return format_html_join("", '<option value="{}"{}>{}</option>', rows)


class QuickInputMixin:
    """An ``<input>`` (text, number, date, hidden, checkbox) rendered without its template."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = widget["value"]
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], name, value_attr, _attrs(widget["attrs"]))


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickNumberInput(QuickInputMixin, forms.NumberInput):
    pass


class QuickDateInput(QuickInputMixin, forms.DateInput):
    pass


class QuickHiddenInput(QuickInputMixin, forms.HiddenInput):
    pass


class QuickCheckboxInput(QuickInputMixin, forms.CheckboxInput):
    pass
