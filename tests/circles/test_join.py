import pytest
from django.core import mail
from django.urls import reverse

from circles import services
from circles.models import JoinPolicy, Membership, MembershipStatus
from tests.conftest import login
from tests.factories import CircleFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creator_becomes_the_first_admin(alice):
    circle = services.circle_create(
        creator=alice, name="Quartier Croix-Rousse", kind="neighbourhood", join_policy="open"
    )
    assert Membership.objects.get(circle=circle, user=alice).is_admin


def test_circle_slug_is_unique_and_never_a_reserved_path(alice):
    first = services.circle_create(creator=alice, name="Nouveau", kind="club", join_policy="open")
    second = services.circle_create(creator=alice, name="Nouveau", kind="club", join_policy="open")
    assert (first.slug, second.slug) == ("nouveau-2", "nouveau-3")


def test_joining_an_open_circle_makes_a_member_at_once(open_cast, charlie):
    membership = services.circle_join(circle=open_cast.circle, user=charlie)
    assert membership.status == MembershipStatus.ACTIVE


def test_joining_an_open_circle_sends_no_email(open_cast, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=open_cast.circle, user=charlie)
    assert mail.outbox == []


def test_asking_to_join_an_on_request_circle_leaves_a_pending_request(request_cast, charlie):
    membership = services.circle_join(circle=request_cast.circle, user=charlie, message="Bâtiment B")
    assert (membership.status, membership.message) == (MembershipStatus.PENDING, "Bâtiment B")


def test_a_join_request_emails_the_circle_admins(request_cast, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=charlie, message="Bâtiment B")
    assert [m.to for m in mail.outbox] == [[request_cast.admin.email]]
    assert "Charlie P." in mail.outbox[0].subject
    assert "Bâtiment B" in mail.outbox[0].body


def test_the_join_request_email_is_in_the_admins_language(request_cast, charlie, django_capture_on_commit_callbacks):
    request_cast.admin.preferred_language = "en"
    request_cast.admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=charlie)
    assert mail.outbox[0].subject == "[Cercle] Charlie P. asks to join Résidence Les Tilleuls"


def test_the_join_request_email_is_in_french_by_default(request_cast, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=charlie)
    assert mail.outbox[0].subject == "[Cercle] Charlie P. demande à rejoindre Résidence Les Tilleuls"


def test_admins_who_turned_circle_emails_off_get_none(request_cast, charlie, django_capture_on_commit_callbacks):
    request_cast.admin.email_on_circles = False
    request_cast.admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=charlie)
    assert mail.outbox == []


def test_every_admin_is_told_of_a_request(request_cast, charlie, django_capture_on_commit_callbacks):
    MembershipFactory(circle=request_cast.circle, admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=charlie)
    assert len(mail.outbox) == 2


def test_an_invitation_only_circle_cannot_be_joined_without_a_link(private_cast, charlie):
    with pytest.raises(services.CircleError):
        services.circle_join(circle=private_cast.circle, user=charlie)
    assert not Membership.objects.filter(user=charlie).exists()


def test_a_closed_circle_cannot_be_joined(charlie):
    circle = CircleFactory(is_closed=True)
    with pytest.raises(services.CircleError):
        services.circle_join(circle=circle, user=charlie)


def test_joining_twice_keeps_one_membership(open_cast, charlie):
    services.circle_join(circle=open_cast.circle, user=charlie)
    services.circle_join(circle=open_cast.circle, user=charlie)
    assert Membership.objects.filter(circle=open_cast.circle, user=charlie).count() == 1


def test_asking_twice_sends_one_request_email(request_cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_join(circle=request_cast.circle, user=request_cast.applicant)
    assert mail.outbox == []


def test_the_database_refuses_a_second_membership(open_cast):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Membership.objects.create(circle=open_cast.circle, user=open_cast.member, status=MembershipStatus.PENDING)


# --- through the pages


def test_join_button_makes_a_member_of_an_open_circle(open_cast, client, charlie):
    login(client, charlie)
    response = client.post(reverse("circles:join", args=[open_cast.circle.slug]), follow=True)
    assert response.context["access"].is_member


def test_join_form_sends_the_request_with_its_message(request_cast, client, charlie):
    login(client, charlie)
    client.post(reverse("circles:join", args=[request_cast.circle.slug]), {"message": "Au 2e"})
    assert Membership.objects.get(user=charlie).message == "Au 2e"


def test_circle_page_says_a_request_is_pending(request_cast):
    response = request_cast.client("applicant").get(request_cast.circle.get_absolute_url())
    assert "Withdraw my request" in response.content.decode() or "Retirer ma demande" in response.content.decode()


def test_anonymous_join_is_sent_to_log_in(open_cast, client):
    response = client.post(reverse("circles:join", args=[open_cast.circle.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_join_page_refuses_get(open_cast, client, charlie):
    login(client, charlie)
    assert client.get(reverse("circles:join", args=[open_cast.circle.slug])).status_code == 405


def test_joining_a_private_circle_by_its_address_is_a_404(private_cast):
    response = private_cast.client("stranger").post(reverse("circles:join", args=[private_cast.circle.slug]))
    assert response.status_code == 404


def test_a_new_member_can_create_a_circle_through_the_form(client):
    user = UserFactory()
    login(client, user)
    response = client.post(
        reverse("circles:create"),
        {"name": "Club de rando du Pilat", "kind": "club", "join_policy": JoinPolicy.OPEN, "city": "Saint-Étienne"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/cercles/club-de-rando-du-pilat/"
