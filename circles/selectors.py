"""Reads about circles. Every page that shows one member to another uses shared_circles_by_member."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from marketplace.cache import get_or_compute

from .models import Circle, Invitation, JoinPolicy, Membership, MembershipRole, MembershipStatus


def circle_ids_key(user_id: int) -> str:
    """Cache key of ``circle_ids_for_user``; ``circles.services.forget_circles_of`` deletes it."""
    return f"circles:member-circle-ids:{user_id}"


def circle_ids_for_user(*, user: User | AnonymousUser) -> frozenset[int]:
    """The ids of the open circles ``user`` actively belongs to (cached: every page a member sees
    asks, through the listing visibility rule)."""
    if not user.is_authenticated:
        return frozenset()

    def compute() -> frozenset[int]:
        return frozenset(
            Membership.objects.filter(
                user_id=user.pk, status=MembershipStatus.ACTIVE, circle__is_closed=False
            ).values_list("circle_id", flat=True)
        )

    return get_or_compute(circle_ids_key(user.pk), compute)


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
            circle_id__in=circle_ids_for_user(user=viewer),
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


# --- Access: every circle page fetches its circle through one of these two helpers.


@dataclass(frozen=True)
class CircleAccess:
    """A circle as one viewer sees it, with the viewer's own membership (active or pending) if any."""

    circle: Circle
    membership: Membership | None
    viewer_is_authenticated: bool

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def is_admin(self) -> bool:
        return self.membership is not None and self.membership.is_admin

    @property
    def is_pending(self) -> bool:
        return self.membership is not None and self.membership.is_pending

    @property
    def can_see_members(self) -> bool:
        """Members always; for listed circles, any signed-in member of Cercle (anonymous visitors see a count)."""
        return self.is_member or (self.circle.is_listed and self.viewer_is_authenticated)


def membership_for(*, circle: Circle, viewer: User | AnonymousUser) -> Membership | None:
    """The viewer's own membership of ``circle`` (active or pending), if any."""
    if not viewer.is_authenticated:
        return None
    return Membership.objects.filter(circle=circle, user_id=viewer.pk).first()


def circle_get_for_viewer(*, viewer: User | AnonymousUser, slug: str) -> CircleAccess:
    """The circle at ``slug`` if ``viewer`` may see it, else Http404.

    Listed circles (open or on request) are visible to everyone. Invitation-only and closed circles
    exist only for their active members: to anyone else, including a removed member, they are a 404.
    """
    circle = Circle.objects.filter(slug=slug).first()
    if circle is None:
        raise Http404
    membership = membership_for(circle=circle, viewer=viewer)
    is_member = membership is not None and membership.is_active
    if circle.is_closed or (circle.is_invitation_only and not is_member):
        raise Http404
    return CircleAccess(circle=circle, membership=membership, viewer_is_authenticated=viewer.is_authenticated)


def circle_get_for_admin(*, viewer: User | AnonymousUser, slug: str) -> CircleAccess:
    """The circle at ``slug`` if ``viewer`` is one of its admins.

    Whoever may not even see the circle gets a 404 (its existence stays private); whoever sees it
    but does not manage it (a member, an applicant, a visitor of a listed circle) gets a 403.
    """
    access = circle_get_for_viewer(viewer=viewer, slug=slug)
    if not access.is_admin:
        raise PermissionDenied
    return access


# --- Lists


def _with_member_count(queryset: QuerySet[Circle]) -> QuerySet[Circle]:
    return queryset.annotate(member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))


def directory_circles(*, query: str = "", city: str = "") -> QuerySet[Circle]:
    """Open and on-request circles, searched by name (and description) and city, with their member counts."""
    circles = Circle.objects.filter(is_closed=False).exclude(join_policy=JoinPolicy.INVITATION)
    query, city = query.strip(), city.strip()
    if query:
        circles = circles.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if city:
        circles = circles.filter(city__icontains=city)
    return _with_member_count(circles).order_by("-member_count", "name", "pk")


def memberships_of_user(*, user: User) -> list[Membership]:
    """The viewer's own memberships (active and pending) in open circles, each circle with its member count."""
    counted = _with_member_count(Circle.objects.all())
    return list(
        Membership.objects.filter(user_id=user.pk, circle__is_closed=False)
        .prefetch_related(Prefetch("circle", queryset=counted))
        .order_by("status", "circle__name")
    )


def circle_members(*, circle: Circle) -> QuerySet[Membership]:
    """Active members of ``circle``, admins first, then by joining date."""
    return (
        Membership.objects.filter(circle=circle, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("role", "joined_at", "pk")
    )


def circle_member_count(*, circle: Circle) -> int:
    return Membership.objects.filter(circle=circle, status=MembershipStatus.ACTIVE).count()


def pending_requests(*, circle: Circle) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(circle=circle, status=MembershipStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def circle_invitations(*, circle: Circle) -> QuerySet[Invitation]:
    return Invitation.objects.filter(circle=circle).select_related("created_by", "circle").order_by("-created_at")


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation carrying ``token``, whatever its state (the landing page explains it), or Http404."""
    invitation = Invitation.objects.filter(token=token).select_related("circle", "created_by").first()
    if invitation is None:
        raise Http404
    return invitation


def circle_admin_users(*, circle: Circle) -> list[User]:
    return [m.user for m in circle_members(circle=circle).filter(role=MembershipRole.ADMIN)]


def circle_admin_count(*, circle: Circle) -> int:
    return Membership.objects.filter(circle=circle, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE).count()


def successor_candidates(*, circle: Circle, leaving: User) -> QuerySet[User]:
    """The active members who could take over from an admin who leaves."""
    return (
        User.objects.filter(memberships__circle=circle, memberships__status=MembershipStatus.ACTIVE, is_active=True)
        .exclude(pk=leaving.pk)
        .order_by("first_name", "last_name", "pk")
    )


def circle_memberships(*, circle: Circle) -> QuerySet[Membership]:
    """All memberships (active and pending) of ``circle``: what its admins act upon."""
    return Membership.objects.filter(circle=circle).select_related("user", "circle")
