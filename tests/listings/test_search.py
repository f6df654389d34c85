"""Search: filters on any database; accents, stemming and ranking on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Category
from tests.conftest import login
from tests.factories import ListingFactory

from .conftest import make_circle


def titles(client, query: str = "") -> list[str]:
    response = client.get(reverse("listings:search") + query)
    assert response.status_code == 200
    return [listing.title for listing in response.context["page"].items]


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


# --- Filters (any database) ------------------------------------------------------------------


def test_filter_by_kind(client, db):
    ListingFactory(title="Perceuse", kind="lend")
    ListingFactory(title="Chaise", kind="give")
    assert titles(client, "?kind=give") == ["Chaise"]


def test_filter_by_intent(client, db):
    ListingFactory(title="Je prête", intent="offer")
    ListingFactory(title="Je cherche", intent="request")
    assert titles(client, "?intent=request") == ["Je cherche"]


def test_filter_by_category_includes_sub_categories(client, db):
    ListingFactory(title="Vélo", category=category("cycling"))
    ListingFactory(title="Skis", category=category("ski"))
    ListingFactory(title="Perceuse", category=category("power-tools"))
    assert sorted(titles(client, "?category=sports-outdoor")) == ["Skis", "Vélo"]


def test_filter_by_sub_category(client, db):
    ListingFactory(title="Vélo", category=category("cycling"))
    ListingFactory(title="Skis", category=category("ski"))
    assert titles(client, "?category=cycling") == ["Vélo"]


def test_filter_by_city(client, db):
    ListingFactory(title="À Lyon", city="Lyon")
    ListingFactory(title="À Bron", city="Bron", postcode="69500")
    assert titles(client, "?where=bron") == ["À Bron"]


def test_filter_by_postcode_prefix(client, db):
    ListingFactory(title="Dans le Rhône", postcode="69003")
    ListingFactory(title="À Paris", city="Paris", postcode="75011")
    assert titles(client, "?where=75") == ["À Paris"]


def test_max_price_keeps_free_listings(client, db):
    ListingFactory(title="Gratuit")
    ListingFactory(title="Cher", price=Decimal("40"), price_unit="per_day")
    ListingFactory(title="Abordable", price=Decimal("5"), price_unit="per_day")
    assert sorted(titles(client, "?max_price=10")) == ["Abordable", "Gratuit"]


def test_filter_by_one_of_my_circles(client, alice, bob, charlie):
    circle = make_circle("Résidence Les Tilleuls", alice, bob)
    ListingFactory(owner=bob, title="De Bob, public")
    ListingFactory(owner=bob, title="De Bob, pour le cercle", circles=[circle])
    ListingFactory(owner=charlie, title="De Charlie")
    found = titles(login(client, alice), f"?circle={circle.pk}")
    assert sorted(found) == ["De Bob, pour le cercle", "De Bob, public"]


def test_a_circle_i_am_not_in_is_not_a_valid_filter(client, alice, dave):
    foreign = make_circle("Club de foot", dave)
    ListingFactory(owner=dave, title="De Dave", circles=[foreign])
    response = login(client, alice).get(reverse("listings:search") + f"?circle={foreign.pk}")
    assert "De Dave" not in response.content.decode()


def test_available_between_keeps_only_loans(client, db):
    ListingFactory(title="Perceuse", kind="lend")
    ListingFactory(title="Chaise", kind="give")
    start = timezone.localdate() + datetime.timedelta(days=3)
    end = start + datetime.timedelta(days=2)
    assert titles(client, f"?available_from={start}&available_to={end}") == ["Perceuse"]


def test_available_between_in_the_wrong_order_is_an_error(client, db):
    start = timezone.localdate() + datetime.timedelta(days=3)
    response = client.get(reverse("listings:search") + f"?available_from={start}&available_to={start.replace(day=1)}")
    assert "available_to" in response.context["form"].errors


def test_a_date_in_the_past_is_an_error(client, db):
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = client.get(reverse("listings:search") + f"?available_from={past}&available_to={past}")
    assert "available_from" in response.context["form"].errors


def test_bad_parameters_never_break_the_page(client, db):
    response = client.get(
        reverse("listings:search") + "?max_price=abc&kind=rent&category=nope&circle=x&sort=up&page=-3&available_from=x"
    )
    assert response.status_code == 200


def test_sort_by_price(client, db):
    ListingFactory(title="Moyen", price=Decimal("5"), price_unit="per_day")
    ListingFactory(title="Cher", price=Decimal("12"), price_unit="per_day")
    ListingFactory(title="Gratuit")
    assert titles(client, "?sort=price_asc") == ["Gratuit", "Moyen", "Cher"]
    assert titles(client, "?sort=price_desc") == ["Cher", "Moyen", "Gratuit"]


def test_a_price_sort_orders_the_newest_listings_of_the_filters(client, db, monkeypatch):
    """Price and trust sorts order a window of the newest matches: bounded work on a big site."""
    from listings import selectors

    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    now = timezone.now()
    ListingFactory(title="Vieux et gratuit", published_at=now - datetime.timedelta(days=30))
    ListingFactory(title="Cher", price=Decimal("12"), price_unit="per_day", published_at=now)
    ListingFactory(title="Moyen", price=Decimal("5"), price_unit="per_day", published_at=now)
    assert titles(client, "?sort=price_asc") == ["Moyen", "Cher"]


def test_newest_first_by_default(client, db):
    now = timezone.now()
    ListingFactory(title="Ancienne", published_at=now - datetime.timedelta(days=3))
    ListingFactory(title="Récente", published_at=now)
    assert titles(client) == ["Récente", "Ancienne"]


def test_pages_of_24(client, db):
    ListingFactory.create_batch(25)
    first = client.get(reverse("listings:search"))
    second = client.get(reverse("listings:search") + "?page=2")
    assert len(first.context["page"].items) == 24
    assert len(second.context["page"].items) == 1


def test_pagination_links_keep_the_filters(client, db):
    ListingFactory.create_batch(25, kind="give")
    page = client.get(reverse("listings:search") + "?kind=give").content.decode()
    assert "?kind=give&amp;page=2" in page


def test_filters_combine(client, db):
    ListingFactory(title="Vélo à prêter à Lyon", kind="lend", category=category("cycling"))
    ListingFactory(title="Vélo à vendre", kind="sell", category=category("cycling"), price=80, price_unit="fixed")
    ListingFactory(title="Vélo à Bron", kind="lend", category=category("cycling"), city="Bron", postcode="69500")
    ListingFactory(title="Perceuse à Lyon", kind="lend")
    assert titles(client, "?kind=lend&category=sports-outdoor&where=69003") == ["Vélo à prêter à Lyon"]


def test_text_search_finds_a_title_word(client, db):
    ListingFactory(title="Tondeuse électrique")
    ListingFactory(title="Perceuse")
    assert titles(client, "?q=tondeuse") == ["Tondeuse électrique"]


def test_text_of_only_punctuation_finds_nothing_and_does_not_fail(client, db):
    ListingFactory(title="Perceuse")
    response = client.get(reverse("listings:search") + "?q=%26%7C%21%28%29%3A%2A")
    assert response.status_code == 200


def test_filter_by_the_start_of_a_city(client, db):
    ListingFactory(title="À Villeurbanne", city="Villeurbanne", postcode="69100")
    ListingFactory(title="À Lyon", city="Lyon")
    assert titles(client, "?where=villeur") == ["À Villeurbanne"]


def test_filter_by_city_ignores_accents(client, db):
    ListingFactory(title="À Vénissieux", city="Vénissieux", postcode="69200")
    assert titles(client, "?where=venissieux") == ["À Vénissieux"]


# --- Full text (PostgreSQL; the accent and plural rules hold on the SQLite fallback too) ------------


def test_accents_are_ignored(client, db):
    ListingFactory(title="Vélo de ville")
    assert titles(client, "?q=velo") == ["Vélo de ville"]


def test_accents_in_the_query_are_ignored_too(client, db):
    ListingFactory(title="Perforateur electrique")
    assert titles(client, "?q=électrique") == ["Perforateur electrique"]


def test_a_plural_query_finds_the_singular(client, db):
    ListingFactory(title="Vélo de ville")
    assert titles(client, "?q=vélos") == ["Vélo de ville"]


def test_a_singular_query_finds_the_plural(client, db):
    ListingFactory(title="Lot de jeux de société")
    assert titles(client, "?q=jeu") == ["Lot de jeux de société"]


@pytest.mark.postgres
def test_french_stemming(client, db):
    ListingFactory(title="Chaussures de randonnée")
    assert titles(client, "?q=chaussure+randonnees") == ["Chaussures de randonnée"]


@pytest.mark.postgres
def test_description_is_searched(client, db):
    ListingFactory(title="Outil", description="Une ponceuse orbitale presque neuve.")
    assert titles(client, "?q=ponceuse") == ["Outil"]


@pytest.mark.postgres
def test_category_names_are_searched(client, db):
    ListingFactory(title="Cours de maths", category=category("tutoring"), kind="service", condition="")
    assert titles(client, "?q=soutien+scolaire") == ["Cours de maths"]


@pytest.mark.postgres
def test_a_title_match_outranks_a_description_match(client, db):
    now = timezone.now()
    ListingFactory(title="Lot d'outils", description="Avec une perceuse.", published_at=now)
    ListingFactory(title="Perceuse Bosch", description="Deux batteries.", published_at=now - datetime.timedelta(days=9))
    assert titles(client, "?q=perceuse") == ["Perceuse Bosch", "Lot d'outils"]


@pytest.mark.postgres
def test_every_word_must_match(client, db):
    ListingFactory(title="Vélo enfant")
    ListingFactory(title="Vélo adulte")
    assert titles(client, "?q=velo+enfant") == ["Vélo enfant"]


@pytest.mark.postgres
def test_text_and_filters_combined(client, db):
    ListingFactory(title="Vélo à prêter", kind="lend", category=category("cycling"))
    ListingFactory(title="Vélo à vendre", kind="sell", price=50, price_unit="fixed", category=category("cycling"))
    ListingFactory(title="Vélo d'appartement", kind="lend", category=category("fitness"), city="Bron", postcode="69500")
    assert titles(client, "?q=velos&kind=lend&category=sports-outdoor&where=lyon") == ["Vélo à prêter"]


@pytest.mark.postgres
def test_text_search_with_sub_categories(client, db):
    ListingFactory(title="Casque vélo", category=category("cycling"))
    ListingFactory(title="Casque audio", category=category("audio"))
    assert titles(client, "?q=casque&category=sports-outdoor") == ["Casque vélo"]


@pytest.mark.postgres
def test_text_search_sorted_by_price(client, db):
    ListingFactory(title="Vélo cher", kind="sell", price=300, price_unit="fixed")
    ListingFactory(title="Vélo pas cher", kind="sell", price=30, price_unit="fixed")
    assert titles(client, "?q=velo&sort=price_asc") == ["Vélo pas cher", "Vélo cher"]


@pytest.mark.postgres
def test_search_uses_the_stored_vector_kept_up_to_date_on_edit(alice_client, alice):
    from listings import services

    listing = ListingFactory(owner=alice, title="Perceuse")
    services.listing_update(listing=listing, user=alice, values={"title": "Tronçonneuse"})
    assert titles(alice_client, "?q=tronconneuse") == ["Tronçonneuse"]


@pytest.mark.postgres
def test_a_ranked_search_finds_matches_of_every_age(client, db):
    now = timezone.now()
    for days, title in ((1, "Tente récente"), (60, "Tente de l'été"), (400, "Vieille tente")):
        ListingFactory(title=title, published_at=now - datetime.timedelta(days=days))
    assert titles(client, "?q=tente&sort=price_asc") == ["Tente récente", "Tente de l'été", "Vieille tente"]
