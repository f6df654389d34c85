"""allauth's rate limits, counted in the real cache (Redis through django-redis in CI)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def fail_logins(client, email: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "mauvais-mot-de-passe"})


@pytest.mark.redis
def test_the_cache_in_use_is_redis_and_behaves_as_empty_when_it_is_down(settings):
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "RedisCache"
    assert settings.CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"]


def test_after_five_failed_logins_even_the_right_password_is_refused(client, alice):
    fail_logins(client, alice.email, 5)
    response = client.post(reverse("account_login"), {"login": alice.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode() or response.status_code == 429


def test_four_failed_logins_do_not_lock_the_member_out(client, alice):
    fail_logins(client, alice.email, 4)
    client.post(reverse("account_login"), {"login": alice.email, "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_too_many_signups_from_one_address_get_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [client.post(reverse("account_signup"), {"email": f"robot{n}@example.fr"}).status_code for n in range(4)]
    assert statuses[-1] == 429


def test_admin_login_goes_through_the_allauth_login(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_login_is_rate_limited_like_any_login(client, alice):
    fail_logins(client, alice.email, 5)
    login_url = client.get("/admin/login/?next=/admin/").url
    client.post(login_url, {"login": alice.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_staff_reach_the_admin_after_the_allauth_login(client, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.post(reverse("account_login"), {"login": alice.email, "password": DEFAULT_PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_login_still_works_when_redis_is_down(client, alice, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    client.post(reverse("account_login"), {"login": alice.email, "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(alice.pk)


# --- Behind the TLS proxy: the client's address comes from X-Forwarded-For (or a trusted header).
PROXY = "10.0.0.2"


def _fail_logins_from(client, address: str, times: int, **headers: str) -> None:
    for n in range(times):  # a different email each time: only the per-IP limit counts
        client.post(
            reverse("account_login"),
            {"login": f"inconnu{n}@example.fr", "password": "mauvais-mot-de-passe"},
            REMOTE_ADDR=PROXY,
            **({"HTTP_X_FORWARDED_FOR": address} | headers),
        )


def _log_in_from(client, address: str, user, **headers: str) -> None:
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=PROXY,
        **({"HTTP_X_FORWARDED_FOR": address} | headers),
    )


def test_behind_the_proxy_one_clients_failed_logins_do_not_lock_out_another(client, alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_logins_from(Client(), "203.0.113.7", 11)
    _log_in_from(client, "198.51.100.20", alice)
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_behind_the_proxy_the_client_who_failed_is_still_stopped(client, alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_logins_from(client, "203.0.113.7", 11)
    _log_in_from(client, "203.0.113.7", alice)
    assert "_auth_user_id" not in client.session


def test_a_client_cannot_pick_its_address_by_prepending_to_the_header(client, alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw: only the last one counts
    _fail_logins_from(client, "192.0.2.1, 203.0.113.7", 11)
    _log_in_from(client, "192.0.2.99, 203.0.113.7", alice)
    assert "_auth_user_id" not in client.session


def test_without_a_trusted_proxy_everyone_behind_it_shares_one_limit(client, alice, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _fail_logins_from(Client(), "203.0.113.7", 11)
    _log_in_from(client, "198.51.100.20", alice)
    assert "_auth_user_id" not in client.session


def test_a_trusted_client_ip_header_separates_clients_too(client, alice, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    _fail_logins_from(Client(), "", 11, HTTP_X_REAL_IP="203.0.113.7")
    _log_in_from(client, "", alice, HTTP_X_REAL_IP="198.51.100.20")
    assert client.session["_auth_user_id"] == str(alice.pk)
