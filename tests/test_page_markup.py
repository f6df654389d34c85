"""Every page as a browser and a screen reader take it: styles in the head, every field labelled,
"optional" said one way, help texts tied to their fields."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from bookings.services import booking_request, conversation_ask
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import BookableListingFactory, CircleFactory, MembershipFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The stylesheets, form controls, labels and aria-describedby links of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.in_head = True
        self.stylesheets_in_body: list[str] = []
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.ids: set[str] = set()
        self.described_by: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        self.described_by.update(values.get("aria-describedby", "").split())
        if tag == "body":
            self.in_head = False
        if tag == "link" and values.get("rel") == "stylesheet" and not self.in_head:
            self.stylesheets_in_body.append(values.get("href", ""))
        if tag == "label":
            self.label_depth += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        hidden = values.get("type") in ("hidden", "submit", "button")
        if tag in ("input", "select", "textarea") and not hidden:
            self.controls.append({**values, "_in_label": "yes" if self.label_depth else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [
            control.get("name", "?")
            for control in self.controls
            if not control["_in_label"] and control.get("id") not in self.label_for and "aria-label" not in control
        ]


@pytest.fixture
def pages(client, alice, bob):
    """Bob's view of the pages that hold forms, trust cards and badges; each a (name, url)."""
    circle = CircleFactory(name="Les Tilleuls", join_policy="request")
    MembershipFactory(circle=circle, user=alice, role="admin")
    MembershipFactory(circle=circle, user=bob)
    drill = BookableListingFactory(owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00")
    question = conversation_ask(listing=BookableListingFactory(owner=alice, kind="give"), member=bob, body="Libre ?")
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(3), end_date=in_days(5), message="")
    login(client, bob)
    return [
        ("listing page", drill.get_absolute_url()),
        ("search", reverse("listings:search") + "?q=perceuse"),
        ("search with errors", reverse("listings:search") + "?max_price=-3&available_to=bad"),
        ("new listing", reverse("listings:create") + "?kind=lend&intent=offer"),
        ("circle", circle.get_absolute_url()),
        ("new circle", reverse("circles:create")),
        ("conversation", reverse("bookings:conversation", args=[question.pk])),
        ("booking", reverse("bookings:detail", args=[booking.pk])),
        ("dashboard", reverse("bookings:dashboard")),
        ("profile", reverse("accounts:profile", args=[alice.pk])),
        ("profile settings", reverse("accounts:profile_edit")),
        ("preferences", reverse("accounts:preferences")),
        ("report", reverse("moderation:report", args=["listing", drill.pk])),
        ("password", reverse("account_change_password")),
    ]


def test_no_page_loads_a_stylesheet_in_its_body(client, pages):
    found = {name: Page(client.get(url).content.decode()).stylesheets_in_body for name, url in pages}
    assert found == {name: [] for name, _url in pages}


def test_the_listing_page_loads_the_styles_of_its_booking_panel_and_trust_card_in_its_head(client, pages):
    html = client.get(dict(pages)["listing page"]).content.decode()
    head = html[: html.index("</head>")]
    assert "css/bookings.css" in head and "css/reviews.css" in head


def test_every_field_of_every_form_has_a_label(client, pages):
    found = {name: Page(client.get(url).content.decode()).unlabelled() for name, url in pages}
    assert found == {name: [] for name, _url in pages}


def test_help_texts_and_errors_are_tied_to_their_fields(client, pages):
    """Every help text and error list a field points to exists, and every help text is pointed to."""
    for name, url in pages:
        html = client.get(url).content.decode()
        page = Page(html)
        help_ids = set(re.findall(r'class="field__help" id="([^"]+)"', html))
        assert page.described_by <= page.ids, name
        assert help_ids <= page.described_by, name


def test_optional_is_said_the_same_way_on_every_form(client, pages):
    """Written once, by the field template, after the label: never in a label's own words."""
    for language in ("fr", "en"):
        client.cookies["django_language"] = language
        for name, url in pages:
            html = client.get(url).content.decode()
            labels = re.findall(r"<label[^>]*>(.*?)</label>", html, flags=re.S)
            spelled = [
                label for label in labels if re.search(r"\((facultatif|facultative|optional)\)", label, flags=re.I)
            ]
            marked = [label for label in spelled if '<span class="field__optional">' in label]
            assert spelled == marked, (language, name)
