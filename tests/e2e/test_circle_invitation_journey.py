"""A member creates an invitation-only circle, invites someone by link, who signs up through it and lands in it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Tilleuls-et-Platanes-2026"
EMAIL_LABEL = re.compile(r"courriel|e-?mail", re.I)


def _log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label(EMAIL_LABEL).first.fill(email)
    page.get_by_label(re.compile(r"^(mot de passe|password)", re.I)).first.fill(password)
    page.get_by_role("button", name=re.compile(r"^(se connecter|connexion|log in|sign in)$", re.I)).click()


def _verification_link() -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://\S+/confirm-email/\S+/", message.body)
        if found:
            return found.group(0)
    raise AssertionError("no verification email was sent")


@pytest.mark.django_db(transaction=True)
def test_a_member_invites_someone_who_signs_up_through_the_link(
    live_server, page: Page, browser: Browser, browser_context_args: dict
) -> None:
    UserFactory(email="marie@example.fr", first_name="Marie", last_name="Dupont")

    # Marie creates an invitation-only circle.
    page.goto(f"{live_server.url}/compte/login/?next=/cercles/nouveau/")
    _log_in(page, "marie@example.fr", DEFAULT_PASSWORD)
    page.get_by_label(re.compile(r"^(Nom|Name)$")).fill("Famille Dupont")
    page.get_by_label(re.compile(r"Type de cercle|Kind of circle")).select_option("family")
    page.get_by_label(re.compile(r"Sur invitation|Invitation only")).check()
    # The city may be left empty: its label says so.
    page.get_by_label(re.compile(r"^(Ville|City) \((facultatif|optional)\)$")).fill("Lyon")
    page.get_by_role("button", name=re.compile(r"Créer le cercle|Create the circle")).click()
    expect(page.get_by_role("heading", name="Famille Dupont")).to_be_visible()

    # She creates a link and copies it.
    page.get_by_role("link", name=re.compile(r"Inviter des personnes|Invite people")).click()
    page.get_by_label(re.compile(r"Nombre maximal d'utilisations|Maximum number of uses")).fill("3")
    page.get_by_role("button", name=re.compile(r"Créer le lien|Create the link")).click()
    page.get_by_role("button", name=re.compile(r"Copier le lien|Copy the link")).click()
    link = page.get_by_label(re.compile(r"^(Lien d'invitation|Invitation link)$")).input_value()
    circle_url = f"{live_server.url}/cercles/famille-dupont/"
    assert link.startswith(f"{live_server.url}/cercles/invitation/")

    # Zoé follows the link, signs up, verifies her address, logs in and lands back on the invitation.
    zoe = browser.new_context(**browser_context_args).new_page()
    zoe.goto(link)
    expect(zoe.get_by_role("heading", name=re.compile("Famille Dupont"))).to_be_visible()
    zoe.get_by_role("link", name=re.compile(r"S'inscrire pour rejoindre|Sign up to join")).click()
    zoe.get_by_label(re.compile(r"^(Prénom|First name)")).fill("Zoé")
    zoe.get_by_label(re.compile(r"^(Nom|Last name)")).fill("Lambert")
    zoe.get_by_label(EMAIL_LABEL).first.fill("zoe@example.fr")
    zoe.locator("input[name=password1]").fill(NEW_PASSWORD)
    zoe.locator("input[name=password2]").fill(NEW_PASSWORD)
    zoe.get_by_role("button", name=re.compile(r"inscri|création|créer|sign up|create", re.I)).click()
    zoe.wait_for_load_state()
    zoe.goto(_verification_link())
    zoe.get_by_role("button", name=re.compile(r"^(Confirmer|Confirm)", re.I)).click()
    zoe.wait_for_url(re.compile(r"/compte/login/"))
    _log_in(zoe, "zoe@example.fr", NEW_PASSWORD)
    zoe.get_by_role("button", name=re.compile(r"Rejoindre le cercle|Join the circle")).click()
    expect(zoe.get_by_role("heading", name=re.compile(r"Vous êtes membre|You are a member"))).to_be_visible()
    assert zoe.url == circle_url
    expect(zoe.get_by_text("Marie D.")).to_be_visible()

    # A stranger, logged in or not, is told the circle does not exist.
    UserFactory(email="charlie@example.fr")
    stranger = browser.new_context(**browser_context_args).new_page()
    assert stranger.goto(circle_url).status == 404
    stranger.goto(f"{live_server.url}/compte/login/")
    _log_in(stranger, "charlie@example.fr", DEFAULT_PASSWORD)
    assert stranger.goto(circle_url).status == 404
    expect(stranger.get_by_text("Famille Dupont")).to_have_count(0)
