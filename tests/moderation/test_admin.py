"""The moderators' workbench in the Django admin: the cast, the queue, the actions, the audit trail."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Status
from moderation import services
from moderation.models import ActionKind, ModerationAction, Report, ReportStatus
from reviews.models import Review, ReviewFlag
from tests.conftest import login
from tests.factories import BookableListingFactory, ReviewFactory, UserFactory, reviews_booking

QUEUE = reverse("admin:moderation_report_queue")
REPORTS = reverse("admin:moderation_report_changelist")
AUDIT = reverse("admin:moderation_moderationaction_changelist")


@pytest.fixture
def reported(alice, listing):
    return services.report_create(reporter=alice, target=listing, reason="fraud", details="Demande un virement.")


# --- Who reaches what ---


@pytest.mark.parametrize("url", [QUEUE, REPORTS, AUDIT, reverse("admin:index")])
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("url", [QUEUE, REPORTS, AUDIT])
def test_a_member_who_is_not_staff_does_not_get_in(client, alice, url):
    response = login(client, alice).get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("url", [QUEUE, REPORTS, AUDIT, reverse("admin:index")])
def test_moderator_reaches_the_workbench(client, moderator, reported, url):
    assert login(client, moderator).get(url).status_code == 200


@pytest.mark.parametrize("url", [QUEUE, REPORTS, AUDIT])
def test_superuser_reaches_the_workbench(client, superuser, reported, url):
    assert login(client, superuser).get(url).status_code == 200


def test_moderator_is_not_a_superuser(moderator):
    assert moderator.is_staff and not moderator.is_superuser


def test_moderator_cannot_change_a_password(client, moderator, bob):
    response = login(client, moderator).get(f"/admin/accounts/user/{bob.pk}/password/")
    assert response.status_code == 403


def test_moderator_cannot_post_a_new_password(client, moderator, bob):
    login(client, moderator).post(
        f"/admin/accounts/user/{bob.pk}/password/",
        {"password1": "nouveau-mot-de-passe-9", "password2": "nouveau-mot-de-passe-9"},
    )
    bob.refresh_from_db()
    assert bob.check_password("un-mot-de-passe-solide")


def test_moderator_cannot_edit_a_member_or_their_permissions(client, moderator, bob):
    login(client, moderator).post(
        reverse("admin:accounts_user_change", args=[bob.pk]), {"email": bob.email, "is_superuser": "on"}
    )
    bob.refresh_from_db()
    assert not bob.is_superuser


@pytest.mark.parametrize("url_name", ["admin:auth_group_changelist", "admin:auth_group_add"])
def test_moderator_cannot_reach_groups(client, moderator, url_name):
    assert login(client, moderator).get(reverse(url_name)).status_code == 403


def test_moderator_cannot_edit_the_moderators_group(client, moderator):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Moderators")
    assert login(client, moderator).get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403


def test_moderator_cannot_edit_a_listing_by_hand(client, moderator, listing):
    login(client, moderator).post(
        reverse("admin:listings_listing_change", args=[listing.pk]), {"title": "Modifié", "status": "active"}
    )
    listing.refresh_from_db()
    assert listing.title == "Perceuse à percussion"


def test_the_reported_member_cannot_reach_the_admin(client, bob, reported):
    assert login(client, bob).get(QUEUE).status_code == 404


# --- The queue ---


def test_the_queue_groups_reports_by_target_with_the_count_of_distinct_reporters(client, moderator, listing):
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, target=listing, reason="fraud")
    content = login(client, moderator).get(QUEUE).content.decode()
    assert content.count("Perceuse à percussion") == 1
    assert "2 signalants distincts" in content


def test_the_queue_shows_the_members_history(client, moderator, alice, listing):
    services.listing_hide(
        moderator=moderator, listing_id=BookableListingFactory(owner=listing.owner).pk, reason="Objet volé"
    )
    services.report_create(reporter=alice, target=listing, reason="fraud")
    assert "Objet volé" in login(client, moderator).get(QUEUE).content.decode()


def test_flagged_reviews_appear_in_the_queue(client, moderator, alice, bob):
    booking = reviews_booking(owner=bob, requester=alice)
    review = ReviewFactory(booking=booking, author=alice, rating=1, private_note="Il m'a menacée.")
    ReviewFlag.objects.create(review=review, booking=booking, low_rating=True, has_private_note=True)
    assert "Il m&#x27;a menacée." in login(client, moderator).get(QUEUE).content.decode()


@pytest.mark.parametrize("targets", [1, 6])
# The session comes from the cache (cached_db sessions).
@pytest.mark.parametrize(("url", "queries"), [(QUEUE, 7), (REPORTS, 8), (reverse("admin:index"), 9)])
def test_workbench_pages_make_the_same_queries_however_many_reports(
    client, moderator, targets, url, queries, django_assert_num_queries
):
    for _ in range(targets):
        listing = BookableListingFactory()
        for reporter in UserFactory.create_batch(2):
            services.report_create(reporter=reporter, target=listing, reason="spam")
        services.report_create(reporter=UserFactory(), target=UserFactory(), reason="spam")
    login(client, moderator)
    with django_assert_num_queries(queries):
        client.get(url)


def test_the_report_list_puts_open_reports_first(client, moderator, moderator_dismissed_report, reported):
    response = login(client, moderator).get(REPORTS)
    rows = list(response.context["cl"].result_list)
    assert rows[0].status == ReportStatus.OPEN


@pytest.fixture
def moderator_dismissed_report(moderator, charlie, listing):
    report = services.report_create(reporter=charlie, target=listing, reason="spam")
    services.reports_dismiss(moderator=moderator, report_ids=[report.pk], reason="Rien à signaler")
    return report


# --- Actions: a confirmation page with a reason, then a service ---


def _act(client, action, ids, **data):
    return client.post(REPORTS, {"action": action, ACTION_CHECKBOX_NAME: [str(i) for i in ids], **data})


def test_an_action_first_asks_for_a_reason(client, moderator, reported):
    response = _act(login(client, moderator), "hide_listing", [reported.pk])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert reported.listing.status == Status.ACTIVE


def test_an_action_without_a_reason_changes_nothing(client, moderator, reported):
    _act(login(client, moderator), "hide_listing", [reported.pk], apply="1", reason="")
    reported.listing.refresh_from_db()
    assert reported.listing.status == Status.ACTIVE


def test_moderator_hides_a_listing_with_a_reason(client, moderator, reported, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(login(client, moderator), "hide_listing", [reported.pk], apply="1", reason="Arnaque")
    assert response.status_code == 302
    reported.listing.refresh_from_db()
    assert reported.listing.status == Status.REMOVED
    assert any(m.to == [reported.listing.owner.email] and "Arnaque" in m.body for m in mail.outbox)


def test_the_decision_is_in_the_audit_trail(client, moderator, reported):
    _act(login(client, moderator), "hide_listing", [reported.pk], apply="1", reason="Arnaque")
    action = ModerationAction.objects.get(kind=ActionKind.HIDE_LISTING)
    assert (action.moderator, action.reason, list(action.reports.all())) == (moderator, "Arnaque", [reported])


def test_moderator_suspends_the_member_concerned_until_a_date(client, moderator, reported):
    _act(
        login(client, moderator),
        "suspend_member",
        [reported.pk],
        apply="1",
        reason="Arnaques",
        until="2099-01-01T10:00",
    )
    owner = reported.listing.owner
    owner.refresh_from_db()
    assert owner.is_suspended and owner.suspended_until.year == 2099


def test_moderator_lifts_a_suspension_from_the_members_list(client, moderator, bob):
    services.member_suspend(moderator=moderator, member_id=bob.pk, reason="Test")
    client = login(client, moderator)
    client.post(
        reverse("admin:moderation_membermoderation_changelist"),
        {"action": "lift_suspension", ACTION_CHECKBOX_NAME: [str(bob.pk)], "apply": "1", "reason": "Erreur"},
    )
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_moderator_removes_a_reported_review(client, moderator, alice, bob, charlie):
    booking = reviews_booking(owner=bob, requester=charlie)
    review = ReviewFactory(booking=booking, author=charlie, published_at=timezone.now())
    report = services.report_create(reporter=alice, target=review, reason="offensive")
    _act(login(client, moderator), "remove_review", [report.pk], apply="1", reason="Insultes")
    assert not Review.objects.published().filter(pk=review.pk).exists()


def test_moderator_removes_a_flagged_review(client, moderator, alice, bob):
    booking = reviews_booking(owner=bob, requester=alice)
    review = ReviewFactory(booking=booking, author=alice, rating=1, published_at=timezone.now())
    flag = ReviewFlag.objects.create(review=review, booking=booking, low_rating=True)
    login(client, moderator).post(
        reverse("admin:moderation_flaggedreview_changelist"),
        {"action": "remove_review", ACTION_CHECKBOX_NAME: [str(flag.pk)], "apply": "1", "reason": "Diffamation"},
    )
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert not Review.objects.published().filter(pk=review.pk).exists()


def test_moderator_dismisses_a_report(client, moderator, reported):
    _act(login(client, moderator), "dismiss_reports", [reported.pk], apply="1", reason="Conforme")
    reported.refresh_from_db()
    assert reported.status == ReportStatus.DISMISSED


def test_a_member_cannot_run_an_action(client, alice, reported):
    _act(login(client, alice), "hide_listing", [reported.pk], apply="1", reason="Je veux")
    reported.listing.refresh_from_db()
    assert reported.listing.status == Status.ACTIVE


def test_a_staff_member_outside_the_group_sees_no_action(client, reported):
    staff = UserFactory(is_staff=True)
    _act(login(client, staff), "hide_listing", [reported.pk], apply="1", reason="Je veux")
    reported.listing.refresh_from_db()
    assert reported.listing.status == Status.ACTIVE


# --- The audit trail is read-only, for everyone ---


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_nobody_edits_or_deletes_the_audit_trail(client, request, who, reported):
    user = request.getfixturevalue(who)
    services.reports_dismiss(moderator=user, report_ids=[reported.pk], reason="Conforme")
    action = ModerationAction.objects.get()
    login(client, user)
    client.post(reverse("admin:moderation_moderationaction_change", args=[action.pk]), {"reason": "Réécrit"})
    client.post(reverse("admin:moderation_moderationaction_delete", args=[action.pk]), {"post": "yes"})
    assert client.get(reverse("admin:moderation_moderationaction_add")).status_code == 403
    assert ModerationAction.objects.get().reason == "Conforme"


def test_reports_cannot_be_added_or_deleted_by_hand(client, superuser, reported):
    login(client, superuser)
    assert client.get(reverse("admin:moderation_report_add")).status_code == 403
    client.post(reverse("admin:moderation_report_delete", args=[reported.pk]), {"post": "yes"})
    assert Report.objects.filter(pk=reported.pk).exists()


# --- The dashboard ---


def test_the_admin_index_shows_the_counts(client, superuser, reported):
    content = login(client, superuser).get(reverse("admin:index")).content.decode()
    assert "moderation-dashboard" in content
    assert reverse("admin:moderation_report_queue") in content


def test_the_dashboard_counts_open_reports_and_active_listings(reported):
    from moderation.selectors import admin_dashboard

    dashboard = admin_dashboard()
    assert (dashboard.open_reports, dashboard.active_listings) == (1, 1)


def test_hiding_a_listing_counts_as_a_sanction_in_the_owners_trust(moderator, listing):
    from reviews.models import TrustSummary

    services.listing_hide(moderator=moderator, listing_id=listing.pk, reason="Objet volé")
    assert TrustSummary.objects.get(user=listing.owner).last_sanction_at is not None


def test_the_report_list_puts_the_most_reported_target_first(client, moderator, alice, charlie, listing):
    services.report_create(reporter=alice, target=charlie, reason="spam")
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, target=listing, reason="fraud")
    rows = list(login(client, moderator).get(REPORTS).context["cl"].result_list)
    assert [r.target_kind for r in rows] == ["listing", "listing", "member"]


def test_the_report_list_filters_by_kind_of_target(client, moderator, alice, charlie, reported):
    services.report_create(reporter=alice, target=charlie, reason="spam")
    rows = login(client, moderator).get(REPORTS, {"target": "member"}).context["cl"].result_list
    assert [r.target_kind for r in rows] == ["member"]
