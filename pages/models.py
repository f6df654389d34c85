"""The site's legal and help pages, editable by staff in the admin, and what visitors write to
the moderators through the contact form.

Pages are created from the shipped texts (``pages.defaults``) by a data migration; their bodies
are plain text, drawn by a template (``pages.blocks``): a line starting with "## " is a heading,
one starting with "- " an item of a list, and a blank line ends a paragraph.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PageSlug(models.TextChoices):
    LEGAL = "legal", _("Legal notice")
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Privacy policy")
    HELP = "help", _("Help")


BODY_HELP = _(
    'Plain text. A line starting with "## " is a heading, a line starting with "- " an item of a list; '
    "a blank line separates paragraphs. French spacing before : ; ! ? is added when the page is shown."
)


class Page(models.Model):
    slug = models.CharField(_("page"), max_length=20, choices=PageSlug.choices, unique=True)
    title_fr = models.CharField(_("title in French"), max_length=120)
    title_en = models.CharField(_("title in English"), max_length=120)
    body_fr = models.TextField(_("text in French"), help_text=BODY_HELP)
    body_en = models.TextField(_("text in English"), help_text=BODY_HELP)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]
        constraints = [models.CheckConstraint(condition=models.Q(slug__in=PageSlug.values), name="page_slug_known")]

    def __str__(self) -> str:
        return self.get_slug_display()


class ContactTopic(models.TextChoices):
    QUESTION = "question", _("A question about Cercle")
    PROBLEM = "problem", _("Something does not work")
    SAFETY = "safety", _("A member or a listing worries me")
    DATA = "data", _("My personal data")
    OTHER = "other", _("Something else")


class ContactMessage(models.Model):
    """A message sent to the moderators through the contact form (kept, then emailed to them)."""

    topic = models.CharField(_("topic"), max_length=20, choices=ContactTopic.choices)
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"))
    body = models.TextField(_("message"), max_length=5000)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("member"),
    )
    language = models.CharField(_("language"), max_length=5, default="fr")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(topic__in=ContactTopic.values), name="contact_topic_known")
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.name}"
