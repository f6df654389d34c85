"""Every email's subject is one line of plain text, whatever member-typed value it quotes."""

import pytest
from django.core import mail
from django.urls import reverse

from bookings import notifications
from bookings.models import Notification, NotificationKind
from circles.models import Circle
from circles.tasks import send_join_request_emails, send_membership_approved_email
from listings.models import Listing
from reviews.models import ReviewNotice, ReviewNoticeKind
from reviews.services import review_notice_deliver
from tests.factories import BookableListingFactory, BookingFactory, MembershipFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _booking_email(recipient, booking, kind=NotificationKind.ACCEPTED):
    notification = Notification.objects.create(recipient=recipient, kind=kind, booking=booking)
    outcome = notifications.deliver(notification.pk)
    return outcome, mail.outbox[-1] if mail.outbox else None


# --- Legacy rows saved before single-line fields refused control characters.


def test_a_legacy_title_with_a_line_break_still_gets_its_email(alice, bob):
    listing = BookableListingFactory(owner=alice)
    Listing.objects.filter(pk=listing.pk).update(title="Perceuse\r\nBcc: victime@example.fr")
    outcome, email = _booking_email(bob, BookingFactory(listing=listing, requester=bob))
    assert outcome == "sent"
    assert email.subject == "[Cercle] Votre demande pour «\u00a0Perceuse Bcc: victime@example.fr\u00a0» est acceptée"
    assert email.recipients() == ["bob@example.fr"]


def test_a_legacy_circle_name_with_a_line_break_still_gets_its_email(alice):
    circle = Circle.objects.create(name="Les Tilleuls\nCc: tous", slug="tilleuls", kind="building", join_policy="open")
    membership = MembershipFactory(circle=circle, user=alice)
    assert send_membership_approved_email(membership.pk) is True
    assert "\n" not in mail.outbox[-1].subject


def test_a_legacy_first_name_with_a_line_break_still_reaches_the_circle_admins(alice):
    circle = Circle.objects.create(name="Les Tilleuls", slug="tilleuls", kind="building", join_policy="request")
    MembershipFactory(circle=circle, user=alice, admin=True)
    applicant = UserFactory(first_name="Eve\r\nBcc: tous@example.fr")
    membership = MembershipFactory(circle=circle, user=applicant, pending=True)
    assert send_join_request_emails(membership.pk) == 1
    assert mail.outbox[-1].recipients() == ["alice@example.fr"]


# --- Plain text is not HTML: no "&#x27;" in a subject or a text body.


def test_a_booking_subject_keeps_its_apostrophe(alice, bob):
    listing = BookableListingFactory(owner=alice, title="Lampe d'atelier")
    _outcome, email = _booking_email(bob, BookingFactory(listing=listing, requester=bob))
    assert "«\u00a0Lampe d'atelier\u00a0»" in email.subject


def test_a_circle_subject_keeps_its_apostrophe(alice):
    circle = Circle.objects.create(name="Coin d'angle", slug="coin", kind="building", join_policy="open")
    send_membership_approved_email(MembershipFactory(circle=circle, user=alice).pk)
    assert "Coin d'angle" in mail.outbox[-1].subject


@pytest.fixture
def published_notice(alice, bob):
    from django.utils import timezone

    listing = BookableListingFactory(owner=alice, kind="give", title="Vélo d'enfant")
    booking = BookingFactory(listing=listing, requester=bob, state="completed", completed_at=timezone.now())
    ReviewFactory(
        booking=booking, author=alice, comment="Très sympa, l'échange s'est bien passé.", published_at=timezone.now()
    )
    ReviewFactory(booking=booking, author=bob, published_at=timezone.now())
    return ReviewNotice.objects.create(booking=booking, user=bob, kind=ReviewNoticeKind.PUBLISHED)


def test_a_review_subject_keeps_its_apostrophe(published_notice):
    review_notice_deliver(notice_id=published_notice.pk)
    assert "Vélo d'enfant" in mail.outbox[-1].subject


def test_a_review_text_body_keeps_its_apostrophes(published_notice):
    review_notice_deliver(notice_id=published_notice.pk)
    assert "« Très sympa, l'échange s'est bien passé. »" in mail.outbox[-1].body


def test_the_html_body_still_escapes_what_members_typed(alice, bob):
    listing = BookableListingFactory(owner=alice, title="<b>Perceuse</b>")
    _outcome, email = _booking_email(bob, BookingFactory(listing=listing, requester=bob))
    assert "<b>Perceuse</b>" not in email.alternatives[0][0]


def test_allauth_emails_get_their_subject_the_same_way(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert mail.outbox[-1].subject.startswith("[Cercle] ")
