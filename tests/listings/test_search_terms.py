"""The search terms (PostgreSQL): the words of each published listing, walked newest first.

A ranked search reads the newest matches of its rarest word from them, so they must follow
every change that search can see: publication, edits, deletion.
"""

import datetime
import importlib
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from listings import selectors, services
from listings.models import Category, SearchTerm
from listings.search import rarest_word_key
from tests.conftest import login
from tests.factories import ListingFactory

from .conftest import make_circle

pytestmark = pytest.mark.postgres


def titles(client, query: str) -> list[str]:
    response = client.get(reverse("listings:search") + query)
    assert response.status_code == 200
    return [listing.title for listing in response.context["page"].items]


def analyse_terms() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchTerm._meta.db_table}")


def keys_of(listing) -> set[str]:
    return set(SearchTerm.objects.filter(listing_id=listing.pk).values_list("key", flat=True))


def test_a_published_listing_has_the_words_of_its_title_description_and_category(db):
    listing = ListingFactory(title="Vélos d'enfant", description="Avec casque.")
    keys = keys_of(listing)
    assert {"velo", "enfant", "casqu"} <= keys  # stems, accents and the plural "s" dropped
    assert "bricolag" in keys  # from its category, Tools & DIY, Power tools
    dates = set(SearchTerm.objects.filter(listing_id=listing.pk).values_list("published_at", flat=True))
    assert dates == {listing.published_at}


def test_a_draft_has_no_terms_until_it_is_published_then_search_finds_it(client, alice):
    draft = ListingFactory(owner=alice, title="Raclette six personnes", status="draft", published_at=None)
    assert keys_of(draft) == set()
    services.listing_publish(listing=draft, user=alice)
    draft.refresh_from_db()
    assert set(SearchTerm.objects.filter(listing_id=draft.pk).values_list("published_at", flat=True)) == {
        draft.published_at
    }
    assert titles(client, "?q=raclette") == ["Raclette six personnes"]


def test_an_edit_rewrites_the_terms(alice):
    listing = ListingFactory(owner=alice, title="Perceuse")
    services.listing_update(listing=listing, user=alice, values={"title": "Tronçonneuse", "description": "Essence."})
    keys = keys_of(listing)
    assert rarest_word_key("tronçonneuse") in keys
    assert rarest_word_key("perceuse") not in keys


def test_a_deleted_listing_leaves_no_terms(db):
    listing = ListingFactory(title="Tente")
    listing.delete()
    assert not SearchTerm.objects.filter(listing_id=listing.pk).exists()


# --- Which word the search walks ------------------------------------------------------------


def test_the_walked_word_is_never_a_stop_word(db):
    assert rarest_word_key("cours de maths") in {"cour", "math"}
    assert rarest_word_key("de") is None  # "de" and "des": stop words both
    assert rarest_word_key("!!!") is None


def test_singular_and_plural_of_a_word_share_one_key(db):
    assert rarest_word_key("vélos") == rarest_word_key("velo") == "velo"
    assert rarest_word_key("jeux") == rarest_word_key("jeu") == "jeu"


def test_the_rarest_word_is_walked(db):
    for n in range(12):
        ListingFactory(title=f"Vélo n°{n}", description="Bon état.")
    ListingFactory(title="Vélo avec casque", description="Bon état.")
    analyse_terms()  # the statistics the choice reads
    assert rarest_word_key("velo casque") == "casqu"
    assert rarest_word_key("casque velo") == "casqu"


# --- What a ranked search shows --------------------------------------------------------------


@pytest.fixture(params=["walking the terms", "the GIN index"])
def window_by(request, monkeypatch):
    """Both ways a window is found: here every word is common enough to be walked, or, as when
    no word of the query can be walked, none is."""
    monkeypatch.setattr(selectors, "FEW_TERMS", 0)
    if request.param == "the GIN index":
        no_word = ("SELECT 'x' AS key, 0.0 AS frequency WHERE false", [])
        monkeypatch.setattr(selectors, "rarest_word_key_sql", lambda text: no_word)
    return request.param


def test_a_ranked_search_ranks_the_newest_matches_of_the_filters(client, db, monkeypatch, window_by):
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


def test_a_ranked_search_with_every_word_rare_still_finds_old_listings(client, db, window_by):
    old = timezone.now() - datetime.timedelta(days=700)
    ListingFactory(title="Tente", published_at=old)
    ListingFactory(title="Tente bleue", published_at=old)
    assert titles(client, "?q=tente+bleue") == ["Tente bleue"]
    assert titles(client, "?q=bleue+tente&kind=sell") == []


def test_a_listing_that_is_no_longer_available_is_not_shown_though_its_terms_remain(client, alice):
    listing = ListingFactory(owner=alice, title="Tente")
    services.listing_pause(listing=listing, user=alice)
    assert keys_of(listing)  # paused: its terms stay, the listing's own row decides
    assert titles(client, "?q=tente") == []


