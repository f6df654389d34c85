"""Every email of bookings renders in both languages, and the French catalogue is complete."""

from pathlib import Path

import pytest
from django.core import mail

from bookings import notifications
from bookings.models import Notification, NotificationKind
from bookings.services import conversation_ask
from tests.bookings.conftest import in_days
from tests.factories import BookingFactory

BOOKING_KINDS = [kind for kind in NotificationKind.values if kind != NotificationKind.MESSAGE]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", BOOKING_KINDS)
def test_booking_email_renders(alice, drill, kind, language):
    alice.preferred_language = language
    alice.save()
    booking = BookingFactory(listing=drill, start_date=in_days(-3), end_date=in_days(-1))
    notification = Notification.objects.create(recipient=alice, kind=kind, booking=booking, payload={"note": "<b>"})
    assert notifications.deliver(notification.pk) == "sent"
    message = mail.outbox[-1]
    assert "Perceuse" in message.subject
    assert f"/echanges/{booking.pk}/" in message.body
    assert "<b>" not in message.alternatives[0][0]


def test_message_email_quotes_the_unread_messages(alice, bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conversation_ask(listing=drill, member=bob, body="Elle est sans fil ?")
    assert "Elle est sans fil ?" in mail.outbox[-1].body
    assert mail.outbox[-1].subject == "[Cercle] Nouveau message de Bob B. à propos de «\u00a0Perceuse\u00a0»"


def test_french_catalogue_is_complete():
    po = (Path(__file__).resolve().parents[2] / "bookings/locale/fr/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e and '\n"' not in e.split('msgstr ""', 1)[1]]
    assert untranslated == []
    assert "#, fuzzy" not in po
