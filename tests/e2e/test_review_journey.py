"""After a completed lending, both members review each other in the browser: double-blind, then both published."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.factories import UserFactory, reviews_booking

pytestmark = pytest.mark.django_db(transaction=True)


def browser_as(browser: Browser, live_server, user) -> Page:
    """A browser context logged in as ``user`` (session cookie from Django's test client)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def write_review(page: Page, live_server, *, other_name: str, stars: str, comment: str) -> None:
    page.goto(f"{live_server.url}/confiance/avis-a-ecrire/")
    page.get_by_role("link", name=re.compile(f"(Évaluer|Review) {other_name}")).click()
    # Django's radio sits inside its label: pick it by its accessible name, as a screen reader reads it.
    page.get_by_role("radio", name=re.compile(f"^{stars} (étoiles|stars)")).check()
    page.get_by_label(re.compile("^(Votre avis|Your review)")).fill(comment)
    page.get_by_role("button", name=re.compile("Publier mon avis|Publish my review")).click()


def test_both_members_review_each_other_and_see_nothing_before_the_second(browser: Browser, live_server):
    alice = UserFactory(first_name="Alice", last_name="Martin")
    bob = UserFactory(first_name="Bob", last_name="Bernard")
    reviews_booking(owner=alice, requester=bob, kind="lend", completed_at=timezone.now() - timedelta(days=1))
    alice_page = browser_as(browser, live_server, alice)
    bob_page = browser_as(browser, live_server, bob)

    write_review(alice_page, live_server, other_name="Bob B.", stars="5", comment="Bob a rendu la perceuse impeccable.")
    expect(alice_page.get_by_role("status").first).to_contain_text(re.compile("masqué|hidden"))

    # Bob sees neither alice's review on his own profile nor any published review on hers.
    bob_page.goto(f"{live_server.url}/membres/{bob.pk}/")
    expect(bob_page.get_by_text("Bob a rendu la perceuse impeccable.")).to_have_count(0)
    alice_page.goto(f"{live_server.url}/membres/{bob.pk}/")
    expect(alice_page.get_by_text("Bob a rendu la perceuse impeccable.")).to_have_count(0)

    write_review(bob_page, live_server, other_name="Alice M.", stars="4", comment="Alice explique tout, merci !")
    expect(bob_page.get_by_role("status").first).to_contain_text(re.compile("publiés|published"))

    bob_page.goto(f"{live_server.url}/membres/{bob.pk}/")
    expect(bob_page.get_by_text("Bob a rendu la perceuse impeccable.")).to_be_visible()
    expect(bob_page.locator(".trust-profile")).to_contain_text(re.compile(r"1 avis|1 review"))
    alice_page.goto(f"{live_server.url}/membres/{alice.pk}/")
    expect(alice_page.get_by_text("Alice explique tout, merci !")).to_be_visible()
    expect(alice_page.locator(".trust-profile")).to_contain_text("4")
