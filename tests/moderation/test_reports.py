"""Members report a listing, a member, a review or a message; three reporters hide a listing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings.models import Conversation, Message
from listings.models import Status
from moderation import services
from moderation.models import ActionKind, ModerationAction, Report, ReportStatus
from tests.conftest import login
from tests.factories import BookableListingFactory, CircleFactory, ReviewFactory, UserFactory, reviews_booking


def _report_url(kind: str, pk: int) -> str:
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


# --- The form, for each member of the cast ---


def test_anonymous_visitor_is_sent_to_log_in(client, listing):
    response = client.get(_report_url("listing", listing.pk))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_member_sees_the_report_form_with_every_reason(client, alice, listing):
    response = login(client, alice).get(_report_url("listing", listing.pk))
    assert response.status_code == 200
    assert "Perceuse à percussion" in response.content.decode()
    assert response.content.decode().count('name="reason"') == 7


def test_member_reports_a_listing_and_is_told_it_was_received(
    client, alice, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, alice).post(
            _report_url("listing", listing.pk), {"reason": "fraud", "details": "Demande un virement."}
        )
    assert response.status_code == 302
    assert Report.objects.filter(reporter=alice, listing=listing, status="open", concerned=listing.owner).exists()
    assert [m.to for m in mail.outbox] == [["alice@example.fr"]]


def test_a_report_without_a_reason_gets_a_form_error(client, alice, listing):
    response = login(client, alice).post(_report_url("listing", listing.pk), {"reason": "", "details": "x"})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused(client, alice, listing):
    response = login(client, alice).post(_report_url("listing", listing.pk), {"reason": "because"})
    assert response.status_code == 400


def test_an_unknown_kind_of_target_is_404(client, alice, listing):
    assert login(client, alice).get(_report_url("circle", listing.pk)).status_code == 404


def test_a_listing_the_member_cannot_see_is_404(client, alice, bob):
    secret = BookableListingFactory(owner=bob, visibility="circles")
    secret.circles.add(CircleFactory())
    assert login(client, alice).get(_report_url("listing", secret.pk)).status_code == 404


def test_the_owner_cannot_report_their_own_listing(client, bob, listing):
    response = login(client, bob).post(_report_url("listing", listing.pk), {"reason": "spam"})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_member_reports_a_member(client, alice, bob):
    login(client, alice).post(_report_url("member", bob.pk), {"reason": "harassment"})
    assert Report.objects.get().member == bob


def test_member_reports_a_published_review(client, alice, bob, charlie):
    booking = reviews_booking(owner=bob, requester=charlie)
    from django.utils import timezone

    review = ReviewFactory(booking=booking, author=charlie, published_at=timezone.now())
    login(client, alice).post(_report_url("review", review.pk), {"reason": "offensive"})
    assert Report.objects.get().concerned == charlie


def test_a_hidden_review_cannot_be_reported(client, alice, bob, charlie):
    booking = reviews_booking(owner=bob, requester=charlie)
    review = ReviewFactory(booking=booking, author=charlie)  # not published yet
    assert login(client, alice).get(_report_url("review", review.pk)).status_code == 404


def test_member_reports_a_message_they_received(client, alice, bob, listing):
    conversation = Conversation.objects.create(listing=listing, owner=bob, member=alice)
    message = Message.objects.create(conversation=conversation, sender=bob, body="Paie d'abord par mandat cash.")
    login(client, alice).post(_report_url("message", message.pk), {"reason": "fraud"})
    assert Report.objects.get().message == message


def test_a_message_of_another_conversation_is_404(client, alice, bob, charlie, listing):
    conversation = Conversation.objects.create(listing=listing, owner=bob, member=charlie)
    message = Message.objects.create(conversation=conversation, sender=bob, body="Bonjour")
    assert login(client, alice).get(_report_url("message", message.pk)).status_code == 404


# --- Rules ---


def test_a_second_open_report_on_the_same_target_is_refused(alice, listing):
    services.report_create(reporter=alice, target=listing, reason="spam")
    with pytest.raises(ValidationError):
        services.report_create(reporter=alice, target=listing, reason="fraud")


def test_reporting_is_rate_limited(alice):
    targets = UserFactory.create_batch(11)
    for target in targets[:10]:
        services.report_create(reporter=alice, target=target, reason="spam")
    with pytest.raises(ValidationError) as refusal:
        services.report_create(reporter=alice, target=targets[10], reason="spam")
    assert refusal.value.code == "rate_limited"


def test_the_database_allows_one_open_report_per_reporter_and_target(alice, listing):
    from django.db import IntegrityError, transaction

    Report.objects.create(reporter=alice, listing=listing, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=alice, listing=listing, reason="fraud")


def test_the_database_refuses_a_report_with_two_targets(alice, bob, listing):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Report.objects.create(reporter=alice, listing=listing, member=bob, reason="spam")


# --- Auto-hide ---


def test_a_listing_reported_by_three_different_members_is_hidden(listing):
    for reporter in UserFactory.create_batch(3):
        services.report_create(reporter=reporter, target=listing, reason="dangerous")
    listing.refresh_from_db()
    assert listing.status == Status.REMOVED
    assert ModerationAction.objects.filter(kind=ActionKind.AUTO_HIDE_LISTING, listing=listing).count() == 1


def test_two_reporters_do_not_hide_a_listing(listing):
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, target=listing, reason="dangerous")
    listing.refresh_from_db()
    assert listing.status == Status.ACTIVE


def test_three_reports_by_one_member_do_not_hide_a_listing(alice, moderator, listing):
    for _ in range(3):
        report = services.report_create(reporter=alice, target=listing, reason="spam")
        services.reports_dismiss(moderator=moderator, report_ids=[report.pk], reason="Rien d'anormal.")
    listing.refresh_from_db()
    assert listing.status == Status.ACTIVE
    assert Report.objects.filter(reporter=alice).count() == 3


def test_the_owner_is_told_their_listing_is_held(listing, django_capture_on_commit_callbacks):
    reporters = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        for reporter in reporters:
            services.report_create(reporter=reporter, target=listing, reason="dangerous")
    assert any(listing.owner.email in m.to and "Perceuse" in m.subject for m in mail.outbox)


def test_dismissing_the_reports_brings_an_auto_hidden_listing_back(moderator, listing):
    for reporter in UserFactory.create_batch(3):
        services.report_create(reporter=reporter, target=listing, reason="dangerous")
    ids = list(Report.objects.values_list("pk", flat=True))
    services.reports_dismiss(moderator=moderator, report_ids=ids, reason="Annonce conforme.")
    listing.refresh_from_db()
    assert listing.status == Status.ACTIVE


def test_reporters_are_told_when_their_report_is_handled_without_details(
    alice, moderator, listing, django_capture_on_commit_callbacks
):
    services.report_create(reporter=alice, target=listing, reason="fraud")
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_hide(moderator=moderator, listing_id=listing.pk, reason="Arnaque avérée au virement")
    to_alice = [m for m in mail.outbox if m.to == ["alice@example.fr"]]
    assert len(to_alice) == 1
    assert "Arnaque" not in to_alice[0].body
    assert Report.objects.get().status == ReportStatus.HANDLED
