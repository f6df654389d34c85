"""The circle page shows what its members share: listings for the circle and their public ones."""

import pytest
from django.test import Client

from tests.factories import CircleFactory, ListingFactory, MembershipFactory


def circle_page(cast, who: str) -> str:
    return cast.client(who).get(cast.circle.get_absolute_url()).content.decode()


def test_members_see_a_listing_shared_with_the_circle(private_cast):
    ListingFactory(owner=private_cast.admin, title="Perceuse du 2e", circles=[private_cast.circle])
    assert "Perceuse du 2e" in circle_page(private_cast, "member")


def test_members_see_the_public_listings_of_fellow_members(private_cast):
    ListingFactory(owner=private_cast.admin, title="Vélo de ville")
    assert "Vélo de ville" in circle_page(private_cast, "member")


def test_a_listing_shared_with_another_circle_stays_out(private_cast, charlie):
    other = CircleFactory(name="Club de rando")
    MembershipFactory(circle=other, user=private_cast.admin)
    ListingFactory(owner=private_cast.admin, title="Tente du club", circles=[other])
    assert "Tente du club" not in circle_page(private_cast, "member")


def test_the_section_links_to_the_circle_search(private_cast):
    ListingFactory(owner=private_cast.admin, title="Perceuse du 2e", circles=[private_cast.circle])
    assert f"?circle={private_cast.circle.pk}&amp;sort=newest" in circle_page(private_cast, "member")


def test_an_empty_circle_says_so(private_cast):
    assert "Pas encore d'annonce" in circle_page(private_cast, "member")


@pytest.mark.parametrize("count", [1, 8])
def test_the_circle_page_makes_the_same_queries_however_many_listings(
    private_cast, count, django_assert_max_num_queries
):
    for n in range(count):
        ListingFactory(owner=private_cast.admin, title=f"Objet {n}", circles=[private_cast.circle])
    client: Client = private_cast.client("member")
    with django_assert_max_num_queries(14):
        response = client.get(private_cast.circle.get_absolute_url())
    assert response.content.decode().count("listing-card__title") == count
