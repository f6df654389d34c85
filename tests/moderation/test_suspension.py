"""Suspending a member: each effect, its end, and lifting it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingState
from listings.models import Listing
from moderation import services
from moderation.models import ActionKind, ModerationAction
from reviews.models import TrustSummary
from tests.conftest import login
from tests.factories import DEFAULT_PASSWORD, BookableListingFactory, BookingFactory

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


def _suspend(moderator, member, until=None):
    return services.member_suspend(moderator=moderator, member_id=member.pk, reason="Arnaques répétées", until=until)


def test_a_suspended_member_cannot_log_in(client, moderator, bob):
    _suspend(moderator, bob)
    client.post(reverse("account_login"), {"login": bob.email, "password": DEFAULT_PASSWORD})
    response = client.get(reverse("bookings:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:suspended")


def test_a_session_held_before_the_suspension_ends(client, moderator, bob):
    login(client, bob)
    _suspend(moderator, bob)
    client.get(reverse("home"))
    assert "_auth_user_id" not in client.session


def test_the_suspended_page_says_when_it_ends(client, moderator, bob):
    login(client, bob)
    _suspend(moderator, bob, until=timezone.now() + datetime.timedelta(days=7))
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 403
    assert "suspendu" in response.content.decode()


def test_their_listings_disappear_from_every_page(client, moderator, alice, bob):
    listing = BookableListingFactory(owner=bob, title="Scie sauteuse")
    _suspend(moderator, bob)
    login(client, alice)
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert "Scie sauteuse" not in client.get(reverse("listings:search"), {"q": "scie"}).content.decode()
    assert "Scie sauteuse" not in client.get(reverse("home")).content.decode()


def test_anonymous_visitors_do_not_see_their_listings_either(moderator, bob):
    from django.contrib.auth.models import AnonymousUser

    listing = BookableListingFactory(owner=bob)
    _suspend(moderator, bob)
    assert not Listing.objects.visible_to(AnonymousUser()).discoverable().filter(pk=listing.pk).exists()


@pytest.mark.parametrize("suspended_side", ["owner", "requester"])
def test_their_open_bookings_are_cancelled_and_the_other_member_told(moderator, alice, bob, suspended_side):
    booking = BookingFactory(listing=BookableListingFactory(owner=bob, kind="give"), requester=alice, state="accepted")
    suspended, other = (bob, alice) if suspended_side == "owner" else (alice, bob)
    _suspend(moderator, suspended)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert other.notifications.filter(kind="cancelled", booking=booking).exists()


def test_an_ongoing_loan_stays_ongoing_so_the_object_comes_back(moderator, alice, bob):
    booking = BookingFactory(
        listing=BookableListingFactory(owner=bob),
        requester=alice,
        state="ongoing",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    _suspend(moderator, bob)
    booking.refresh_from_db()
    assert booking.state == BookingState.ONGOING


def test_the_member_is_emailed_the_reason(moderator, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _suspend(moderator, bob)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [bob.email]
    assert "Arnaques répétées" in mail.outbox[0].body


def test_the_suspension_is_audited_and_sanctions_the_trust_level(moderator, bob):
    _suspend(moderator, bob)
    assert ModerationAction.objects.filter(kind=ActionKind.SUSPEND, member=bob, moderator=moderator).exists()
    assert TrustSummary.objects.get(user=bob).last_sanction_at is not None


def test_a_suspension_needs_a_reason(moderator, bob):
    with pytest.raises(ValidationError):
        services.member_suspend(moderator=moderator, member_id=bob.pk, reason="  ")


def test_an_end_in_the_past_is_refused(moderator, bob):
    with pytest.raises(ValidationError):
        _suspend(moderator, bob, until=timezone.now() - datetime.timedelta(hours=1))


# --- Its end ---


def test_an_expired_suspension_lets_the_member_back_in(client, moderator, bob):
    with time_machine.travel(NOW, tick=False):
        _suspend(moderator, bob, until=NOW + datetime.timedelta(days=3))
    with time_machine.travel(NOW + datetime.timedelta(days=3, minutes=1), tick=False):
        login(client, bob)
        response = client.get(reverse("bookings:dashboard"))
    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.is_suspended is False


def test_listings_come_back_when_the_suspension_ends(moderator, alice, bob):
    listing = BookableListingFactory(owner=bob)
    with time_machine.travel(NOW, tick=False):
        _suspend(moderator, bob, until=NOW + datetime.timedelta(days=3))
        assert not Listing.objects.visible_to(alice).discoverable().filter(pk=listing.pk).exists()
    with time_machine.travel(NOW + datetime.timedelta(days=4), tick=False):
        assert Listing.objects.visible_to(alice).discoverable().filter(pk=listing.pk).exists()


def test_the_listing_page_comes_back_when_the_suspension_ends(client, moderator, alice, bob):
    listing = BookableListingFactory(owner=bob)
    login(client, alice)
    with time_machine.travel(NOW, tick=False):
        _suspend(moderator, bob, until=NOW + datetime.timedelta(days=3))
        assert client.get(listing.get_absolute_url()).status_code == 404
    with time_machine.travel(NOW + datetime.timedelta(days=4), tick=False):
        assert client.get(listing.get_absolute_url()).status_code == 200


def test_the_periodic_task_lifts_expired_suspensions(moderator, bob):
    with time_machine.travel(NOW, tick=False):
        _suspend(moderator, bob, until=NOW + datetime.timedelta(days=1))
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        assert services.suspensions_lift_expired() == 1
    assert ModerationAction.objects.filter(kind=ActionKind.LIFT_SUSPENSION, member=bob, moderator=None).exists()


def test_a_moderator_lifts_a_suspension(client, moderator, bob):
    _suspend(moderator, bob)
    services.member_lift_suspension(moderator=moderator, member_id=bob.pk, reason="Erreur de ma part")
    login(client, bob)
    assert client.get(reverse("bookings:dashboard")).status_code == 200