@pytest.mark.parametrize("longest_walk", [1000, 2], ids=["walking on", "then the GIN index"])
def test_when_the_first_walk_does_not_fill_the_window_older_matches_are_still_found(
    client, db, monkeypatch, longest_walk
):
    """A rarer match: of the newest listings holding the word, few pass the filter. The walk
    goes on when what it found says a longer one fills the window; otherwise the GIN index
    gives every match. Either way, the same listings in the same order."""
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    monkeypatch.setattr(selectors, "FEW_TERMS", 0)
    monkeypatch.setattr(selectors, "WALKED_TERMS", 2)
    monkeypatch.setattr(selectors, "MAX_WALKED_TERMS", longest_walk)
    monkeypatch.setattr(selectors, "WALKED_SHARE_OF_TERMS", 1)  # a handful of terms may all be walked
    now = timezone.now()
    for days in range(1, 5):
        ListingFactory(title=f"Tente à vendre {days}", kind="sell", price=10, price_unit="fixed",
                       published_at=now - datetime.timedelta(days=days))  # fmt: skip
    for days in (2, 10, 20, 30, 400):
        ListingFactory(title=f"Tente à prêter {days}", kind="lend", published_at=now - datetime.timedelta(days=days))
    analyse_terms()  # how many terms "tente" has: whether walking on can fill the window
    ranked = titles(client, "?q=tente&kind=lend")
    assert sorted(ranked) == ["Tente à prêter 10", "Tente à prêter 2", "Tente à prêter 20"]
    newest_first = titles(client, "?q=tente&kind=lend&sort=newest")
    assert newest_first == ["Tente à prêter 2", "Tente à prêter 10", "Tente à prêter 20", "Tente à prêter 30",
                            "Tente à prêter 400"]  # fmt: skip


# --- A search in one place ("where") ------------------------------------------------------


def test_the_terms_carry_the_place_of_their_listing_as_the_where_filter_reads_it(db):
    listing = ListingFactory(title="Tente", city="Écully", postcode="69130")
    places = set(SearchTerm.objects.filter(listing_id=listing.pk).values_list("city_key", "postcode"))
    assert places == {("ecully", "69130")}


def test_a_listing_that_moves_is_found_in_its_new_place_and_no_longer_in_the_old_one(client, alice):
    listing = ListingFactory(owner=alice, title="Tente", city="Lyon", postcode="69003")
    services.listing_update(listing=listing, user=alice, values={"city": "Écully", "postcode": "69130"})
    assert titles(client, "?q=tente&where=ecul") == ["Tente"]
    assert titles(client, "?q=tente&where=691") == ["Tente"]
    assert titles(client, "?q=tente&where=lyon") == []
    assert titles(client, "?q=tente&where=69003") == []


@pytest.mark.parametrize("where", ["lyon", "6900"])
def test_a_search_in_one_place_shows_the_newest_matches_there_however_many_elsewhere(client, db, monkeypatch, where):
    """The walk reads only the terms of listings in that place; a first walk too short to fill
    the window goes on, and a walk that read them all answers with what it found."""
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    monkeypatch.setattr(selectors, "WALKED_TERMS", 2)
    monkeypatch.setattr(selectors, "WALKED_SHARE_OF_TERMS", 1)  # a handful of terms may all be walked
    now = timezone.now()
    for hours in range(1, 9):
        ListingFactory(title=f"Tente à Paris {hours}", city="Paris", postcode="75011",
                       published_at=now - datetime.timedelta(hours=hours))  # fmt: skip
    for days in (1, 2, 3, 4):
        ListingFactory(title=f"Tente à Lyon {days}", city="Lyon", postcode="69003",
                       published_at=now - datetime.timedelta(days=days))  # fmt: skip
    ListingFactory(title="Tente en pause", city="Lyon", postcode="69003", status="paused",
                   published_at=now - datetime.timedelta(minutes=5))  # fmt: skip
    ListingFactory(title="Tente à Bron", city="Bron", postcode="69500", published_at=now - datetime.timedelta(days=9))
    analyse_terms()  # how many terms "tente" has: whether walking on can fill the window
    assert sorted(titles(client, f"?q=tente&where={where}")) == ["Tente à Lyon 1", "Tente à Lyon 2", "Tente à Lyon 3"]
    assert titles(client, f"?q=tente&where={where}&sort=newest") == [
        "Tente à Lyon 1", "Tente à Lyon 2", "Tente à Lyon 3", "Tente à Lyon 4"
    ]  # fmt: skip
    assert titles(client, "?q=tente&where=bron") == ["Tente à Bron"]
    assert titles(client, "?q=tente&where=annecy") == []


@pytest.mark.parametrize("where", ["%", "_yon", "lyon\\", "\\"])
def test_a_place_with_like_wildcards_or_a_backslash_matches_them_literally(client, db, where):
    ListingFactory(title="Tente", city="Lyon", postcode="69003")
    assert titles(client, "?" + urlencode({"q": "tente", "where": where})) == []


def test_the_terms_written_before_they_carried_a_place_are_given_their_listings_place(db):
    """Migration 0008 fills the place of the terms already there, so no search misses them."""
    listing = ListingFactory(title="Tente", city="Vénissieux", postcode="69200")
    SearchTerm.objects.filter(listing_id=listing.pk).update(city_key="", postcode="")
    migration = importlib.import_module("listings.migrations.0008_search_terms_place")
    with connection.schema_editor() as schema_editor:
        migration.fill_places(None, schema_editor)
    places = set(SearchTerm.objects.filter(listing_id=listing.pk).values_list("city_key", "postcode"))
    assert places == {("venissieux", "69200")}


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


def test_searches_and_category_pages_are_planned_for_their_own_words_and_category(client, db):
    """The site prepares the queries it repeats; one plan reused for every search would not
    fit both a rare word and a common one (text searches cost half as much again)."""
    ListingFactory(title="Vélo de course")
    for word in ("velo", "tente", "perceuse", "raclette", "luge", "ski", "livre"):
        titles(client, f"?q={word}")
    for category in Category.objects.filter(parent__isnull=False)[:7]:
        assert client.get(category.get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    if connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None:
        assert prepared, "the site prepares the queries it repeats"
    assert [statement for statement in prepared if 'FROM "listings_listing"' in statement] == []
