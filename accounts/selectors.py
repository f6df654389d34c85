"""Reads about members, applying what another member may see."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from marketplace.cache import get_or_compute

from .models import Block, User


def email_verified(member: str = "pk") -> Exists:
    """Whether the member at ``member`` (a field reference of the outer query) verified an email."""
    return Exists(EmailAddress.objects.filter(user_id=OuterRef(member), verified=True))


def two_factor_enabled(member: str = "pk") -> Exists:
    """Whether the member at ``member`` (a field reference of the outer query) turned on TOTP."""
    return Exists(Authenticator.objects.filter(user_id=OuterRef(member), type=Authenticator.Type.TOTP))


def member_public_queryset() -> QuerySet[User]:
    """Active members, annotated with what their public profile tells about them."""
    return User.objects.filter(is_active=True).annotate(
        has_verified_email=email_verified(), has_two_factor=two_factor_enabled()
    )


def member_get_public(*, pk: int) -> User:
    """The member whose profile is shown at ``pk``; 404 for unknown or deactivated members."""
    try:
        return member_public_queryset().get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def user_has_totp(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_primary_email(*, user: User) -> EmailAddress | None:
    return EmailAddress.objects.filter(user=user, primary=True).first()


# --- Blocks (moderation builds on these; every layer's visibility depends on them) ----------


def blocked_ids_key(user_id: int) -> str:
    """Cache key of ``blocked_member_ids``; ``accounts.services.forget_blocks_of`` deletes it."""
    return f"accounts:blocked-ids:{user_id}"


def blocked_member_ids(*, user_id: int) -> frozenset[int]:
    """The members ``user_id`` blocked or was blocked by: neither sees the other (cached)."""

    def compute() -> frozenset[int]:
        rows = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
            "blocker_id", "blocked_id"
        )
        return frozenset(other for pair in rows for other in pair if other != user_id)

    return get_or_compute(blocked_ids_key(user_id), compute)


def is_blocked_between(*, a_id: int | None, b_id: int | None) -> bool:
    """Whether either of the two members blocked the other, read from the database: services
    decide on it, so it never comes from the cache."""
    if a_id is None or b_id is None:
        return False
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def blocks_made_by(*, user: User) -> QuerySet[Block]:
    """The members ``user`` blocked, newest first (for their settings page)."""
    return Block.objects.filter(blocker_id=user.pk).select_related("blocked").order_by("-created_at")
