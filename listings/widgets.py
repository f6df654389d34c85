"""Form widgets rendered in Python rather than through Django's form templates.

Django renders every widget, and every ``<option>`` of a select, through a template of its own:
on the search page (five selects, ~60 options) that was most of the page's Python time. These
widgets produce the same markup, each value escaped (with the stdlib's escape: Django's adds a
lazy-string check per call, a cost on 60 options), built afresh on each request (no cache).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """`` name="value"`` pairs as Django's attrs.html writes them (True: bare name; False/None: left out)."""
    return "".join(
        f" {escape(str(key))}" if value is True else f' {escape(str(key))}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )


class QuickSelect(forms.Select):
    """A single ``<select>``, option groups included, rendered without a template per option."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = [str(item) for item in self.format_value(value)][:1]
        parts: list[str] = [f'<select name="{escape(name)}"{_attrs(final)}>']
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.append(self._options(label, chosen))
                parts.append("</optgroup>")
            else:
                parts.append(self._options([(option_value, label)], chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value is escaped above

    @staticmethod
    def _options(choices: Iterable[tuple[Any, Any]], chosen: list[str]) -> str:
        rows = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            rows.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return "".join(rows)


class QuickInputMixin:
    """An ``<input>`` (text, number, date, hidden, checkbox) rendered without its template."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = widget["value"]
        value_attr = f' value="{escape(str(shown))}"' if shown is not None else ""
        html = f'<input type="{escape(widget["type"])}" name="{escape(name)}"{value_attr}{_attrs(widget["attrs"])}>'
        return mark_safe(html)  # every value is escaped above


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


class QuickTimeInput(QuickInputMixin, forms.TimeInput):
    pass


class QuickTextarea(forms.Textarea):
    """A ``<textarea>`` rendered without its template (the same markup: a newline opens its text)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        text = escape(str(widget["value"])) if widget["value"] else ""
        return mark_safe(f'<textarea name="{escape(name)}"{_attrs(widget["attrs"])}>\n{text}</textarea>')  # escaped


def field_html(field: forms.BoundField) -> SafeString:
    """A field as ``listings/partials/field.html`` writes it with ``hide_optional`` (the search
    filters): label, widget, help and errors, escaped. Ten filters through that template cost a
    tenth of the search page. The filters have no radio or checkbox set (the template's
    fieldset): a test compares both renderings of the search form."""
    if field.is_hidden:
        return SafeString(str(field))
    errors = field.errors
    label_for = escape(str(field.id_for_label))
    help_text = (
        f'<p class="field__help" id="{label_for}_helptext">{escape(str(field.help_text))}</p>'
        if field.help_text
        else ""
    )
    return mark_safe(  # the label, help and name escaped here; the widget and errors render themselves
        f'<div class="field{" field--error" if errors else ""}" id="field-{escape(field.name)}">\n'
        f'  <label for="{label_for}">{escape(str(field.label))}</label>\n'
        f"  {field}\n"
        f"  {help_text}\n"
        f"  {errors if errors else ''}\n"  # an empty error list still renders its template
        "</div>"
    )
