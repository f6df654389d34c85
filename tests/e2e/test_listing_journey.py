"""A member lends a drill to her building only; a neighbour finds it without accents; a stranger never sees it."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from listings.categories import seed_categories
from listings.models import Category, Listing
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.listings.conftest import make_circle

TITLE = "Perceuse électrique Bosch"
EMAIL_LABEL = re.compile(r"courriel|e-?mail", re.I)


def _log_in(page: Page, base: str, email: str, next_url: str) -> None:
    page.goto(f"{base}/compte/login/?next={next_url}")
    page.get_by_label(EMAIL_LABEL).first.fill(email)
    page.get_by_label(re.compile(r"^(mot de passe|password)", re.I)).first.fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"^(se connecter|connexion|log in|sign in)$", re.I)).click()


def _photo(folder: Path, name: str, colour: str) -> Path:
    path = folder / name
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _search(page: Page, base: str, text: str) -> None:
    page.goto(f"{base}/annonces/recherche/")
    page.get_by_role("searchbox", name=re.compile(r"Que cherchez-vous|What are you looking for")).fill(text)
    page.get_by_role("button", name=re.compile(r"^(Rechercher|Search)$")).first.click()


@pytest.mark.postgres  # accent-insensitive search is PostgreSQL full text (SQLite only has icontains)
@pytest.mark.django_db(transaction=True)
def test_a_member_lends_to_her_circle_and_only_her_circle_finds_it(
    live_server, page: Page, browser: Browser, browser_context_args: dict, tmp_path: Path
) -> None:
    seed_categories(Category)  # an earlier transactional test may have flushed the seeded tree
    marie = UserFactory(email="marie@example.fr", first_name="Marie", last_name="Dupont")
    karim = UserFactory(email="karim@example.fr", first_name="Karim", last_name="Benali")
    UserFactory(email="paul@example.fr", first_name="Paul", last_name="Inconnu")
    make_circle("Résidence Les Tilleuls", marie, karim)
    base = live_server.url

    # Marie posts a loan of her drill, with two photos, for her building only.
    _log_in(page, base, "marie@example.fr", "/annonces/nouvelle/")
    page.get_by_role("link", name=re.compile(r"^(Je prête|I lend)$")).click()
    page.get_by_label(re.compile(r"^(Titre|Title)")).fill(TITLE)
    page.get_by_label(re.compile(r"^Description")).fill("Avec deux batteries et un coffret de forets.")
    page.get_by_label(re.compile(r"^(Catégorie|Category)")).select_option(label="Outillage électrique")
    page.get_by_label(re.compile(r"^(Prix par jour|Price per day)")).fill("3")
    page.get_by_label(re.compile(r"^(Caution|Deposit)")).fill("50")
    page.get_by_label(re.compile(r"Seulement les cercles choisis|Only my chosen circles")).check()
    page.get_by_label("Résidence Les Tilleuls").check()
    page.get_by_label(re.compile(r"^Photos")).set_input_files(
        [_photo(tmp_path, "face.jpg", "teal"), _photo(tmp_path, "coffret.jpg", "orange")]
    )
    page.get_by_role("button", name=re.compile(r"^(Publier|Publish)$")).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".gallery__thumbs img")).to_have_count(2)
    listing = Listing.objects.get(title=TITLE)
    assert listing.visibility == "circles"

    # Karim, her neighbour, types it without accents and finds it.
    karim_context = browser.new_context(**browser_context_args)
    karim_page = karim_context.new_page()
    _log_in(karim_page, base, "karim@example.fr", "/")
    _search(karim_page, base, "perceuse electrique")
    karim_page.get_by_role("link", name=TITLE).click()
    expect(karim_page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(karim_page.get_by_text("Résidence Les Tilleuls").first).to_be_visible()
    karim_context.close()

    # Paul, a stranger, finds nothing, and the address of the listing is a dead end for him.
    paul_context = browser.new_context(**browser_context_args)
    paul_page = paul_context.new_page()
    _log_in(paul_page, base, "paul@example.fr", "/")
    _search(paul_page, base, "perceuse electrique")
    expect(paul_page.get_by_role("link", name=TITLE)).to_have_count(0)
    response = paul_page.goto(f"{base}{listing.get_absolute_url()}")
    assert response is not None and response.status == 404
    paul_context.close()
