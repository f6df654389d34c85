"""Reads about members, applying what another member may see."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from .models import User


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


def user_has_totp(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_primary_email(*, user: User) -> EmailAddress | None:
    return EmailAddress.objects.filter(user=user, primary=True).first()
