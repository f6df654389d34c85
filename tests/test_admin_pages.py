"""Every page of the admin, as a superuser and as a moderator: no 500, whatever the model.

A row of every registered model is made the way the site makes it (through the services), then
each model's list, "add" and "change" pages are opened, and the forms that open are sent back as
a browser would send them, unchanged.
"""

import datetime
from html.parser import HTMLParser

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.services import block_create
from bookings.services import booking_act, booking_request, message_send
from circles.services import circle_create, invitation_create
from listings.models import ListingPhoto
from listings.services import favourite_add
from moderation import services as moderation
from pages.services import contact_send
from reviews.services import review_create, review_reply_create, review_windows_open, vouch_create
from tests.conftest import login
from tests.factories import BookableListingFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


class _FormReader(HTMLParser):
    """What a browser sends for the admin's form: its fields with the values it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and "id" in a and a["id"].endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "file", "button", "image"):
                self.data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select is not None and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def _as_shown(html: str) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.fr", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator(db):
    return ModeratorFactory(email="moderateur@example.fr")


@pytest.fixture
def one_of_everything(alice, bob, charlie, moderator, django_capture_on_commit_callbacks):
    """A row of each model, made by the services: circles, a listing and its photo, an exchange to
    its reviews, a vouch, a report and a decision, an export, a block, an authenticator."""
    circle = circle_create(creator=alice, name="Résidence Les Tilleuls", kind="building", join_policy="open")
    invitation_create(circle=circle, actor=alice, expires_in=datetime.timedelta(days=7), max_uses=5)
    listing = BookableListingFactory(owner=alice, kind="give", title="Cartons de déménagement")
    ListingPhoto.objects.create(listing=listing, image="listings/a.webp", thumbnail="listings/a_t.webp")
    favourite_add(user=charlie, listing=listing)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_request(listing=listing, requester=bob, message="Je peux passer ce soir.")
        message_send(conversation=booking.conversation, sender=alice, body="D'accord, à 19 h.")
        booking_act(booking_id=booking.pk, actor=alice, action="accept")
        booking_act(booking_id=booking.pk, actor=alice, action="complete")
        review_windows_open(now=timezone.now() + datetime.timedelta(minutes=1))
        review = review_create(booking_id=booking.pk, author=bob, rating=1, comment="Jamais venue.")
        review_create(booking_id=booking.pk, author=alice, rating=5, comment="Parfait.")
        review_reply_create(review_id=review.pk, author=alice, text="J'étais là, à 19 h.")
    vouch_create(voucher=bob, vouchee=alice, text="Ma voisine du 3e.")
    report = moderation.report_create(reporter=charlie, target=listing, reason="spam", details="Revendu ailleurs.")
    moderation.reports_dismiss(moderator=moderator, report_ids=[report.pk], reason="Rien d'anormal.")
    moderation.data_export_request(user=bob)
    block_create(blocker=charlie, blocked=bob)
    TOTP.activate(moderator, generate_totp_secret())
    contact_send(sender=None, name="Zoé", email="zoe@example.fr", topic="other", body="Bonjour !", language="fr")


def test_every_registered_model_has_a_row_to_open(one_of_everything):
    empty = [model._meta.label for model in MODELS if not model._default_manager.exists()]
    assert empty == []


def _urls(model) -> tuple[str, str, str]:
    opts = model._meta
    first = model._default_manager.order_by("pk").first()
    return (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]),
    )


def _open_and_send_back(client, url: str) -> list[int]:
    """The page's status, then (if it shows a form) the status of sending it back unchanged."""
    page = client.get(url)
    statuses = [page.status_code]
    if page.status_code == 200:
        statuses.append(client.post(url, _as_shown(page.content.decode())).status_code)
    return statuses


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_a_superuser_opens_and_sends_every_add_and_change_page_without_an_error(
    client, superuser, one_of_everything, model
):
    changelist, add, change = _urls(model)
    login(client, superuser)
    assert client.get(changelist).status_code == 200
    assert set(_open_and_send_back(client, add)) <= {200, 302, 403}
    assert set(_open_and_send_back(client, change)) <= {200, 302, 403}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_a_moderator_opens_every_add_and_change_page_without_an_error(client, moderator, one_of_everything, model):
    changelist, add, change = _urls(model)
    login(client, moderator)
    statuses = {client.get(changelist).status_code}
    statuses |= set(_open_and_send_back(client, add)) | set(_open_and_send_back(client, change))
    assert statuses <= {200, 302, 403}


SERVICE_MADE = [
    "bookings.Booking",
    "bookings.Conversation",
    "bookings.Notification",
    "reviews.ReviewFlag",
    "reviews.ReviewNotice",
    "reviews.ReviewReply",
    "reviews.TrustSummary",
    "reviews.Vouch",
    "mfa.Authenticator",
]
# Deleted by hand, these would break what the site promises: history, trust figures, "sent once", files.
NEVER_DELETED = [
    "bookings.Booking",
    "bookings.Notification",
    "reviews.Review",
    "reviews.ReviewFlag",
    "reviews.ReviewNotice",
    "reviews.TrustSummary",
    "reviews.Vouch",
    "moderation.DataExport",
]


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


@pytest.mark.parametrize("label", SERVICE_MADE)
def test_rows_only_the_services_make_cannot_be_added_by_hand(client, superuser, label):
    opts = _model(label)._meta
    assert login(client, superuser).get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403


@pytest.mark.parametrize("label", NEVER_DELETED)
def test_rows_whose_deletion_breaks_a_promise_cannot_be_deleted(client, superuser, one_of_everything, label):
    model = _model(label)
    opts, row = model._meta, model._default_manager.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])
    assert login(client, superuser).get(url).status_code == 403
