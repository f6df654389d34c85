"""Sending an email to a member, in their language. Each email is a template triple:
``emails/<name>_subject.txt``, ``emails/<name>.txt`` and ``emails/<name>.html``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .models import User
from .validators import single_line


def email_subject(text: str) -> str:
    """Every email's subject passes here: one line, whatever member-typed value it quotes.

    Django refuses a subject with a line break (a header injection); a title saved with one
    before titles were checked, or a name from elsewhere, must not cost the member their email.
    """
    return single_line(text)


def render_plain(template_name: str, context: dict[str, Any]) -> str:
    """A subject or a plain-text body: rendered without HTML escaping ("d'angle", not "d&#x27;angle")."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def send_member_email(*, user: User, template: str, context: dict[str, Any] | None = None) -> None:
    """Render ``template`` in ``user.preferred_language`` and send it to their address."""
    if not user.email or not user.is_active:
        return
    full_context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **(context or {})}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_plain(f"emails/{template}_subject.txt", full_context)
        text = render_plain(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=email_subject(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"),
        body=text,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
