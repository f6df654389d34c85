"""A newcomer signs up in Chromium, verifies their email, logs in, adds a photo and switches to English."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User

PASSWORD = "Un-velo-pour-deux-2026"


@pytest.fixture
def avatar_file(tmp_path):
    path = tmp_path / "portrait.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "#c2410c").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def confirmation_link() -> str:
    return re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_signs_up_verifies_logs_in_and_sets_up_a_profile(page: Page, live_server, avatar_file):
    page.goto(f"{live_server.url}/compte/signup/")
    page.get_by_label("Prénom").fill("Zoé")
    page.get_by_label("Nom", exact=True).fill("Lambert")
    page.get_by_label("Adresse e-mail").fill("zoe.lambert@example.fr")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("e-mail", re.I))

    # The verification email is French, like the page; its link leads to a confirmation button.
    assert "Bonjour" in mail.outbox[-1].body
    page.goto(confirmation_link().replace("http://testserver", live_server.url))
    page.get_by_role("button", name=re.compile("Confirmer", re.I)).click()

    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Adresse e-mail").fill("zoe.lambert@example.fr")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Logged in: the home greets her by name (issue 23; her name used to be a header link).
    expect(page.get_by_role("heading", name=re.compile("Zoé"))).to_be_visible()

    page.goto(f"{live_server.url}/membres/mon-compte/profil/")
    page.get_by_label("Nouvelle photo").set_input_files(avatar_file)
    page.get_by_label("Ville").fill("Villeurbanne")
    page.get_by_label("Anglais").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="See my public profile").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoé L.")
    expect(page.get_by_text("Member since").first).to_be_visible()
    expect(page.locator("img.avatar--xl")).to_be_visible()
    assert User.objects.get(email="zoe.lambert@example.fr").preferred_language == "en"
