from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_single_line


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


def suspended_at(when: datetime.datetime, *, prefix: str = "") -> Q:
    """The one suspension rule, as a filter: suspended with no end, or with an end still to come.

    ``prefix`` reaches the member through a relation (``"owner__"`` for a listing's owner).
    ``User.suspension_in_force`` is the same rule read off a loaded member; a test holds them
    together.
    """
    return Q(**{f"{prefix}is_suspended": True}) & (
        Q(**{f"{prefix}suspended_until__isnull": True}) | Q(**{f"{prefix}suspended_until__gt": when})
    )


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


SPOKEN_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("tr", _("Turkish")),
    ("zh", _("Chinese")),
]


class User(AbstractBaseUser, PermissionsMixin):
    """A member. Email is the login; only "first name + last initial" is ever shown to others."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=60, validators=[validate_single_line])
    last_name = models.CharField(_("last name"), max_length=80, validators=[validate_single_line])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_single_line])
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("member since"), default=timezone.now)

    # Public profile
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True, max_length=200)
    avatar_thumb = models.ImageField(_("avatar thumbnail"), upload_to="avatars/", blank=True, max_length=200)
    city = models.CharField(_("city"), max_length=80, blank=True, validators=[validate_single_line])
    postcode = models.CharField(_("postcode"), max_length=10, blank=True, validators=[validate_single_line])
    bio = models.TextField(_("about me"), max_length=600, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)

    # Preferences
    preferred_language = models.CharField(
        _("site language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    email_on_bookings = models.BooleanField(_("emails about my exchanges"), default=True)
    email_on_messages = models.BooleanField(_("emails about new messages"), default=True)
    email_on_reviews = models.BooleanField(_("emails about reviews"), default=True)
    email_on_circles = models.BooleanField(_("emails about my circles"), default=True)

    # Moderation: a suspended member cannot sign in until ``suspended_until`` (NULL: indefinitely).
    is_suspended = models.BooleanField(_("suspended"), default=False)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), max_length=1000, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-date_joined"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What other members see: "Marie D."."""
        initial = f" {self.last_name[:1].upper()}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip() or str(_("Member"))

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper() or "?"

    @property
    def avatar_tone(self) -> int:
        """One of six background tones for the initials avatar, stable for a member."""
        return (self.pk or 0) % 6

    @property
    def suspension_in_force(self) -> bool:
        """Suspended right now: an expired suspension no longer counts, even before it is lifted
        (``suspended_at`` read off this row, without a query)."""
        if not self.is_suspended:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:profile", kwargs={"pk": self.pk})


class Block(models.Model):
    """``blocker`` blocked ``blocked``: neither sees the other's listings, messages or books the other."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made", verbose_name=_("member"))
    blocked = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="blocks_received", verbose_name=_("blocked member")
    )
    created_at = models.DateTimeField(_("blocked on"), default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"
