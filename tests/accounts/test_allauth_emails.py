"""allauth's emails in the site's voice: greeted by first name, no "user X. has given your address"."""

import pytest
from django.core import mail
from django.urls import reverse

from .test_signup import signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmation(client):
    client.post(reverse("account_signup"), signup_data(), HTTP_ACCEPT_LANGUAGE="fr")
    return mail.outbox[-1]


def test_the_confirmation_greets_the_new_member_by_first_name(confirmation):
    assert confirmation.body.startswith("Bonjour Zoé,")


def test_the_confirmation_does_not_read_like_a_form_letter(confirmation):
    assert "l'utilisateur" not in confirmation.body.lower() and "Zoé L." not in confirmation.body


def test_the_confirmation_says_what_cercle_is_and_what_to_do_otherwise(confirmation):
    assert "prêtent, échangent" in confirmation.body and "ignorez ce message" in confirmation.body


def test_the_subject_welcomes_in_french(confirmation):
    assert confirmation.subject == "[Cercle] Bienvenue\u202f! Confirmez votre adresse e-mail"


def test_a_password_reset_email_is_in_the_sites_voice(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email}, HTTP_ACCEPT_LANGUAGE="fr")
    body = mail.outbox[-1].body
    assert body.startswith("Bonjour Alice,") and "choisir un nouveau mot de passe" in body


def test_signing_up_again_with_a_known_address_says_so_kindly(client, alice):
    client.post(reverse("account_signup"), signup_data(email=alice.email), HTTP_ACCEPT_LANGUAGE="fr")
    assert "vous en avez déjà un" in mail.outbox[-1].body
