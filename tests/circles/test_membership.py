"""Leaving, promoting, removing, and the rule that a circle always keeps an admin."""

from datetime import timedelta

import pytest
from django.urls import reverse

from circles import services
from circles.models import Circle, Membership, MembershipRole

pytestmark = pytest.mark.django_db


def _membership(cast, user):
    return Membership.objects.get(circle=cast.circle, user=user)


def test_a_member_can_leave(private_cast):
    services.membership_leave(circle=private_cast.circle, user=private_cast.member)
    assert not Membership.objects.filter(user=private_cast.member).exists()


def test_the_last_admin_cannot_simply_leave(private_cast):
    with pytest.raises(services.CircleError):
        services.membership_leave(circle=private_cast.circle, user=private_cast.admin)
    assert _membership(private_cast, private_cast.admin).is_admin


def test_the_last_admin_leaves_by_naming_a_successor(private_cast):
    services.membership_leave(circle=private_cast.circle, user=private_cast.admin, successor=private_cast.member)
    assert _membership(private_cast, private_cast.member).is_admin
    assert not Membership.objects.filter(circle=private_cast.circle, user=private_cast.admin).exists()


def test_the_successor_must_be_an_active_member(request_cast):
    with pytest.raises(services.CircleError):
        services.membership_leave(circle=request_cast.circle, user=request_cast.admin, successor=request_cast.applicant)


def test_the_last_admin_leaves_by_closing_the_circle(private_cast):
    services.membership_leave(circle=private_cast.circle, user=private_cast.admin, close_circle=True)
    assert Circle.objects.get(pk=private_cast.circle.pk).is_closed


def test_an_admin_who_is_not_the_last_can_leave(private_cast):
    services.membership_promote(membership=_membership(private_cast, private_cast.member), actor=private_cast.admin)
    services.membership_leave(circle=private_cast.circle, user=private_cast.admin)
    assert list(Membership.objects.filter(circle=private_cast.circle).values_list("role", flat=True)) == [
        MembershipRole.ADMIN
    ]


def test_an_applicant_withdraws_their_request_by_leaving(request_cast):
    services.membership_leave(circle=request_cast.circle, user=request_cast.applicant)
    assert not Membership.objects.filter(user=request_cast.applicant).exists()


def test_promoting_makes_an_admin(private_cast):
    services.membership_promote(membership=_membership(private_cast, private_cast.member), actor=private_cast.admin)
    assert _membership(private_cast, private_cast.member).is_admin


def test_a_pending_applicant_cannot_be_promoted(request_cast):
    with pytest.raises(services.CircleError):
        services.membership_promote(
            membership=_membership(request_cast, request_cast.applicant), actor=request_cast.admin
        )


