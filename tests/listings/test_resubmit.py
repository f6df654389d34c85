"""After a refused submit, the listing form shows the same fields, filled in, and resubmits as is.

Issue 23: once cleaned, the form had a ``price_unit`` attribute that the template took for the
field, so a phantom "Free (optional)" field showed the raw value "none".
"""

from html.parser import HTMLParser

import pytest

from listings.models import Listing

from .test_create import KIND_CASES, create_url, form_data

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would send back for the listing form: every named control's value."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.names: set[str] = set()
        self._select: str | None = None
        self._textarea: str | None = None
        start = html.index("data-listing-form")
        self.feed(html[start : html.index("</form>", start)])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            self.names.add(name)
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.values.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self.names.add(name)
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data.lstrip("\n")


@pytest.mark.parametrize(("kind", "intent", "fields", "expected"), KIND_CASES)
def test_a_refused_form_shows_no_phantom_field(alice_client, kind, intent, fields, expected):
    category = "childcare" if kind == "service" else "power-tools"
    fresh = FormValues(alice_client.get(create_url(kind, intent)).content.decode())
    refused = alice_client.post(create_url(kind, intent), form_data(category, title="", **fields))
    assert refused.status_code == 200
    assert FormValues(refused.content.decode()).names == fresh.names


@pytest.mark.parametrize(("kind", "intent", "fields", "expected"), KIND_CASES)
def test_a_refused_form_resubmits_as_shown_once_corrected(alice_client, alice, kind, intent, fields, expected):
    category = "childcare" if kind == "service" else "power-tools"
    refused = alice_client.post(create_url(kind, intent), form_data(category, title="", **fields))
    shown = FormValues(refused.content.decode()).values
    shown["title"] = ["Perceuse à percussion"]
    response = alice_client.post(create_url(kind, intent), {**shown, "action": "publish"})
    listing = Listing.objects.get(owner=alice)
    assert response.status_code == 302
    assert (listing.kind, listing.price, listing.price_unit) == (kind, *expected)


def test_the_raw_value_none_is_never_shown_as_text(alice_client):
    refused = alice_client.post(create_url("lend", "offer"), form_data(title="", price="3"))
    assert ">none<" not in refused.content.decode() and 'value="none"' not in refused.content.decode()
