"""Changes to the legal and help pages, and the contact form's messages to the moderators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import send_member_email
from accounts.models import User
from marketplace.cache import bump_after_commit

from .models import ContactMessage, Page
from .selectors import page_version

PAGE_FIELDS = ("title_fr", "title_en", "body_fr", "body_en")


def page_update(*, page: Page, editor: User | None, values: dict[str, Any]) -> Page:
    """Save a page's titles and texts (the admin): visitors' cached copies are drawn afresh."""
    with transaction.atomic():
        for name in PAGE_FIELDS:
            if name in values:
                setattr(page, name, values[name])
        page.updated_at = timezone.now()
        page.updated_by = editor
        page.full_clean()
        page.save()
        bump_after_commit(page_version(page.slug))
    return page


def _moderators() -> list[User]:
    from moderation.groups import MODERATORS

    return list(User.objects.filter(is_active=True, is_staff=True, groups__name=MODERATORS).order_by("pk").distinct())


def contact_send(*, sender: User | None, name: str, email: str, topic: str, body: str, language: str) -> ContactMessage:
    """Keep a message for the moderators, then email it to each of them once it is committed."""
    message = ContactMessage(
        sender=sender if sender is not None and sender.is_authenticated else None,
        name=name,
        email=email,
        topic=topic,
        body=body,
        language=language,
    )
    message.full_clean()
    with transaction.atomic():
        message.save()
        transaction.on_commit(lambda: _notify_moderators(message.pk))
    return message


def _notify_moderators(message_id: int) -> None:
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None:
        return
    admin_url = settings.SITE_URL.rstrip("/") + reverse("admin:pages_contactmessage_change", args=[message.pk])
    for moderator in _moderators():
        send_member_email(
            user=moderator, template="pages_contact", context={"message": message, "admin_url": admin_url}
        )


def contact_mark_handled(*, message: ContactMessage) -> None:
    """A moderator answered the message (the admin's action)."""
    if message.handled_at is None:
        message.handled_at = timezone.now()
        message.save(update_fields=["handled_at"])
