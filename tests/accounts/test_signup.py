import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User

STRONG_PASSWORD = "Vélo-du-dimanche-42"


def signup_data(**overrides):
    return {
        "first_name": "Zoé",
        "last_name": "Lambert",
        "email": "zoe.lambert@example.fr",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        **overrides,
    }


def confirmation_link(message) -> str:
    return re.search(r"https?://[^\s]+/confirm-email/[^\s]+/", message.body).group(0)


@pytest.fixture
def signed_up(client, db):
    client.post(reverse("account_signup"), signup_data(), HTTP_ACCEPT_LANGUAGE="fr")
    return User.objects.get(email="zoe.lambert@example.fr")


def test_signup_page_asks_names_email_and_password(client, db):
    response = client.get(reverse("account_signup"))
    for field in ("first_name", "last_name", "email", "password1", "password2"):
        assert f'name="{field}"' in response.content.decode()


def test_signup_creates_an_unverified_member_with_their_names(signed_up):
    assert (signed_up.first_name, signed_up.last_name) == ("Zoé", "Lambert")
    assert not EmailAddress.objects.get(user=signed_up).verified


def test_signup_sends_the_verification_email_in_french_from_a_french_page(signed_up):
    assert len(mail.outbox) == 1
    assert "Confirmez" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body.lower()
    assert "Bonjour" in mail.outbox[0].body


def test_signup_from_an_english_page_sends_an_english_email_and_remembers_english(client, db):
    client.cookies["django_language"] = "en"
    client.post(reverse("account_signup"), signup_data())
    assert "Welcome! Confirm your email address" in mail.outbox[0].subject
    assert User.objects.get(email="zoe.lambert@example.fr").preferred_language == "en"


def test_unverified_member_cannot_log_in(client, signed_up):
    response = client.post(reverse("account_login"), {"login": signed_up.email, "password": STRONG_PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_the_email_then_login_works(client, signed_up):
    link = confirmation_link(mail.outbox[0])
    client.post(link)
    assert EmailAddress.objects.get(user=signed_up).verified
    client.post(reverse("account_login"), {"login": signed_up.email, "password": STRONG_PASSWORD})
    assert client.session["_auth_user_id"] == str(signed_up.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "zoe lambert@example"}, "email"),
        ({"password1": "azerty", "password2": "azerty"}, "password1"),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "password1"),
        ({"password2": "Autre-mot-de-passe-99"}, "password2"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": ""}, "last_name"),
    ],
    ids=["invalid", "no-domain", "too-short", "numeric", "mismatch", "no-first-name", "no-last-name"],
)
def test_bad_signup_input_gets_a_form_error_not_an_account(client, db, overrides, field):
    response = client.post(reverse("account_signup"), signup_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.exists()


def test_an_already_used_email_looks_like_a_normal_signup(client, alice):
    response = client.post(reverse("account_signup"), signup_data(email="ALICE@example.fr"))
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.count() == 1


def test_an_already_used_email_warns_the_owner_by_email(client, alice):
    client.post(reverse("account_signup"), signup_data(email=alice.email))
    assert mail.outbox[0].to == [alice.email]


def test_signup_form_has_real_labels(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<label for="id_email">' in html
    assert 'for="id_first_name"' in html


def test_a_first_name_with_a_line_break_is_refused_at_signup(client, db):
    response = client.post(reverse("account_signup"), signup_data(first_name="Zoé\nBcc: tous@example.fr"))
    assert "first_name" in response.context["form"].errors
    assert not User.objects.exists()
