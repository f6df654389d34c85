import pytest
from django.urls import reverse
from django.utils import timezone

from circles.models import Circle, Membership
from reviews.services import trust_summaries_refresh
from tests.conftest import login
from tests.factories import UserFactory


@pytest.fixture
def marie(db):
    return UserFactory(
        first_name="Marie",
        last_name="Dupont",
        email="marie.secret@example.fr",
        phone="0612345678",
        city="Villeurbanne",
        postcode="69100",
        bio="J'aime le jardinage et je prête volontiers ma tondeuse.",
        languages=["fr", "es"],
    )


@pytest.fixture
def tilleuls(marie, bob):
    circle = Circle.objects.create(name="Résidence Les Tilleuls", slug="tilleuls", kind="building", join_policy="open")
    for member in (marie, bob):
        Membership.objects.create(circle=circle, user=member, status="active", joined_at=timezone.now())
    return circle


def profile_html(client, member) -> str:
    return client.get(reverse("accounts:profile", kwargs={"pk": member.pk})).content.decode()


@pytest.mark.parametrize("visible", ["Marie D.", "Villeurbanne", "tondeuse", "Espagnol", "Membre depuis"])
def test_a_stranger_sees_the_public_profile(client, charlie, marie, visible):
    assert visible in profile_html(login(client, charlie), marie)


@pytest.mark.parametrize("hidden", ["marie.secret@example.fr", "Dupont", "69100", "0612345678"])
def test_a_stranger_never_sees_email_last_name_postcode_or_phone(client, charlie, marie, hidden):
    assert hidden not in profile_html(login(client, charlie), marie)


def test_a_fellow_circle_member_sees_the_circle_they_share(client, bob, marie, tilleuls):
    assert "Résidence Les Tilleuls" in profile_html(login(client, bob), marie)


def test_a_stranger_sees_no_shared_circle(client, charlie, marie, tilleuls):
    assert "Résidence Les Tilleuls" not in profile_html(login(client, charlie), marie)


def test_anonymous_visitors_are_asked_to_log_in(client, marie):
    response = client.get(reverse("accounts:profile", kwargs={"pk": marie.pk}))
    assert response.url.startswith(reverse("account_login"))


def test_a_deactivated_member_has_no_profile(client, charlie, marie):
    marie.is_active = False
    marie.save()
    response = login(client, charlie).get(reverse("accounts:profile", kwargs={"pk": marie.pk}))
    assert response.status_code == 404


def test_an_unknown_member_is_a_404(client, charlie):
    assert login(client, charlie).get(reverse("accounts:profile", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("circle_count", [1, 6])
def test_the_profile_page_makes_seven_queries_however_many_circles_are_shared(
    client, bob, marie, circle_count, django_assert_num_queries
):
    for n in range(circle_count):
        circle = Circle.objects.create(name=f"Cercle {n}", slug=f"cercle-{n}", kind="club", join_policy="open")
        Membership.objects.bulk_create(
            [
                Membership(circle=circle, user=marie, status="active", joined_at=timezone.now()),
                Membership(circle=circle, user=bob, status="active", joined_at=timezone.now()),
            ]
        )
    trust_summaries_refresh(user_ids=[marie.pk])  # as the nightly refresh leaves every member
    login(client, bob)
    client.get(reverse("home"))  # bob's circles, blocks and unread count are in the cache after his first page
    # viewer (the session comes from the cache), the member with their badges, the shared circles;
    # then the trust summary (reviews): the card, the vouches, the published reviews; and (issue 23)
    # the member's listings
    with django_assert_num_queries(7):
        response = client.get(reverse("accounts:profile", kwargs={"pk": marie.pk}))
    assert response.content.decode().count("badge--brand") == circle_count


def test_the_account_hub_makes_four_queries(alice_client, django_assert_num_queries):
    # member, their email address and 2FA state, blocks count, the header's unread count (the
    # session comes from the cache)
    with django_assert_num_queries(4):
        alice_client.get(reverse("accounts:settings"))


def test_my_own_profile_tells_me_what_others_see(client, marie):
    assert "Modifier mon profil" in profile_html(login(client, marie), marie)


def test_the_account_hub_links_every_setting(client, alice):
    html = login(client, alice).get(reverse("accounts:settings")).content.decode()
    for url_name in ("accounts:profile_edit", "account_email", "account_change_password", "mfa_index"):
        assert reverse(url_name) in html


@pytest.mark.parametrize("url_name", ["accounts:settings", "accounts:profile_edit", "accounts:preferences"])
def test_account_pages_need_a_login(client, db, url_name):
    assert client.get(reverse(url_name)).url.startswith(reverse("account_login"))
