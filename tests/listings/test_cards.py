"""Listing cards, as members see them in search results, on the home page and in their favourites."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import Listing
from reviews.models import TrustSummary
from tests.conftest import login
from tests.factories import FavouriteFactory, ListingFactory

from .conftest import make_circle

pytestmark = pytest.mark.django_db


def search_page(client, query: str = "") -> str:
    response = client.get(reverse("listings:search") + query)
    assert response.status_code == 200
    return response.content.decode()


def card_of(page: str, title: str) -> str:
    """The markup of the card whose title is ``title``."""
    end = page.index(f">{title}</a>")
    start = page.rindex('<article class="listing-card">', 0, end)
    return page[start : page.index("</article>", end)]


def test_a_card_links_to_the_listing_page(client):
    listing = ListingFactory(title="Perceuse Bosch")
    assert f'href="{listing.get_absolute_url()}"' in card_of(search_page(client), "Perceuse Bosch")


def test_a_card_shows_kind_price_and_city(client):
    ListingFactory(title="Vélo de ville", kind="sell", price=Decimal("120"), price_unit="fixed", city="Villeurbanne")
    card = card_of(search_page(client), "Vélo de ville")
    assert "À vendre" in card and "120\u00a0€" in card and "Villeurbanne" in card


def test_a_request_card_says_what_is_wanted(client):
    ListingFactory(title="Cherche perceuse", intent="request")
    assert "Cherche à emprunter" in card_of(search_page(client), "Cherche perceuse")


def test_a_title_is_shown_as_text_never_as_markup(client):
    ListingFactory(title="<script>alert(1)</script>")
    page = search_page(client)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_city_is_shown_as_text_never_as_markup(client):
    ListingFactory(title="Tente", city='<img src=x onerror="alert(1)">')
    card = card_of(search_page(client), "Tente")
    assert "<img src=x" not in card and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in card


def test_a_card_without_photo_shows_the_kind_icon(client):
    ListingFactory(title="Tente", kind="give", price=None)
    assert 'class="kind-icon"' in card_of(search_page(client), "Tente")


def test_a_card_with_photos_shows_the_cover_thumbnail_only(client):
    listing = ListingFactory(title="Poussette")
    Listing.objects.filter(pk=listing.pk).update(cover_thumbnail="listings/thumbs/poussette.webp")
    card = card_of(search_page(client), "Poussette")
    assert 'src="/media/listings/thumbs/poussette.webp"' in card and "kind-icon" not in card


def test_a_circle_only_listing_is_marked_for_the_members_who_see_it(client, alice, bob):
    ListingFactory(owner=alice, title="Escabeau", circles=[make_circle("Les Tilleuls", alice, bob)])
    assert "Cercles uniquement" in card_of(search_page(login(client, bob)), "Escabeau")


def test_a_public_listing_is_not_marked_circle_only(client):
    ListingFactory(title="Escabeau")
    assert "Cercles uniquement" not in card_of(search_page(client), "Escabeau")


def test_a_card_shows_the_owner_trust_level_and_rating(client, alice):
    ListingFactory(owner=alice, title="Raclette")
    TrustSummary.objects.create(
        user=alice, bayesian_rating=Decimal("4.6"), level="trusted", rating_count=12, rating_average=Decimal("4.75")
    )
    card = card_of(search_page(client), "Raclette")
    assert "De confiance" in card and "★ 4,8 (12)" in card


def test_a_newcomer_card_shows_no_rating(client, alice):
    ListingFactory(owner=alice, title="Raclette")
    card = card_of(search_page(client), "Raclette")
    assert "Nouveau" in card and "★" not in card


def test_a_favourite_no_longer_available_shows_its_status(client, alice, bob):
    listing = ListingFactory(owner=alice, title="Skis", status="paused")
    FavouriteFactory(user=bob, listing=listing)
    page = login(client, bob).get(reverse("listings:favourites")).content.decode()
    assert "En pause" in card_of(page, "Skis")


def test_a_reserved_listing_says_so_in_search(client, alice, bob):
    ListingFactory(owner=alice, title="Canapé", kind="give", price=None, status="reserved")
    FavouriteFactory(user=bob, listing=Listing.objects.get(title="Canapé"))
    page = login(client, bob).get(reverse("listings:favourites")).content.decode()
    assert "Réservé" in card_of(page, "Canapé")


def test_no_result_shows_an_empty_state(client):
    page = search_page(client, "?q=introuvable")
    assert "empty-state" in page and "Aucune annonce ne correspond" in page


def test_cards_are_in_english_for_an_english_page(client):
    ListingFactory(title="Perceuse", intent="offer")
    client.cookies["django_language"] = "en"
    assert "To lend" in card_of(search_page(client), "Perceuse")
