"""The shared-circles selector every page that shows one member to another relies on."""

import pytest

from circles.selectors import circle_ids_for_user, shared_circles, shared_circles_by_member
from circles.services import circle_join, membership_leave
from tests.factories import CircleFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _share(viewer, member, name, **circle_fields):
    circle = CircleFactory(name=name, **circle_fields)
    MembershipFactory(circle=circle, user=viewer)
    MembershipFactory(circle=circle, user=member)
    return circle


def test_two_members_in_one_circle_share_it(alice, bob):
    _share(alice, bob, "Résidence Les Tilleuls")
    assert [c.name for c in shared_circles(viewer=alice, member=bob)] == ["Résidence Les Tilleuls"]


def test_shared_circles_are_sorted_by_name(alice, bob):
    _share(alice, bob, "Quartier Croix-Rousse")
    _share(alice, bob, "Club de rando du Pilat")
    assert [c.name for c in shared_circles(viewer=alice, member=bob)] == [
        "Club de rando du Pilat",
        "Quartier Croix-Rousse",
    ]


def test_a_pending_request_is_not_a_shared_circle(alice, bob):
    circle = CircleFactory()
    MembershipFactory(circle=circle, user=alice)
    MembershipFactory(circle=circle, user=bob, pending=True)
    assert shared_circles(viewer=alice, member=bob) == []


def test_a_closed_circle_is_not_shared(alice, bob):
    _share(alice, bob, "Ancien club", is_closed=True)
    assert shared_circles(viewer=alice, member=bob) == []


def test_strangers_share_nothing(alice, charlie):
    _share(alice, UserFactory(), "Résidence Les Tilleuls")
    assert shared_circles(viewer=alice, member=charlie) == []


def test_an_anonymous_viewer_shares_nothing(bob):
    from django.contrib.auth.models import AnonymousUser

    assert shared_circles_by_member(viewer=AnonymousUser(), member_ids=[bob.pk]) == {}


def test_the_viewer_is_never_listed_as_sharing_with_themselves(alice, bob):
    _share(alice, bob, "Résidence Les Tilleuls")
    assert set(shared_circles_by_member(viewer=alice, member_ids=[alice.pk, bob.pk])) == {bob.pk}


def test_circle_ids_for_user_are_the_active_ones(alice):
    active = MembershipFactory(user=alice).circle
    MembershipFactory(user=alice, pending=True)
    assert list(circle_ids_for_user(user=alice)) == [active.pk]


def test_the_circle_ids_leave_out_closed_circles(alice):
    MembershipFactory(user=alice, circle=CircleFactory(is_closed=True))
    assert circle_ids_for_user(user=alice) == frozenset()


def test_joining_or_leaving_a_circle_changes_the_circle_ids_at_once(alice, bob):
    circle = CircleFactory(join_policy="open")
    assert circle_ids_for_user(user=bob) == frozenset()  # now kept in the cache
    circle_join(circle=circle, user=bob)
    assert circle_ids_for_user(user=bob) == {circle.pk}
    membership_leave(circle=circle, user=bob)
    assert circle_ids_for_user(user=bob) == frozenset()


@pytest.mark.parametrize("shared_count", [1, 10])
def test_shared_circles_for_many_members_is_one_query(alice, shared_count, django_assert_num_queries):
    members = UserFactory.create_batch(15)
    for n in range(shared_count):
        circle = CircleFactory(name=f"Cercle {n:02d}")
        MembershipFactory(circle=circle, user=alice)
        for member in members:
            MembershipFactory(circle=circle, user=member)
    circle_ids_for_user(user=alice)  # kept in the cache, as on every page alice sees
    with django_assert_num_queries(1):
        result = shared_circles_by_member(viewer=alice, member_ids=[m.pk for m in members])
    assert all(len(result[m.pk]) == shared_count for m in members)


def test_the_template_tag_gives_the_circles_shared_with_one_member(alice, bob, rf):
    from django.template import Context, Template

    _share(alice, bob, "Résidence Les Tilleuls")
    request = rf.get("/")
    request.user = alice
    template = Template(
        "{% load circles_tags %}{% shared_circles_with member as shared %}{% for c in shared %}{{ c.name }}{% endfor %}"
    )
    assert template.render(Context({"request": request, "member": bob})) == "Résidence Les Tilleuls"
