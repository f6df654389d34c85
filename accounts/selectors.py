"""Reads about members, applying what another member may see."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from .models import Block, User


def member_public_queryset() -> QuerySet[User]:
    """Active members, annotated with what their public profile tells about them."""
    return User.objects.filter(is_active=True).annotate(
        has_verified_email=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        has_two_factor=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)),
    )


def member_get_public(*, pk: int) -> User:
    """The member whose profile is shown at ``pk``; 404 for unknown or deactivated members."""
    try:
        return member_public_queryset().get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def identity_checks_sql(user_id_column: str) -> tuple[RawSQL, RawSQL]:
    """Whether the member whose id is in ``user_id_column`` verified an email, and turned 2FA on.

    As fixed SQL, for pages that show them beside another query's rows (the trust card): built
    as Exists() subqueries, their compilation cost more Python than the rest of such a query.
    """
    emails, authenticators = EmailAddress._meta.db_table, Authenticator._meta.db_table
    email_verified = RawSQL(
        f"EXISTS (SELECT 1 FROM {emails} e WHERE e.user_id = {user_id_column} AND e.verified)",
        (),
        output_field=BooleanField(),
    )
    has_2fa = RawSQL(
        f"EXISTS (SELECT 1 FROM {authenticators} a WHERE a.user_id = {user_id_column} AND a.type = %s)",
        (Authenticator.Type.TOTP,),
        output_field=BooleanField(),
    )
    return email_verified, has_2fa


def user_has_totp(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_primary_email(*, user: User) -> EmailAddress | None:
    return EmailAddress.objects.filter(user=user, primary=True).first()


# --- Blocks (moderation builds on these; every layer's visibility depends on them) ----------


def blocked_user_ids(*, user: User) -> set[int]:
    """Members ``user`` blocked or was blocked by (both directions), in one query."""
    if not user.is_authenticated:
        return set()
    rows = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk)).values_list("blocker_id", "blocked_id")
    return {other for pair in rows for other in pair if other != user.pk}


def blocked_between(*, user_id: int | None, other: Any) -> Exists:
    """An ``Exists`` true when ``user_id`` and ``other`` (an id or an ``OuterRef``) blocked one another."""
    return Exists(
        Block.objects.filter(Q(blocker_id=user_id, blocked_id=other) | Q(blocker_id=other, blocked_id=user_id))
    )


def is_blocked_between(*, a_id: int | None, b_id: int | None) -> bool:
    """Whether either of the two members blocked the other."""
    if a_id is None or b_id is None:
        return False
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def blocks_made_by(*, user: User) -> QuerySet[Block]:
    """The members ``user`` blocked, newest first (for their settings page)."""
    return Block.objects.filter(blocker_id=user.pk).select_related("blocked").order_by("-created_at")
