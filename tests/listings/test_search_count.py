"""Search says how many listings match, with a capped count: "240+" rather than a count of all."""

import pytest
from django.urls import reverse

from listings import selectors
from listings.selectors import SearchParams, search_listings
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_search_says_how_many_listings_match(client, alice):
    ListingFactory.create_batch(3, owner=alice, title="Perceuse")
    assert "3 annonces" in client.get(reverse("listings:search") + "?q=perceuse").content.decode()


def test_one_result_is_said_in_the_singular(client, alice):
    ListingFactory(owner=alice, title="Perceuse")
    assert "1 annonce<" in client.get(reverse("listings:search") + "?q=perceuse").content.decode()


def test_the_count_stops_at_its_cap(alice, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    ListingFactory.create_batch(7, owner=alice)
    page = search_listings(viewer=alice, params=SearchParams(), page=1)
    assert (page.total, page.total_capped) == (5, True)


def test_a_capped_count_reads_more_than(client, alice, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    ListingFactory.create_batch(3, owner=alice)
    assert "Plus de 2 annonces" in client.get(reverse("listings:search")).content.decode()


def test_the_filters_submit_themselves_with_javascript_and_keep_a_button_without(client):
    html = client.get(reverse("listings:search")).content.decode()
    assert "data-autosubmit" in html and 'type="submit" data-apply' in html
