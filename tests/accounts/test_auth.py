import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory


def log_in(client, user, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_member_logs_in_with_email_and_password(client, alice):
    response = log_in(client, alice)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_login_is_case_insensitive_on_the_email(client, alice):
    client.post(reverse("account_login"), {"login": "ALICE@Example.fr", "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_wrong_password_shows_an_error_without_saying_which_part_is_wrong(client, alice):
    response = log_in(client, alice, password="pas-le-bon")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_needs_a_post(alice_client):
    alice_client.post(reverse("account_logout"))
    assert "_auth_user_id" not in alice_client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link).url  # allauth moves the key into the session, then shows the form
    client.post(form_url, {"password1": "Nouveau-secret-2026", "password2": "Nouveau-secret-2026"})
    alice.refresh_from_db()
    assert alice.check_password("Nouveau-secret-2026")


def test_password_reset_for_an_unknown_email_does_not_reveal_it(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "personne@example.fr"})
    assert response.url == reverse("account_reset_password_done")


def test_email_change_sends_a_confirmation_to_the_new_address(client, alice):
    log_in(client, alice)
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.nouvelle@example.fr"})
    assert mail.outbox[-1].to == ["alice.nouvelle@example.fr"]


def test_email_change_is_effective_once_confirmed(client, alice):
    log_in(client, alice)
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.nouvelle@example.fr"})
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    alice.refresh_from_db()
    assert alice.email == "alice.nouvelle@example.fr"


def test_email_change_to_an_address_already_in_use_is_refused_quietly(client, alice, bob):
    log_in(client, alice)
    client.post(reverse("account_email"), {"action_add": "", "email": bob.email})
    alice.refresh_from_db()
    assert alice.email == "alice@example.fr"


def reauthenticate(client, password=DEFAULT_PASSWORD):
    """allauth asks for the password again before security changes such as turning on 2FA."""
    client.post(reverse("account_reauthenticate"), {"password": password})


def activate_totp(client) -> str:
    reauthenticate(client)
    response = client.get(reverse("mfa_activate_totp"))
    secret = response.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": f"{hotp_value(secret, _counter()):06d}"})
    return secret


def _counter() -> int:
    import time

    return int(time.time()) // 30


def test_member_turns_on_two_factor_with_an_authenticator_app(client, alice):
    log_in(client, alice)
    activate_totp(client)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_totp_code_does_not_turn_on_two_factor(client, alice):
    log_in(client, alice)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.context["form"].errors
    assert not Authenticator.objects.filter(user=alice).exists()


def test_with_two_factor_on_login_asks_for_the_code(client, alice):
    log_in(client, alice)
    activate_totp(client)
    client.post(reverse("account_logout"))
    response = log_in(client, alice)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_two_factor_page_is_styled_inside_the_account_menu(client, alice):
    log_in(client, alice)
    html = client.get(reverse("mfa_index")).content.decode()
    assert 'class="manage__menu"' in html


@pytest.mark.parametrize(
    "url_name",
    ["account_email", "account_change_password", "mfa_index", "mfa_activate_totp"],
)
def test_account_pages_send_strangers_to_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_turning_on_two_factor_asks_for_the_password_again_first(client, alice):
    log_in(client, alice)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_change_password_page_renders_for_a_member(client, alice):
    log_in(client, alice)
    assert client.get(reverse("account_change_password")).status_code == 200


def test_inactive_member_cannot_log_in(client, db):
    suspended = UserFactory(is_active=False)
    log_in(client, suspended)
    assert "_auth_user_id" not in client.session
