from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line


class CircleKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    BUILDING = "building", _("Building")
    WORKPLACE = "workplace", _("Workplace")
    SCHOOL = "school", _("School")
    CLUB = "club", _("Club")
    ASSOCIATION = "association", _("Association")
    FAMILY = "family", _("Friends & family")
    ORGANISATION = "organisation", _("Organisation")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone joins at once")
    REQUEST = "request", _("On request: an admin approves")
    INVITATION = "invitation", _("Invitation only")


class Circle(models.Model):
    """A community whose members lend and swap first among themselves."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CircleKind.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True, validators=[validate_single_line])
    picture = models.ImageField(_("picture"), upload_to="circles/", blank=True, max_length=200)
    picture_thumb = models.ImageField(_("picture thumbnail"), upload_to="circles/", blank=True, max_length=200)
    join_policy = models.CharField(_("how people join"), max_length=20, choices=JoinPolicy.choices)
    is_closed = models.BooleanField(_("closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CircleKind.values), name="circle_kind_is_known"),
            models.CheckConstraint(condition=Q(join_policy__in=JoinPolicy.values), name="circle_join_policy_is_known"),
            models.CheckConstraint(condition=~Q(name=""), name="circle_has_a_name"),
        ]
        indexes = [models.Index(fields=["join_policy", "is_closed"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", kwargs={"slug": self.slug})

    @property
    def initial(self) -> str:
        return self.name[:1].upper() or "?"

    @property
    def is_invitation_only(self) -> bool:
        return self.join_policy == JoinPolicy.INVITATION

    @property
    def is_listed(self) -> bool:
        """Invitation-only circles never appear in the directory."""
        return self.join_policy != JoinPolicy.INVITATION and not self.is_closed


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Request pending")
    ACTIVE = "active", _("Member")


class Membership(models.Model):
    """A member's place in a circle. Only ``active`` memberships grant access."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    message = models.CharField(_("message to the admins"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="one_membership_per_member_and_circle"),
            models.CheckConstraint(
                condition=~Q(role=MembershipRole.ADMIN) | Q(status=MembershipStatus.ACTIVE),
                name="admins_are_active_members",
            ),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.ACTIVE) | Q(joined_at__isnull=False),
                name="active_members_have_joined",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MembershipStatus.values) & Q(role__in=MembershipRole.values),
                name="membership_status_and_role_are_known",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["circle", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.circle}"

    def clean(self) -> None:
        super().clean()
        if self.role == MembershipRole.ADMIN and self.status != MembershipStatus.ACTIVE:
            raise ValidationError(_("Only an active member can be an admin."))
        if self.status == MembershipStatus.ACTIVE and self.joined_at is None:
            raise ValidationError(_("An active member needs a joining date."))

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN and self.status == MembershipStatus.ACTIVE


class InvitationState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    USED_UP = "used_up", _("Used up")


class Invitation(models.Model):
    """A link that lets people join a circle: unguessable token, expiry and a use limit."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=10)
    use_count = models.PositiveIntegerField(_("times used"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    label = models.CharField(_("note for yourself"), max_length=80, blank=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("invitation link")
        verbose_name_plural = _("invitation links")
        constraints = [
            models.CheckConstraint(
                condition=Q(use_count__lte=models.F("max_uses")), name="invitation_uses_within_limit"
            ),
            models.CheckConstraint(condition=Q(max_uses__gte=1), name="invitation_allows_at_least_one_use"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_creation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle} ({self.use_count}/{self.max_uses})"

    def get_absolute_url(self) -> str:
        return reverse("circles:invitation", kwargs={"token": self.token})

    def clean(self) -> None:
        super().clean()
        if self.max_uses is not None and self.use_count is not None and self.use_count > self.max_uses:
            raise ValidationError(_("This link has been used more times than it allows."))
        if self.expires_at and self.created_at and self.expires_at <= self.created_at:
            raise ValidationError({"expires_at": _("The expiry must be in the future.")})

    @property
    def state(self) -> InvitationState:
        """Why a link can or cannot be used, checked in this order: revoked, used up, expired."""
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.use_count >= self.max_uses:
            return InvitationState.USED_UP
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.VALID

    @property
    def is_usable(self) -> bool:
        return self.state == InvitationState.VALID and not self.circle.is_closed

    @property
    def uses_left(self) -> int:
        return max(self.max_uses - self.use_count, 0)
