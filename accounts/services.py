"""Changes to a member's own profile and preferences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

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
