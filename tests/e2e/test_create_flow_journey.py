"""Posting starts with the photos: they show as tiles, the member picks the cover, the card's
preview follows what they type, and the listing goes to their circles by default."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from listings.models import Listing

from .world import build_world, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def photo(folder: Path, name: str, colour: str) -> Path:
    path = folder / name
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_member_picks_the_cover_among_the_tiles_and_sees_the_preview(live_server, page: Page, tmp_path: Path):
    world = build_world()
    log_in(page, live_server.url, world.bob.email)
    page.goto(f"{live_server.url}/annonces/nouvelle/?kind=lend&intent=offer")
    page.get_by_label(re.compile(r"^Photos")).set_input_files(
        [photo(tmp_path, "rouge.jpg", "red"), photo(tmp_path, "bleu.jpg", "blue")]
    )
    expect(page.locator(".photo-tile")).to_have_count(2)
    page.locator(".photo-tile").nth(1).get_by_role("button", name="Mettre en couverture").click()
    expect(page.locator(".photo-tile").first.locator("img")).to_have_attribute("alt", "bleu.jpg")

    page.get_by_label(re.compile(r"^Titre")).fill("Scie sauteuse")
    expect(page.locator("[data-preview-title]")).to_have_text("Scie sauteuse")
    page.get_by_label(re.compile(r"^Prix par jour")).fill("4")
    expect(page.locator("[data-preview-price]")).to_have_text("4\u00a0€ / jour")

    page.get_by_label(re.compile(r"^Description")).fill("Avec une lame pour le bois.")
    page.get_by_label(re.compile(r"^Catégorie")).select_option(label="Outillage électrique")
    expect(page.get_by_label("Seulement les cercles choisis")).to_be_checked()
    page.get_by_role("button", name=re.compile(r"^Publier$")).click()
    listing = Listing.objects.get(title="Scie sauteuse")
    cover = listing.photos.get(position=0)
    with Image.open(cover.image.path) as image:
        red, _green, blue = image.convert("RGB").getpixel((10, 10))
    assert (listing.visibility, blue > red) == ("circles", True)
