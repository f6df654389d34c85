"""One page per member: profile, their listings the viewer may see, trust and reviews; report and
block in a "…" menu; nobody's security settings."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import ListingFactory
from tests.listings.conftest import make_circle

pytestmark = pytest.mark.django_db


def test_the_profile_lists_the_members_listings(client, alice, bob):
    ListingFactory(owner=alice, title="Tente quatre places")
    assert "Tente quatre places" in login(client, bob).get(alice.get_absolute_url()).content.decode()


def test_a_circle_only_listing_shows_only_to_its_circle(client, alice, bob, charlie):
    circle = make_circle("Les Tilleuls", alice, bob)
    ListingFactory(owner=alice, title="Perceuse des Tilleuls", circles=[circle])
    seen_by = {
        who.first_name: "Perceuse des Tilleuls" in login(client, who).get(alice.get_absolute_url()).content.decode()
        for who in (bob, charlie)
    }
    assert seen_by == {"Bob": True, "Charlie": False}


def test_paused_listings_are_not_listed(client, alice, bob):
    ListingFactory(owner=alice, title="Ponceuse en pause", status="paused")
    assert "Ponceuse en pause" not in login(client, bob).get(alice.get_absolute_url()).content.decode()


def test_the_old_trust_page_leads_to_the_profile(client, alice, bob):
    response = login(client, bob).get(reverse("reviews:member", args=[alice.pk]))
    assert (response.status_code, response["Location"]) == (301, alice.get_absolute_url() + "#trust-title")


def test_the_profile_carries_the_trust_summary(client, alice, bob):
    assert 'id="trust-title"' in login(client, bob).get(alice.get_absolute_url()).content.decode()


def test_report_and_block_are_in_a_more_menu(client, alice, bob):
    html = login(client, bob).get(alice.get_absolute_url()).content.decode()
    menu = html[
        html.index('<details class="more-menu">') : html.index("</details>", html.index('<details class="more-menu">'))
    ]
    assert reverse("moderation:block", kwargs={"pk": alice.pk}) in menu and "/moderation/" in menu


def test_no_other_members_two_factor_setting_is_shown(client, alice, bob):
    html = login(client, bob).get(alice.get_absolute_url()).content.decode().lower()
    assert "double authentification" not in html


def test_the_profile_does_not_grow_with_the_members_listings(client, alice, bob, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, bob)
    ListingFactory(owner=alice)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(alice.get_absolute_url())
    ListingFactory.create_batch(12, owner=alice)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(alice.get_absolute_url())
    assert len(one) == len(many)
