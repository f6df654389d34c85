"""Every HTML email comes in the site's layout: greeting, sign-off, a link to the member's email choices."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.emails import send_member_email
from bookings.services import conversation_ask
from tests.factories import BookableListingFactory, BookingFactory, CircleFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAILS = sorted(
    path.stem
    for path in Path(settings.BASE_DIR).glob("*/templates/emails/*.html")
    if path.stem not in ("base", "button")
)


@pytest.fixture
def context(alice, bob):
    """What any of the emails may read, with real objects behind it."""
    listing = BookableListingFactory(owner=alice, title="Perceuse")
    conversation = conversation_ask(listing=listing, member=bob, body="Elle est sans fil ?")
    return {
        "other": bob,
        "listing": listing,
        "booking": BookingFactory(listing=listing, requester=bob),
        "conversation": conversation,
        "messages": list(conversation.messages.all()),
        "unread": 1,
        "count": 1,
        "requests": [BookingFactory(listing=listing, requester=bob)],
        "more": 0,
        "opening": "%(title)s",
        "params": {"title": "Perceuse"},
        "circle": CircleFactory(name="Les Tilleuls"),
        "applicant_name": "Bob B.",
        "manage_url": "https://cercle.example/cercles/les-tilleuls/membres/",
        "circle_url": "https://cercle.example/cercles/les-tilleuls/",
        "directory_url": "https://cercle.example/cercles/",
        "export": type("Export", (), {"expires_at": timezone.now()})(),
        "title": "Perceuse",
        "reason": "Arnaque",
        "reported_on": timezone.now(),
        "deadline": timezone.now() + datetime.timedelta(days=14),
    }


def test_every_html_email_of_the_site_is_found():
    assert len(EMAILS) >= 16 and "bookings_update" in EMAILS


@pytest.mark.parametrize("template", EMAILS)
def test_an_html_email_greets_signs_and_links_the_members_email_choices(template, context):
    member = UserFactory(first_name="Zoé", preferred_language="fr")
    send_member_email(user=member, template=template, context=context)
    html = mail.outbox[-1].alternatives[0][0]
    assert html.count("Bonjour Zoé,") == 1
    assert html.count("L'équipe Cercle") == 1
    assert f"{settings.SITE_URL.rstrip('/')}/membres/mon-compte/preferences/" in html
