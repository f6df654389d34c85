"""Sending an email to a member, in their language. Each email is a template triple:
``emails/<name>_subject.txt``, ``emails/<name>.txt`` and ``emails/<name>.html``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import User


def send_member_email(*, user: User, template: str, context: dict[str, Any] | None = None) -> None:
    """Render ``template`` in ``user.preferred_language`` and send it to their address."""
    if not user.email or not user.is_active:
        return
    full_context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **(context or {})}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", full_context).strip()
        text = render_to_string(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
