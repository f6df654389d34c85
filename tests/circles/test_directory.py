"""The directory of open and on-request circles: search, pages, counts, and no N+1."""

import pytest
from django.urls import reverse

from circles.models import JoinPolicy
from tests.factories import CircleFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/cercles/"


def _names(response):
    return [circle.name for circle in response.context["page"].object_list]


def test_the_directory_is_at_its_named_url():
    assert reverse("circles:directory") == DIRECTORY


def test_the_directory_lists_open_and_on_request_circles(client):
    CircleFactory(name="Quartier Croix-Rousse", join_policy=JoinPolicy.OPEN)
    CircleFactory(name="Résidence Les Tilleuls", join_policy=JoinPolicy.REQUEST)
    assert sorted(_names(client.get(DIRECTORY))) == ["Quartier Croix-Rousse", "Résidence Les Tilleuls"]


def test_invitation_only_circles_are_never_listed(client):
    CircleFactory(name="Famille Dupont", join_policy=JoinPolicy.INVITATION)
    response = client.get(DIRECTORY, {"q": "Dupont"})
    assert "Famille Dupont" not in response.content.decode()


def test_closed_circles_are_not_listed(client):
    CircleFactory(name="Ancien club", is_closed=True)
    assert _names(client.get(DIRECTORY)) == []


def test_search_by_name(client):
    CircleFactory(name="Club de rando du Pilat")
    CircleFactory(name="Quartier Croix-Rousse")
    assert _names(client.get(DIRECTORY, {"q": "rando"})) == ["Club de rando du Pilat"]


def test_search_by_city(client):
    CircleFactory(name="Club de rando du Pilat", city="Saint-Étienne")
    CircleFactory(name="Quartier Croix-Rousse", city="Lyon")
    assert _names(client.get(DIRECTORY, {"city": "lyon"})) == ["Quartier Croix-Rousse"]


def test_an_empty_search_says_so(client):
    response = client.get(DIRECTORY, {"q": "zzz"})
    assert response.context["page"].paginator.count == 0


def test_the_directory_is_paginated_and_keeps_the_search(client):
    for n in range(14):
        CircleFactory(name=f"Cercle {n:02d}", city="Lyon")
    response = client.get(DIRECTORY, {"city": "Lyon", "page": 2})
    assert len(response.context["page"].object_list) == 2
    assert "city=Lyon&amp;page=1" in response.content.decode()


def test_a_bad_page_number_shows_a_page(client):
    CircleFactory()
    assert client.get(DIRECTORY, {"page": "x"}).status_code == 200


def test_member_counts_ignore_pending_requests(client):
    circle = CircleFactory()
    MembershipFactory.create_batch(3, circle=circle)
    MembershipFactory(circle=circle, pending=True)
    assert client.get(DIRECTORY).context["page"].object_list[0].member_count == 3


def test_the_directory_query_count_does_not_grow_with_circles(client, django_assert_max_num_queries, alice):
    from tests.conftest import login

    login(client, alice)
    for _ in range(2):
        MembershipFactory(circle=CircleFactory(), user=alice)
    with django_assert_max_num_queries(8) as few:
        client.get(DIRECTORY)
    for _ in range(10):
        circle = CircleFactory()
        MembershipFactory.create_batch(3, circle=circle)
        MembershipFactory(circle=circle, user=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(DIRECTORY)


def test_my_circles_query_count_does_not_grow_with_circles(client, django_assert_max_num_queries, alice):
    from tests.conftest import login

    login(client, alice)
    MembershipFactory(circle=CircleFactory(), user=alice)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("circles:mine"))
    for _ in range(10):
        MembershipFactory(circle=CircleFactory(), user=alice, admin=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("circles:mine"))


def test_circle_page_query_count_does_not_grow_with_members(request_cast, django_assert_max_num_queries):
    client = request_cast.client("admin")
    with django_assert_max_num_queries(12) as few:
        client.get(request_cast.circle.get_absolute_url())
    MembershipFactory.create_batch(20, circle=request_cast.circle)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(request_cast.circle.get_absolute_url())


def test_manage_page_query_count_does_not_grow_with_members(request_cast, django_assert_max_num_queries):
    client = request_cast.client("admin")
    url = reverse("circles:manage", args=[request_cast.circle.slug])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    MembershipFactory.create_batch(10, circle=request_cast.circle)
    MembershipFactory.create_batch(5, circle=request_cast.circle, pending=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
