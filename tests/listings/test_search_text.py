"""Text search on PostgreSQL: the words of each listing's title, category and description, in
any of their forms, found through the stored vector, newest or most relevant first."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from listings import selectors, services
from tests.conftest import login
from tests.factories import ListingFactory

from .conftest import make_circle

pytestmark = pytest.mark.postgres


def titles(client, query: str) -> list[str]:
    response = client.get(reverse("listings:search") + query)
    assert response.status_code == 200
    return [listing.title for listing in response.context["page"].items]


def test_a_listing_is_found_by_the_words_of_its_title_description_and_category(client, db):
    ListingFactory(title="Vélos d'enfant", description="Avec casque.")  # in Tools & DIY, Power tools
    assert titles(client, "?q=velo") == ["Vélos d'enfant"]
    assert titles(client, "?q=casques") == ["Vélos d'enfant"]
    assert titles(client, "?q=bricolage") == ["Vélos d'enfant"]


def test_a_draft_is_found_once_it_is_published(client, alice):
    draft = ListingFactory(owner=alice, title="Raclette six personnes", status="draft", published_at=None)
    assert titles(client, "?q=raclette") == []
    services.listing_publish(listing=draft, user=alice)
    assert titles(client, "?q=raclette") == ["Raclette six personnes"]


def test_an_edit_changes_the_words_a_listing_is_found_by(client, alice):
    listing = ListingFactory(owner=alice, title="Perceuse")
    services.listing_update(listing=listing, user=alice, values={"title": "Tronçonneuse", "description": "Essence."})
    assert titles(client, "?q=tronconneuse") == ["Tronçonneuse"]
    assert titles(client, "?q=perceuse") == []


def test_a_ranked_search_ranks_the_newest_matches_of_the_filters(client, db, monkeypatch):
    """The window holds the newest listings matching the words AND the filters, however many
    newer listings hold the word but fail a filter."""
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    now = timezone.now()
    for days in range(1, 6):
        ListingFactory(title=f"Tente à vendre {days}", kind="sell", price=10, price_unit="fixed",
                       published_at=now - datetime.timedelta(days=days))  # fmt: skip
    for days in (10, 20, 30, 400):
        ListingFactory(title=f"Tente à prêter {days}", kind="lend", published_at=now - datetime.timedelta(days=days))
    found = titles(client, "?q=tente&kind=lend")
    assert sorted(found) == ["Tente à prêter 10", "Tente à prêter 20", "Tente à prêter 30"]


def test_the_title_ranks_above_the_description(client, db):
    now = timezone.now()
    ListingFactory(title="Sac de couchage", description="Pour aller avec une tente.", published_at=now)
    ListingFactory(title="Tente deux places", published_at=now - datetime.timedelta(days=3))
    assert titles(client, "?q=tente") == ["Tente deux places", "Sac de couchage"]


def test_a_search_of_rare_words_still_finds_old_listings(client, db):
    old = timezone.now() - datetime.timedelta(days=700)
    ListingFactory(title="Tente", published_at=old)
    ListingFactory(title="Tente bleue", published_at=old)
    assert titles(client, "?q=tente+bleue") == ["Tente bleue"]
    assert titles(client, "?q=bleue+tente&kind=sell") == []


def test_a_listing_that_is_no_longer_available_is_not_found(client, alice):
    listing = ListingFactory(owner=alice, title="Tente")
    services.listing_pause(listing=listing, user=alice)
    assert titles(client, "?q=tente") == []


def test_a_listing_that_moves_is_found_in_its_new_place_and_no_longer_in_the_old_one(client, alice):
    listing = ListingFactory(owner=alice, title="Tente", city="Lyon", postcode="69003")
    services.listing_update(listing=listing, user=alice, values={"city": "Écully", "postcode": "69130"})
    assert titles(client, "?q=tente&where=ecul") == ["Tente"]
    assert titles(client, "?q=tente&where=691") == ["Tente"]
    assert titles(client, "?q=tente&where=lyon") == []
    assert titles(client, "?q=tente&where=69003") == []


def test_a_search_in_one_place_shows_the_newest_matches_there_however_many_elsewhere(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    now = timezone.now()
    for hours in range(1, 9):
        ListingFactory(title=f"Tente à Paris {hours}", city="Paris", postcode="75011",
                       published_at=now - datetime.timedelta(hours=hours))  # fmt: skip
    for days in (1, 2, 3, 4):
        ListingFactory(title=f"Tente à Lyon {days}", city="Lyon", postcode="69003",
                       published_at=now - datetime.timedelta(days=days))  # fmt: skip
    assert sorted(titles(client, "?q=tente&where=lyon")) == ["Tente à Lyon 1", "Tente à Lyon 2", "Tente à Lyon 3"]
    assert titles(client, "?q=tente&where=6900&sort=newest") == [
        "Tente à Lyon 1", "Tente à Lyon 2", "Tente à Lyon 3", "Tente à Lyon 4"
    ]  # fmt: skip


@pytest.mark.parametrize("where", ["%", "_yon", "lyon\\", "\\"])
def test_a_place_with_like_wildcards_or_a_backslash_matches_them_literally(client, db, where):
    ListingFactory(title="Tente", city="Lyon", postcode="69003")
    assert titles(client, "?" + urlencode({"q": "tente", "where": where})) == []


def test_a_search_in_one_of_my_circles_finds_its_listings_holding_the_words(client, alice, bob, charlie):
    circle = make_circle("Résidence Les Tilleuls", alice, bob)
    ListingFactory(owner=bob, title="Vélos d'enfant")
    ListingFactory(owner=bob, title="Vélo cargo", circles=[circle])
    ListingFactory(owner=bob, title="Tente", circles=[circle])
    ListingFactory(owner=charlie, title="Vélo de course")
    login(client, alice)
    assert sorted(titles(client, f"?q=velos&circle={circle.pk}")) == ["Vélo cargo", "Vélos d'enfant"]
    assert titles(client, f"?q=enfant+velo&circle={circle.pk}&sort=newest") == ["Vélos d'enfant"]
    assert titles(client, f"?q=de&circle={circle.pk}") == []


def test_a_query_of_stop_words_only_finds_nothing_and_does_not_fail(client, db):
    ListingFactory(title="Vélo de ville")
    assert titles(client, "?q=de") == []
    assert titles(client, "?q=de&sort=newest") == []
    assert titles(client, "?q=!!!&sort=price_asc") == []
