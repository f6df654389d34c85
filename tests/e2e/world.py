"""A small, believable site for the browser checks of issue 23: two neighbours in a building,
a drill to lend with three photos, a request, a question and a review."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page

from bookings.services import booking_request, conversation_ask
from listings import services as listing_services
from listings.categories import seed_categories
from listings.illustrations import illustration
from listings.models import Category, Listing
from pages.defaults import DEFAULTS
from pages.models import Page as LegalPage
from tests.bookings.conftest import in_days
from tests.factories import DEFAULT_PASSWORD, BookableListingFactory, ListingFactory, UserFactory
from tests.listings.conftest import make_circle


@dataclass
class World:
    alice: object
    bob: object
    drill: Listing


def build_world() -> World:
    """The rows a transactional test starts from (an earlier one may have flushed the seeds)."""
    seed_categories(Category)
    for slug, texts in DEFAULTS.items():
        LegalPage.objects.get_or_create(slug=slug, defaults=texts)
    alice = UserFactory(
        first_name="Alice", last_name="Martin", email="alice@example.fr", city="Lyon", bio="Voisine du 3e."
    )
    bob = UserFactory(first_name="Bob", last_name="Bernard", email="bob@example.fr", city="Lyon")
    circle = make_circle("Résidence Les Tilleuls", alice, bob)
    circle.slug = "residence-les-tilleuls"  # as circles' services would slugify it
    circle.save(update_fields=["slug"])
    drill = BookableListingFactory(
        owner=alice,
        kind="lend",
        title="Perceuse-visseuse sans fil",
        description="Avec deux batteries, le chargeur et un coffret de forets. Idéale pour poser des étagères.",
        category=Category.objects.get(slug="power-tools"),
        price_unit="per_day",
        price="3.00",
        deposit="50.00",
    )
    uploads = [
        SimpleUploadedFile(f"drill-{n}.png", illustration("power-tools", n), content_type="image/png") for n in range(3)
    ]
    listing_services.photo_add(listing=drill, user=alice, uploads=uploads)
    for slug, title in (("camping", "Tente quatre places"), ("cycling", "Vélo de ville"), ("strollers", "Poussette")):
        listing = ListingFactory(owner=alice, title=title, category=Category.objects.get(slug=slug))
        picture = SimpleUploadedFile(f"{slug}.png", illustration(slug), content_type="image/png")
        listing_services.photo_add(listing=listing, user=alice, uploads=[picture])
    charlie = UserFactory(first_name="Charlie", last_name="Petit", email="charlie@example.fr")
    booking_request(listing=drill, requester=charlie, start_date=in_days(3), end_date=in_days(5), message="Merci")
    conversation_ask(listing=drill, member=bob, body="Elle perce le béton\u202f?")
    return World(alice=alice, bob=bob, drill=drill)


def log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()


def main_pages(world: World) -> dict[str, tuple[str, bool]]:
    """The ten main pages: name -> (address, seen by a member)."""
    return {
        "home": ("/", False),
        "search": ("/annonces/recherche/?q=perceuse", True),
        "listing": (world.drill.get_absolute_url(), True),
        "create": ("/annonces/nouvelle/?kind=lend&intent=offer", True),
        "profile": (world.alice.get_absolute_url(), True),
        "exchanges": ("/echanges/", True),
        "messages": ("/echanges/messages/", True),
        "circles": ("/cercles/", True),
        "help": ("/aide/", False),
        "contact": ("/contact/", False),
    }
