"""A member reports a listing; a moderator finds it in the admin queue and hides it with a reason."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from tests.factories import DEFAULT_PASSWORD, BookableListingFactory, ModeratorFactory, UserFactory

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


def test_a_reported_listing_is_hidden_by_a_moderator_from_the_admin_queue(browser: Browser, live_server):
    owner = UserFactory(first_name="Gaston", last_name="Lefourbe", email="gaston@example.fr")
    listing = BookableListingFactory(
        owner=owner, kind="sell", title="iPhone neuf à 50 euros", price="50", price_unit="fixed"
    )
    member = UserFactory(first_name="Alice", last_name="Martin")
    ModeratorFactory(email="moderatrice@example.fr", first_name="Mona", last_name="Dératrice")

    # The member reports the listing from its page.
    page = browser_as(browser, live_server, member)
    page.goto(f"{live_server.url}{listing.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Signaler|Report")).click()
    page.get_by_label(re.compile("Fraude ou arnaque|Fraud or scam")).check()
    page.get_by_label(re.compile("^(Détails|Details)")).fill("Il demande un paiement par mandat cash avant de se voir.")
    page.get_by_role("button", name=re.compile("Envoyer le signalement|Send the report")).click()
    expect(page.get_by_text(re.compile("signalement a bien été reçu|report was received"))).to_be_visible()

    # The moderator logs in to the admin through the site's sign-in page.
    moderator_page = browser.new_context(locale="fr-FR").new_page()
    moderator_page.goto(f"{live_server.url}/admin/")
    expect(moderator_page).to_have_url(re.compile("/compte/login/"))
    moderator_page.get_by_label(re.compile("^(Adresse e-mail|Email address)")).fill("moderatrice@example.fr")
    moderator_page.get_by_label(re.compile("^(Mot de passe|Password)$")).fill(DEFAULT_PASSWORD)
    moderator_page.get_by_role("button", name=re.compile("Se connecter|Sign in|Connexion", re.I)).click()
    expect(moderator_page).to_have_url(re.compile("/admin/$"))

    # Finds it in the queue, hides it with a reason.
    moderator_page.get_by_role("link", name=re.compile("Ouvrir la file|Open the queue")).first.click()
    card = moderator_page.get_by_role("article").filter(has_text="iPhone neuf à 50 euros")
    expect(card).to_contain_text(re.compile("1 signalant|1 reporter"))
    card.get_by_role("button", name=re.compile("Masquer l.annonce|Hide the listing")).click()
    moderator_page.get_by_label(re.compile("^(Motif|Reason)")).fill("Arnaque au paiement anticipé.")
    moderator_page.get_by_role("button", name=re.compile("Confirmer|Confirm")).click()
    expect(
        moderator_page.get_by_text(re.compile("décision\\(s\\) enregistrée|decision\\(s\\) recorded"))
    ).to_be_visible()

    # The listing is gone from search; the owner was emailed the reason.
    page.goto(f"{live_server.url}/annonces/recherche/?q=iphone")
    expect(page.get_by_text("iPhone neuf à 50 euros")).to_have_count(0)
    to_owner = [m for m in mail.outbox if m.to == ["gaston@example.fr"]]
    assert len(to_owner) == 1
    assert "Arnaque au paiement anticipé." in to_owner[0].body
