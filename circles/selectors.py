"""Reads about circles. Every page that shows one member to another uses shared_circles_by_member."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User

from .models import Circle, Membership, MembershipStatus


def circle_ids_for_user(*, user: User | AnonymousUser) -> QuerySet[Membership, int]:
    """The ids of the circles ``user`` is an active member of, as a subquery-friendly queryset."""
    if not user.is_authenticated:
        return Membership.objects.none().values_list("circle_id", flat=True)
    return Membership.objects.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE, circle__is_closed=False
    ).values_list("circle_id", flat=True)


def shared_circles_by_member(*, viewer: User | AnonymousUser, member_ids: Iterable[int]) -> dict[int, list[Circle]]:
    """For each member id, the open circles both ``viewer`` and that member actively belong to.

    One query, whatever the number of members or circles. The viewer maps to nothing.
    """
    ids = {member_id for member_id in member_ids if member_id != viewer.pk}
    if not viewer.is_authenticated or not ids:
        return {}
    memberships = (
        Membership.objects.filter(
            user_id__in=ids,
            status=MembershipStatus.ACTIVE,
            circle__in=circle_ids_for_user(user=viewer),
        )
        .select_related("circle")
        .order_by("circle__name")
    )
    shared: dict[int, list[Circle]] = defaultdict(list)
    for membership in memberships:
        shared[membership.user_id].append(membership.circle)
    return dict(shared)


def shared_circles(*, viewer: User | AnonymousUser, member: User) -> list[Circle]:
    """The circles ``viewer`` and ``member`` share ("You are both in Résidence Les Tilleuls")."""
    return shared_circles_by_member(viewer=viewer, member_ids=[member.pk]).get(member.pk, [])
