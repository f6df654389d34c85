"""The contact form: to the moderators, rate limited, with a honeypot instead of a captcha."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation.groups import moderators_group_sync
from pages.models import ContactMessage
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = UserFactory(email="nadia@example.fr", first_name="Nadia", is_staff=True)
    user.groups.add(moderators_group_sync())
    return user


def message(**extra) -> dict:
    data = {"name": "Paul Durand", "email": "paul@example.fr", "topic": "question", "body": "Comment créer un cercle ?"}
    return {**data, **extra}


def test_a_visitor_writes_to_the_moderators(client, moderator):
    response = client.post(reverse("pages:contact"), message())
    assert response.status_code == 302
    assert ContactMessage.objects.get().body == "Comment créer un cercle ?"


def test_each_moderator_gets_the_message_by_email(client, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pages:contact"), message())
    assert [email.to for email in mail.outbox] == [["nadia@example.fr"]]
    assert "Comment créer un cercle ?" in mail.outbox[0].body


def test_the_sender_is_thanked(client, moderator):
    response = client.post(reverse("pages:contact"), message(), follow=True)
    assert "votre message est envoyé" in response.content.decode()


def test_a_member_finds_their_name_and_email_filled_in(client, alice):
    html = login(client, alice).get(reverse("pages:contact")).content.decode()
    assert 'value="alice@example.fr"' in html and 'value="Alice M."' in html


def test_a_members_message_is_tied_to_their_account(client, alice, moderator):
    login(client, alice).post(reverse("pages:contact"), message())
    assert ContactMessage.objects.get().sender == alice


def test_a_filled_honeypot_is_thanked_but_nothing_is_sent(client, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pages:contact"), message(website="http://spam.example"))
    assert response.status_code == 302
    assert (ContactMessage.objects.count(), len(mail.outbox)) == (0, 0)


def test_a_missing_email_is_a_form_error(client):
    response = client.post(reverse("pages:contact"), message(email=""))
    assert response.status_code == 200 and 'id="id_email_error"' in response.content.decode()


def test_an_empty_name_is_refused(client):
    response = client.post(reverse("pages:contact"), message(name="   "))
    assert response.status_code == 200 and ContactMessage.objects.count() == 0


def test_an_unknown_topic_is_a_form_error_not_a_500(client):
    assert client.post(reverse("pages:contact"), message(topic="lottery")).status_code == 200


def test_a_fourth_message_in_an_hour_is_refused(client, settings, moderator):
    settings.CONTACT_RATE_LIMITS = "3/h"
    for _ in range(3):
        client.post(reverse("pages:contact"), message())
    response = client.post(reverse("pages:contact"), message())
    assert response.status_code == 429 and ContactMessage.objects.count() == 3


def test_the_limit_counts_each_member_apart(client, settings, alice, bob):
    settings.CONTACT_RATE_LIMITS = "1/h"
    login(client, alice).post(reverse("pages:contact"), message())
    response = login(client, bob).post(reverse("pages:contact"), message())
    assert response.status_code == 302 and ContactMessage.objects.count() == 2


def test_the_honeypot_field_has_a_label_and_is_out_of_the_tab_order(client):
    html = client.get(reverse("pages:contact")).content.decode()
    assert '<label for="id_website">' in html and 'tabindex="-1"' in html
