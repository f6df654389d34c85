"""Invitation links: unguessable, limited in time and uses, revocable, and safe under a race."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles import services
from circles.models import Invitation, InvitationState, Membership
from tests.conftest import login
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(private_cast):
    return services.invitation_create(
        circle=private_cast.circle, actor=private_cast.admin, expires_in=timedelta(days=7), max_uses=2
    )


def test_an_admin_creates_a_link_with_an_unguessable_token(link):
    assert len(link.token) >= 43
    assert link.state == InvitationState.VALID


def test_two_links_never_share_a_token(private_cast, link):
    other = services.invitation_create(
        circle=private_cast.circle, actor=private_cast.admin, expires_in=timedelta(days=7), max_uses=2
    )
    assert other.token != link.token


def test_a_member_cannot_create_a_link(private_cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.invitation_create(
            circle=private_cast.circle, actor=private_cast.member, expires_in=timedelta(days=7), max_uses=2
        )


@pytest.mark.parametrize("max_uses", [0, 501])
def test_a_link_allows_a_sensible_number_of_uses(private_cast, max_uses):
    with pytest.raises(services.CircleError):
        services.invitation_create(
            circle=private_cast.circle, actor=private_cast.admin, expires_in=timedelta(days=7), max_uses=max_uses
        )


def test_a_valid_link_lets_a_stranger_in(private_cast, link):
    membership = services.invitation_accept(token=link.token, user=private_cast.stranger)
    assert membership.is_active


def test_each_use_is_counted(private_cast, link):
    services.invitation_accept(token=link.token, user=private_cast.stranger)
    link.refresh_from_db()
    assert link.use_count == 1


def test_a_member_following_the_link_again_uses_nothing(private_cast, link):
    services.invitation_accept(token=link.token, user=private_cast.member)
    link.refresh_from_db()
    assert link.use_count == 0


def test_an_expired_link_is_refused(private_cast, link):
    with time_machine.travel(timezone.now() + timedelta(days=8)), pytest.raises(services.CircleError) as error:
        services.invitation_accept(token=link.token, user=private_cast.stranger)
    assert error.value.code == InvitationState.EXPIRED


def test_a_revoked_link_is_refused(private_cast, link):
    services.invitation_revoke(invitation=link, actor=private_cast.admin)
    with pytest.raises(services.CircleError) as error:
        services.invitation_accept(token=link.token, user=private_cast.stranger)
    assert error.value.code == InvitationState.REVOKED


def test_a_used_up_link_is_refused(private_cast, link):
    services.invitation_accept(token=link.token, user=private_cast.stranger)
    services.invitation_accept(token=link.token, user=private_cast.applicant)
    with pytest.raises(services.CircleError) as error:
        services.invitation_accept(token=link.token, user=UserFactory())
    assert error.value.code == InvitationState.USED_UP


def test_a_link_to_a_closed_circle_is_refused(private_cast, link):
    services.circle_close(circle=private_cast.circle, actor=private_cast.admin)
    with pytest.raises(services.CircleError):
        services.invitation_accept(token=link.token, user=private_cast.stranger)


def test_a_link_lets_an_applicant_in_without_waiting(request_cast):
    invitation = InvitationFactory(circle=request_cast.circle)
    services.invitation_accept(token=invitation.token, user=request_cast.applicant)
    assert Membership.objects.get(user=request_cast.applicant).is_active


def test_the_database_refuses_more_uses_than_allowed(link):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Invitation.objects.filter(pk=link.pk).update(use_count=3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_use_only_one_gets_in():
    admin = UserFactory()
    circle = services.circle_create(creator=admin, name="Famille Dupont", kind="family", join_policy="invitation")
    invitation = services.invitation_create(circle=circle, actor=admin, expires_in=timedelta(days=1), max_uses=1)
    racers = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def race(user):
        try:
            barrier.wait(timeout=5)
            services.invitation_accept(token=invitation.token, user=user)
            outcomes.append("in")
        except services.CircleError as error:
            outcomes.append(str(error.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["in", InvitationState.USED_UP]
    assert Membership.objects.filter(circle=circle, user__in=racers).count() == 1


# --- pages


def test_invitations_page_shows_the_full_link_to_copy(private_cast, link):
    response = private_cast.client("admin").get(reverse("circles:invitations", args=[private_cast.circle.slug]))
    assert f"http://testserver/cercles/invitation/{link.token}/" in response.content.decode()


def test_admin_creates_a_link_from_the_invitations_page(private_cast):
    url = reverse("circles:invitations", args=[private_cast.circle.slug])
    response = private_cast.client("admin").post(url, {"expires_in_days": "30", "max_uses": "5", "label": "Cousins"})
    invitation = Invitation.objects.get(circle=private_cast.circle)
    assert response["Location"] == f"{url}#invitation-{invitation.pk}"
    assert (invitation.max_uses, invitation.label) == (5, "Cousins")


def test_a_bad_number_of_uses_is_a_form_error(private_cast):
    url = reverse("circles:invitations", args=[private_cast.circle.slug])
    response = private_cast.client("admin").post(url, {"expires_in_days": "30", "max_uses": "-3"})
    assert response.status_code == 200
    assert "max_uses" in response.context["form"].errors


def test_admin_revokes_a_link_from_the_page(private_cast, link):
    private_cast.client("admin").post(reverse("circles:invitation_revoke", args=[private_cast.circle.slug, link.pk]))
    link.refresh_from_db()
    assert link.state == InvitationState.REVOKED


@pytest.mark.parametrize("who, status", [("member", 403), ("stranger", 404), ("applicant", 404)])
def test_only_admins_revoke(private_cast, link, who, status):
    url = reverse("circles:invitation_revoke", args=[private_cast.circle.slug, link.pk])
    assert private_cast.client(who).post(url).status_code == status


def test_a_link_of_another_circle_cannot_be_revoked_here(private_cast):
    other = InvitationFactory()
    MembershipFactory(circle=other.circle, admin=True)
    url = reverse("circles:invitation_revoke", args=[private_cast.circle.slug, other.pk])
    assert private_cast.client("admin").post(url).status_code == 404


def test_the_landing_page_invites_a_logged_in_stranger_to_join(private_cast, link):
    response = private_cast.client("stranger").get(link.get_absolute_url())
    assert response.status_code == 200
    assert reverse("circles:invitation_accept", args=[link.token]) in response.content.decode()


def test_joining_from_the_landing_page_leads_to_the_circle(private_cast, link):
    response = private_cast.client("stranger").post(reverse("circles:invitation_accept", args=[link.token]))
    assert response["Location"] == private_cast.circle.get_absolute_url()


def test_a_member_opening_the_link_goes_straight_to_the_circle(private_cast, link):
    response = private_cast.client("member").get(link.get_absolute_url())
    assert response["Location"] == private_cast.circle.get_absolute_url()


@pytest.mark.parametrize(
    "state, words",
    [("expired", ["expired", "expiré"]), ("revoked", ["revoked", "désactivé"]), ("used_up", ["used up", "utilisé"])],
)
def test_a_dead_link_says_why(private_cast, link, state, words):
    if state == "expired":
        Invitation.objects.filter(pk=link.pk).update(
            created_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(days=1)
        )
    elif state == "revoked":
        services.invitation_revoke(invitation=link, actor=private_cast.admin)
    else:
        Invitation.objects.filter(pk=link.pk).update(use_count=2)
    response = private_cast.client("stranger").get(link.get_absolute_url())
    assert response.status_code == 410
    assert any(word in response.content.decode() for word in words)


def test_a_dead_link_does_not_name_the_circle(private_cast, link):
    services.invitation_revoke(invitation=link, actor=private_cast.admin)
    response = private_cast.client("anonymous").get(link.get_absolute_url())
    assert private_cast.circle.name not in response.content.decode()


def test_accepting_a_dead_link_sends_back_to_its_explanation(private_cast, link):
    services.invitation_revoke(invitation=link, actor=private_cast.admin)
    response = private_cast.client("stranger").post(reverse("circles:invitation_accept", args=[link.token]))
    assert response["Location"] == link.get_absolute_url()
    assert not Membership.objects.filter(user=private_cast.stranger).exists()


def test_an_unknown_token_is_a_404(client, db):
    assert client.get(reverse("circles:invitation", args=["not-a-token"])).status_code == 404


def test_a_logged_out_visitor_is_brought_back_to_the_invitation_after_logging_in(private_cast, link, client):
    client.get(link.get_absolute_url())
    login(client, private_cast.stranger)
    response = client.get("/")
    assert response["Location"] == link.get_absolute_url()


def test_the_invitation_is_remembered_only_once(private_cast, link, client):
    client.get(link.get_absolute_url())
    login(client, private_cast.stranger)
    client.get("/")
    assert client.get("/").status_code == 200


def test_the_login_pages_are_not_interrupted(private_cast, link, client):
    client.get(link.get_absolute_url())
    login(client, private_cast.stranger)
    assert client.get(reverse("account_email")).status_code == 200
