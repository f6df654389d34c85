"""Who sees what: the cast (admin, member, applicant, stranger, anonymous) on every circle page.

Rule: whoever may not see a circle gets a 404 (an invitation-only circle's existence is private);
whoever sees it but does not manage it gets a 403 on admin pages; anonymous visitors are sent to log in
on pages that need an account.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["circles:manage", "circles:invitations", "circles:edit"]
CAST = ["admin", "member", "applicant", "stranger", "anonymous"]


def _url(name, cast):
    return reverse(name, args=[cast.circle.slug])


@pytest.mark.parametrize(
    "who, status", [("admin", 200), ("member", 200), ("applicant", 404), ("stranger", 404), ("anonymous", 404)]
)
def test_private_circle_page(private_cast, who, status):
    assert private_cast.client(who).get(private_cast.circle.get_absolute_url()).status_code == status


@pytest.mark.parametrize("who", CAST)
def test_listed_circle_page_is_public(request_cast, who):
    assert request_cast.client(who).get(request_cast.circle.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("admin_page", ADMIN_PAGES)
@pytest.mark.parametrize(
    "who, status", [("admin", 200), ("member", 403), ("applicant", 404), ("stranger", 404), ("anonymous", 302)]
)
def test_private_circle_admin_pages(private_cast, admin_page, who, status):
    assert private_cast.client(who).get(_url(admin_page, private_cast)).status_code == status


@pytest.mark.parametrize("admin_page", ADMIN_PAGES)
@pytest.mark.parametrize(
    "who, status", [("admin", 200), ("member", 403), ("applicant", 403), ("stranger", 403), ("anonymous", 302)]
)
def test_listed_circle_admin_pages(request_cast, admin_page, who, status):
    assert request_cast.client(who).get(_url(admin_page, request_cast)).status_code == status


def test_anonymous_is_sent_to_log_in_from_admin_pages(private_cast):
    response = private_cast.client("anonymous").get(_url("circles:manage", private_cast))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who, status", [("admin", 200), ("member", 200), ("stranger", 404), ("anonymous", 302)])
def test_private_circle_leave_page(private_cast, who, status):
    assert private_cast.client(who).get(_url("circles:leave", private_cast)).status_code == status


@pytest.mark.parametrize("who, status", [("member", 403), ("stranger", 404), ("applicant", 404)])
def test_only_admins_close_a_private_circle(private_cast, who, status):
    response = private_cast.client(who).post(_url("circles:close", private_cast), {"confirm": "yes"})
    assert response.status_code == status


@pytest.mark.parametrize("who, status", [("member", 403), ("stranger", 404)])
def test_only_admins_edit_a_private_circle(private_cast, who, status):
    response = private_cast.client(who).post(
        _url("circles:edit", private_cast), {"name": "Pris", "kind": "club", "join_policy": "open"}
    )
    assert response.status_code == status


@pytest.mark.parametrize("who, status", [("member", 403), ("stranger", 404)])
def test_only_admins_create_links_for_a_private_circle(private_cast, who, status):
    response = private_cast.client(who).post(
        _url("circles:invitations", private_cast), {"expires_in_days": "7", "max_uses": "5"}
    )
    assert response.status_code == status


def test_members_see_the_private_member_list(private_cast):
    response = private_cast.client("member").get(private_cast.circle.get_absolute_url())
    assert "Alice M." in response.content.decode()


def test_anonymous_visitors_see_no_names_on_a_listed_circle(request_cast):
    response = request_cast.client("anonymous").get(request_cast.circle.get_absolute_url())
    assert "Bob B." not in response.content.decode()


def test_signed_in_visitors_see_who_is_in_a_listed_circle(request_cast):
    response = request_cast.client("stranger").get(request_cast.circle.get_absolute_url())
    assert "Bob B." in response.content.decode()


def test_applicants_are_not_shown_as_members(request_cast):
    response = request_cast.client("member").get(request_cast.circle.get_absolute_url())
    assert "Dave D." not in response.content.decode()


def test_the_manage_link_is_shown_to_admins_only(request_cast):
    manage = _url("circles:manage", request_cast)
    assert manage in request_cast.client("admin").get(request_cast.circle.get_absolute_url()).content.decode()
    assert manage not in request_cast.client("member").get(request_cast.circle.get_absolute_url()).content.decode()


def test_my_circles_needs_an_account(client):
    assert client.get(reverse("circles:mine")).status_code == 302


def test_my_circles_lists_active_and_pending_memberships(request_cast, private_cast_other):
    response = request_cast.client("applicant").get(reverse("circles:mine"))
    assert [m.circle.name for m in response.context["pending"]] == ["Résidence Les Tilleuls"]
    assert [m.circle.name for m in response.context["active"]] == ["Famille Dupont"]


@pytest.fixture
def private_cast_other(request_cast):
    from tests.factories import CircleFactory, MembershipFactory

    circle = CircleFactory(name="Famille Dupont", join_policy="invitation")
    MembershipFactory(circle=circle, user=request_cast.applicant)
    return circle


def test_the_create_page_needs_an_account(client):
    assert client.get(reverse("circles:create")).status_code == 302
