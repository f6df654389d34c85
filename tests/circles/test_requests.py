"""Admins approve and refuse requests to join; applicants are told by email."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from circles import services
from circles.models import Membership, MembershipStatus
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _request(cast):
    return Membership.objects.get(circle=cast.circle, user=cast.applicant)


def _action_url(cast, action, membership=None):
    membership = membership or _request(cast)
    return reverse("circles:membership_action", args=[cast.circle.slug, membership.pk, action])


def test_approving_a_request_makes_a_member(request_cast):
    services.membership_approve(membership=_request(request_cast), actor=request_cast.admin)
    assert _request(request_cast).status == MembershipStatus.ACTIVE


def test_the_approved_applicant_gets_an_email(request_cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=_request(request_cast), actor=request_cast.admin)
    assert [m.to for m in mail.outbox] == [[request_cast.applicant.email]]
    assert "/cercles/residence-les-tilleuls/" in mail.outbox[0].body


def test_refusing_a_request_removes_it(request_cast):
    services.membership_refuse(membership=_request(request_cast), actor=request_cast.admin)
    assert not Membership.objects.filter(user=request_cast.applicant).exists()


def test_the_refused_applicant_gets_an_email(request_cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_refuse(membership=_request(request_cast), actor=request_cast.admin)
    assert [m.to for m in mail.outbox] == [[request_cast.applicant.email]]
    assert "Résidence Les Tilleuls" in mail.outbox[0].subject


def test_an_applicant_who_turned_circle_emails_off_is_not_emailed(request_cast, django_capture_on_commit_callbacks):
    request_cast.applicant.email_on_circles = False
    request_cast.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=_request(request_cast), actor=request_cast.admin)
    assert mail.outbox == []


def test_a_member_cannot_approve(request_cast):
    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=_request(request_cast), actor=request_cast.member)


def test_a_request_answered_twice_is_refused_the_second_time(request_cast):
    services.membership_approve(membership=_request(request_cast), actor=request_cast.admin)
    with pytest.raises(services.CircleError):
        services.membership_refuse(membership=_request(request_cast), actor=request_cast.admin)


def test_the_refused_email_is_not_sent_if_they_were_let_in_since(request_cast, django_capture_on_commit_callbacks):
    from circles.tasks import send_membership_refused_email

    services.membership_approve(membership=_request(request_cast), actor=request_cast.admin)
    assert send_membership_refused_email(request_cast.circle.pk, request_cast.applicant.pk) is False


# --- through the manage page


def test_admin_approves_from_the_manage_page(request_cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = request_cast.client("admin").post(_action_url(request_cast, "approve"))
    assert response.status_code == 302
    assert _request(request_cast).is_active
    assert len(mail.outbox) == 1


def test_admin_refuses_from_the_manage_page(request_cast):
    request_cast.client("admin").post(_action_url(request_cast, "refuse"))
    assert not Membership.objects.filter(user=request_cast.applicant).exists()


@pytest.mark.parametrize("who, status", [("member", 403), ("applicant", 403), ("stranger", 403)])
def test_only_admins_approve_on_a_listed_circle(request_cast, who, status):
    response = request_cast.client(who).post(_action_url(request_cast, "approve"))
    assert response.status_code == status
    assert _request(request_cast).is_pending


def test_anonymous_approve_is_sent_to_log_in(request_cast):
    response = request_cast.client("anonymous").post(_action_url(request_cast, "approve"))
    assert response.status_code == 302


def test_a_membership_of_another_circle_is_a_404(request_cast):
    # An id from another circle must not be reachable through a circle alice manages.
    other = MembershipFactory(user=request_cast.stranger, pending=True)
    response = request_cast.client("admin").post(_action_url(request_cast, "approve", other))
    assert response.status_code == 404


def test_approving_by_get_is_refused(request_cast):
    assert request_cast.client("admin").get(_action_url(request_cast, "approve")).status_code == 405


def test_manage_page_lists_the_pending_request_with_its_message(request_cast):
    response = request_cast.client("admin").get(reverse("circles:manage", args=[request_cast.circle.slug]))
    assert "Dave D." in response.content.decode()
    assert "J&#x27;habite au 3e." in response.content.decode()
