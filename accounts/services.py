"""Changes to a member's own profile and preferences."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from marketplace.cache import delete_after_commit

from .images import AVATAR_SIZES, delete_stored, store_image
from .models import Block, Language, User
from .selectors import blocked_ids_key

PROFILE_FIELDS = ("city", "postcode", "bio", "languages")
PREFERENCE_FIELDS = (
    "preferred_language",
    "email_on_bookings",
    "email_on_messages",
    "email_on_reviews",
    "email_on_circles",
)


def _apply(user: User, changes: Mapping[str, Any], allowed: tuple[str, ...]) -> list[str]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(user, name, value)
    return list(changes)


def user_update_preferences(*, user: User, changes: Mapping[str, Any]) -> User:
    """Save the member's site language and email choices."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        fields = _apply(locked, changes, PREFERENCE_FIELDS)
        locked.full_clean(exclude=["password"])
        locked.save(update_fields=fields)
    return locked


def user_update_profile(
    *,
    user: User,
    changes: Mapping[str, Any],
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Save the public profile and preferences; replace or remove the avatar.

    A new avatar is checked and stored first (``ValidationError`` for a bad image, nothing
    kept); the old files are deleted only once the new names are committed, so a failed save
    never leaves the member pointing at deleted files.
    """
    stored = store_image(avatar, folder="avatars", sizes=AVATAR_SIZES) if avatar else None
    try:
        with transaction.atomic():
            # Lock the row so two tabs saving at once cannot both think they own the old files.
            locked = User.objects.select_for_update().get(pk=user.pk)
            fields = _apply(locked, changes, PROFILE_FIELDS + PREFERENCE_FIELDS)
            old_files = [locked.avatar.name, locked.avatar_thumb.name]
            if stored:
                locked.avatar.name, locked.avatar_thumb.name = stored.display_name, stored.thumbnail_name
            elif remove_avatar:
                locked.avatar.name, locked.avatar_thumb.name = "", ""
            if stored or remove_avatar:
                fields += ["avatar", "avatar_thumb"]
                transaction.on_commit(lambda: delete_stored(*old_files))
            locked.full_clean(exclude=["password"])
            locked.save(update_fields=fields)
    except Exception:
        if stored:
            delete_stored(stored.display_name, stored.thumbnail_name)
        raise
    return locked


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a signed-in member picked in the footer switch."""
    if language not in Language.values:
        return
    User.objects.filter(pk=user.pk).update(preferred_language=language)


# --- Blocks ----------------------------------------------------------------------------------


def block_create(*, blocker: User, blocked: User) -> Block:
    """``blocker`` blocks ``blocked`` (idempotent). Cancelling their open bookings is moderation's job."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if blocker.pk == blocked.pk:
        raise ValidationError(gettext("You cannot block yourself."))
    with transaction.atomic():
        block, _created = Block.objects.get_or_create(blocker_id=blocker.pk, blocked_id=blocked.pk)
        forget_blocks_of(user_ids=[blocker.pk, blocked.pk])
    return block


def block_delete(*, blocker: User, blocked_id: int) -> bool:
    """Lift a block ``blocker`` made; False when there was none."""
    with transaction.atomic():
        deleted, _ = Block.objects.filter(blocker_id=blocker.pk, blocked_id=blocked_id).delete()
        forget_blocks_of(user_ids=[blocker.pk, blocked_id])
    return deleted > 0


def forget_blocks_of(*, user_ids: list[int]) -> None:
    """After a block between these members changes, what each of them sees is read afresh."""
    delete_after_commit(blocked_ids_key(user_id) for user_id in user_ids)


# --- Account deletion: what accounts erases (moderation.services.account_delete calls each app) --


def member_identifiers(*, user: User) -> list[str]:
    """What names a member in text they wrote: their email address, phone and names, longest first
    (the full name goes before the first name it contains)."""
    values = {user.email, user.phone, user.get_full_name(), user.first_name, user.last_name}
    return sorted({value.strip() for value in values if value and len(value.strip()) >= 3}, key=len, reverse=True)


def mask_identity(text: str, *, identifiers: Sequence[str], mask: str) -> str:
    """``text`` with each of ``identifiers`` replaced by ``mask``, whatever its case."""
    for identifier in identifiers:
        text = re.sub(re.escape(identifier), mask, text, flags=re.IGNORECASE)
    return text


def member_identity_erase(*, user: User) -> list[str]:
    """Erase who the member was: the row stays (what others keep points at it, shown as "former
    member"), emptied of everything about them, unusable to sign in.

    Erased: email (replaced by an address that cannot receive mail), names, phone, city,
    postcode, bio, languages, avatar, preferences, suspension, staff rights and groups; their
    email addresses (and confirmations), authenticators, the blocks they made and received, their
    sessions, the admin's history line naming them. Kept: the id and the date they joined.
    Returns the avatar files to delete once the transaction commits.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=user.pk)
        files = [member.avatar.name, member.avatar_thumb.name]
        EmailAddress.objects.filter(user=member).delete()  # and their confirmations, by cascade
        Authenticator.objects.filter(user=member).delete()
        blocks = Block.objects.filter(Q(blocker=member) | Q(blocked=member))
        forget_blocks_of(
            user_ids=[member.pk, *(pk for pair in blocks.values_list("blocker_id", "blocked_id") for pk in pair)]
        )
        blocks.delete()
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(member.pk)).update(
            object_repr="—", change_message=""
        )
        # Database sessions carry no user column: each live one is decoded (a site-wide read).
        live = Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        Session.objects.filter(
            session_key__in=[s.session_key for s in live if str(s.get_decoded().get("_auth_user_id")) == str(member.pk)]
        ).delete()
        member.email = f"deleted-{member.pk}@invalid"
        member.first_name = member.last_name = member.phone = member.city = member.postcode = member.bio = ""
        member.languages = []
        member.avatar.name = member.avatar_thumb.name = ""
        member.is_active = member.is_staff = member.is_superuser = member.is_suspended = False
        member.suspended_until = None
        member.suspension_reason = ""
        for preference in ("email_on_bookings", "email_on_messages", "email_on_reviews", "email_on_circles"):
            setattr(member, preference, False)
        member.set_unusable_password()
        member.save()
        member.groups.clear()
        member.user_permissions.clear()
    return [name for name in files if name]
