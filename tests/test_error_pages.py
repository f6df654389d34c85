# ruff: noqa: RUF001 - French apostrophes are meant
"""Our own 404 and 500 pages, in both languages; a private listing's 404 says why it may be."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_sites_404_page_in_french(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404 and "Cette page est introuvable" in response.content.decode()


def test_the_404_page_speaks_english_on_an_english_page(client):
    client.cookies["django_language"] = "en"
    assert "This page cannot be found" in client.get("/nowhere/").content.decode()


def test_a_circle_only_listing_tells_a_visitor_to_sign_in(client, alice):
    from tests.listings.conftest import make_circle

    listing = ListingFactory(owner=alice, circles=[make_circle("Les Tilleuls", alice)])
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "visible seulement par les membres d’un cercle" in html


def test_a_listing_that_does_not_exist_gets_the_same_page(client, alice):
    from tests.listings.conftest import make_circle

    private = ListingFactory(owner=alice, circles=[make_circle("Les Tilleuls", alice)])
    hidden = client.get(private.get_absolute_url())
    missing = client.get(reverse("listings:detail", args=[private.pk + 1000]))
    without_path = [r.content.decode().replace(str(private.pk + 1000), str(private.pk)) for r in (hidden, missing)]
    assert (hidden.status_code, missing.status_code) == (404, 404) and without_path[0] == without_path[1]


def test_a_member_is_told_to_ask_for_an_invitation(client, bob, alice):
    from tests.listings.conftest import make_circle

    listing = ListingFactory(owner=alice, circles=[make_circle("Les Tilleuls", alice)])
    assert "invitation" in login(client, bob).get(listing.get_absolute_url()).content.decode()


def test_an_error_in_a_page_gets_the_sites_500_page(alice, monkeypatch):
    import listings.views

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(listings.views.selectors, "category_tree", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("listings:search"))
    assert response.status_code == 500 and "Un problème est survenu de notre côté" in response.content.decode()


def test_the_500_page_speaks_english_on_an_english_page(monkeypatch):
    import listings.views

    monkeypatch.setattr(listings.views.selectors, "category_tree", lambda **kw: 1 / 0)
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    assert "Something went wrong on our side" in client.get(reverse("listings:search")).content.decode()
