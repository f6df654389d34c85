"""A visitor finds the privacy policy from the footer, reads it in English, and writes to the moderators."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from moderation.groups import moderators_group_sync
from pages.models import ContactMessage
from tests.factories import UserFactory

from .world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_legal_pages_from_the_footer_in_both_languages(live_server, page: Page):
    build_world()
    page.goto(f"{live_server.url}/")
    footer = page.locator("footer")
    footer.get_by_role("link", name="Politique de confidentialité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politique de confidentialité")
    expect(page.get_by_text("aucun cookie de suivi", exact=False)).to_be_visible()
    page.locator("footer").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy policy")
    page.locator("footer").get_by_role("link", name="Legal notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Legal notice")
    expect(page.get_by_text(re.compile("LEGAL_PUBLISHER_NAME"))).to_be_visible()


def test_a_visitor_writes_to_the_moderators(live_server, page: Page):
    build_world()
    moderator = UserFactory(email="nadia@example.fr", first_name="Nadia", is_staff=True)
    moderator.groups.add(moderators_group_sync())
    page.goto(f"{live_server.url}/")
    page.locator("footer").get_by_role("link", name="Contact").click()
    page.get_by_label("Votre nom").fill("Paul Durand")
    page.get_by_label("Votre adresse e-mail").fill("paul@example.fr")
    page.get_by_label(re.compile(r"^De quoi s.agit-il")).select_option("question")
    page.get_by_label("Votre message").fill("Comment rejoindre le cercle de mon immeuble ?")
    page.get_by_role("button", name="Envoyer mon message").click()
    expect(page.get_by_role("status")).to_contain_text("votre message est envoyé")
    assert ContactMessage.objects.get().email == "paul@example.fr"
    assert [email.to for email in mail.outbox if "Contact" in email.subject] == [["nadia@example.fr"]]


def test_the_honeypot_stays_out_of_a_persons_way(live_server, page: Page):
    build_world()
    page.goto(f"{live_server.url}/contact/")
    box = page.locator("#field-website").bounding_box()
    assert box is not None and box["x"] < 0
