"""The admin has no door of its own: staff come in through the site's login, its limits and its 2FA step."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib import admin
from django.urls import URLResolver, reverse
from django.urls.resolvers import RegexPattern

from tests.conftest import login
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory

pytestmark = pytest.mark.django_db

SECRET = generate_totp_secret()


@pytest.fixture
def moderator(db):
    return ModeratorFactory(first_name="Modeste", last_name="Garde", email="moderateur@example.fr")


@pytest.fixture
def moderator_with_totp(moderator):
    TOTP.activate(moderator, SECRET)
    return moderator


def _current_code() -> str:
    import time

    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def _site_login(client, user, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def _every_admin_url() -> list[str]:
    """One URL for each pattern of the admin (model pages with the id 1), found from the site itself."""
    urls = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern.pattern, RegexPattern):  # the app index and the final catch-all
                urls.append("/admin/accounts/" if "app_label" in str(pattern.pattern) else "/admin/nulle-part/")
            else:
                urls.append("/admin/" + re.sub(r"<(?:\w+:)?\w+>", "1", prefix + str(pattern.pattern)))

    walk(admin.site.get_urls(), "")
    return sorted(set(urls))


def test_the_admin_login_sends_a_visitor_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/reviews/review/")
    assert response.url == reverse("account_login") + "?next=/admin/reviews/review/"


def test_the_admin_login_sends_a_signed_in_member_to_the_site_login_too(client, alice):
    response = login(client, alice).get("/admin/login/")
    assert response.url == reverse("account_login") + "?next=/admin/"


def test_the_admin_login_does_not_follow_a_next_to_another_site(client):
    response = client.get("/admin/login/?next=https://ailleurs.example/")
    assert response.url == reverse("account_login") + "?next=/admin/"


def test_a_staff_password_posted_to_the_admin_login_opens_no_session(client, moderator):
    client.post("/admin/login/", {"username": moderator.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_member_posting_a_staff_password_to_the_admin_login_stays_themselves(client, alice, moderator):
    login(client, alice).post("/admin/login/", {"username": moderator.email, "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_admin_knows_some_forty_urls():
    """The sweep below must try the model pages, not only the index."""
    assert len(_every_admin_url()) > 40


# The login page redirects everyone to the site's login (tested above); every other admin URL is a 404.
@pytest.mark.parametrize("url", [url for url in _every_admin_url() if url != "/admin/login/"])
def test_a_signed_in_member_who_is_not_staff_gets_404_on_every_admin_url(client, alice, url):
    assert login(client, alice).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/admin/", "/admin/reviews/review/", "/admin/moderation/report/queue/"])
def test_a_visitor_is_sent_straight_to_the_site_login(client, url):
    response = client.get(url)
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_a_moderator_with_two_factor_gets_no_admin_without_the_code(client, moderator_with_totp):
    response = _site_login(client, moderator_with_totp)
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302


def test_a_moderator_with_two_factor_reaches_the_admin_with_the_code(client, moderator_with_totp):
    _site_login(client, moderator_with_totp)
    client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert client.get("/admin/").status_code == 200


def test_the_admin_password_page_is_the_sites_own(client, moderator):
    response = login(client, moderator).get("/admin/password_change/")
    assert response.url == reverse("account_change_password")