def test_a_member_cannot_promote_themselves(private_cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.membership_promote(
            membership=_membership(private_cast, private_cast.member), actor=private_cast.member
        )


def test_an_admin_removes_a_member(private_cast):
    services.membership_remove(membership=_membership(private_cast, private_cast.member), actor=private_cast.admin)
    assert not Membership.objects.filter(user=private_cast.member).exists()


def test_an_admin_cannot_remove_themselves(private_cast):
    with pytest.raises(services.CircleError):
        services.membership_remove(membership=_membership(private_cast, private_cast.admin), actor=private_cast.admin)


def test_a_removed_member_loses_access_at_once(private_cast):
    bob = private_cast.client("member")
    assert bob.get(private_cast.circle.get_absolute_url()).status_code == 200
    services.membership_remove(membership=_membership(private_cast, private_cast.member), actor=private_cast.admin)
    assert bob.get(private_cast.circle.get_absolute_url()).status_code == 404


def test_a_closed_circle_is_gone_for_its_members_too(private_cast):
    services.circle_close(circle=private_cast.circle, actor=private_cast.admin)
    assert private_cast.client("member").get(private_cast.circle.get_absolute_url()).status_code == 404


def test_closing_revokes_the_invitation_links(private_cast):
    invitation = services.invitation_create(
        circle=private_cast.circle, actor=private_cast.admin, expires_in=timedelta(days=1), max_uses=3
    )
    services.circle_close(circle=private_cast.circle, actor=private_cast.admin)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


# --- through the pages


def test_leave_page_asks_the_last_admin_for_a_successor(private_cast):
    response = private_cast.client("admin").get(reverse("circles:leave", args=[private_cast.circle.slug]))
    assert "Bob B." in response.content.decode()


def test_last_admin_leaving_without_a_choice_gets_a_form_error(private_cast):
    response = private_cast.client("admin").post(reverse("circles:leave", args=[private_cast.circle.slug]))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _membership(private_cast, private_cast.admin).is_admin


def test_last_admin_leaves_through_the_page_naming_a_successor(private_cast):
    private_cast.client("admin").post(
        reverse("circles:leave", args=[private_cast.circle.slug]),
        {"choice": "successor", "successor": private_cast.member.pk},
    )
    assert _membership(private_cast, private_cast.member).is_admin


def test_a_stranger_cannot_name_themselves_successor(private_cast):
    response = private_cast.client("admin").post(
        reverse("circles:leave", args=[private_cast.circle.slug]),
        {"choice": "successor", "successor": private_cast.stranger.pk},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=private_cast.stranger).exists()


def test_member_leaves_through_the_page(private_cast):
    response = private_cast.client("member").post(reverse("circles:leave", args=[private_cast.circle.slug]))
    assert response["Location"] == reverse("circles:mine")
    assert not Membership.objects.filter(user=private_cast.member).exists()


def test_admin_removes_a_member_from_the_manage_page(private_cast):
    membership = _membership(private_cast, private_cast.member)
    url = reverse("circles:membership_action", args=[private_cast.circle.slug, membership.pk, "remove"])
    private_cast.client("admin").post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_admin_promotes_a_member_from_the_manage_page(private_cast):
    membership = _membership(private_cast, private_cast.member)
    url = reverse("circles:membership_action", args=[private_cast.circle.slug, membership.pk, "promote"])
    private_cast.client("admin").post(url)
    assert _membership(private_cast, private_cast.member).is_admin


def test_an_unknown_action_is_a_404(private_cast):
    membership = _membership(private_cast, private_cast.member)
    url = f"/cercles/{private_cast.circle.slug}/membres/{membership.pk}/explode/"
    assert private_cast.client("admin").post(url).status_code == 404


def test_close_needs_the_confirmation_box(private_cast):
    private_cast.client("admin").post(reverse("circles:close", args=[private_cast.circle.slug]))
    assert not Circle.objects.get(pk=private_cast.circle.pk).is_closed


def test_admin_closes_the_circle(private_cast):
    private_cast.client("admin").post(reverse("circles:close", args=[private_cast.circle.slug]), {"confirm": "yes"})
    assert Circle.objects.get(pk=private_cast.circle.pk).is_closed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_leaving_at_once_leave_the_circle_with_one_admin():
    import threading

    from django.db import connection

    from tests.factories import MembershipFactory, UserFactory

    first, second = UserFactory(), UserFactory()
    circle = services.circle_create(creator=first, name="Club de rando du Pilat", kind="club", join_policy="open")
    MembershipFactory(circle=circle, user=second, admin=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def leave(user):
        try:
            barrier.wait(timeout=5)
            services.membership_leave(circle=circle, user=user)
            outcomes.append("left")
        except services.CircleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=leave, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["left", "refused"]
    assert Membership.objects.filter(circle=circle, role=MembershipRole.ADMIN).count() == 1


def test_picking_a_successor_is_enough_to_leave(private_cast):
    private_cast.client("admin").post(
        reverse("circles:leave", args=[private_cast.circle.slug]), {"successor": private_cast.member.pk}
    )
    assert _membership(private_cast, private_cast.member).is_admin
