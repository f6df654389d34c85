"""Posting starts from the photos, shares with the member's circles by default, and can start
from a search that found nothing."""

import pytest
from django.urls import reverse

from tests.conftest import login

from .test_create import create_url

pytestmark = pytest.mark.django_db


def test_the_default_circles_are_all_of_the_members_circles(alice_client, alice, tilleuls):
    response = alice_client.get(create_url("give", "offer"))
    form = response.context["form"]
    assert (form["visibility"].value(), [int(pk) for pk in form["circles"].value()]) == ("circles", [tilleuls.pk])


def test_a_member_without_circles_shows_to_everyone_by_default(alice_client):
    form = alice_client.get(create_url("give", "offer")).context["form"]
    assert form["visibility"].value() == "public"


def test_photos_come_first_in_the_form(alice_client):
    html = alice_client.get(create_url("lend", "offer")).content.decode()
    assert html.index('id="field-photos"') < html.index('id="field-title"')


def test_a_search_without_results_offers_to_post_a_request_for_it(client, alice):
    html = login(client, alice).get(reverse("listings:search") + "?q=trottinette").content.decode()
    assert reverse("listings:create") + "?intent=request&amp;title=trottinette" in html


def test_the_request_starts_with_the_title_searched_for(alice_client):
    response = alice_client.get(reverse("listings:create") + "?kind=lend&intent=request&title=trottinette")
    assert response.context["form"]["title"].value() == "trottinette"


def test_the_kind_choice_carries_the_title_on(alice_client):
    html = alice_client.get(reverse("listings:create") + "?intent=request&title=trottinette").content.decode()
    assert "?kind=lend&amp;intent=request&amp;title=trottinette" in html


def test_the_form_carries_a_live_preview_of_the_card(alice_client):
    html = alice_client.get(create_url("lend", "offer")).content.decode()
    assert 'class="listing-preview"' in html and "data-preview-title" in html
