"""Reports, the moderators' decisions (the audit trail) and members' data exports.

A report names exactly one target through explicit nullable foreign keys (a listing, a member,
a review or a message) — clearer in queries and the admin than a generic relation — and the
database checks that exactly one is set. ``concerned`` is the member the target belongs to
(the listing's owner, the review's author, the message's sender, or the member reported), so
the queue can show a member's history whatever was reported.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from reviews.models import ReviewFlag

TARGET_FIELDS = ("listing", "member", "review", "message")


class Reason(models.TextChoices):
    FRAUD = "fraud", _("Fraud or scam")
    DANGEROUS = "dangerous", _("Dangerous item")
    OFFENSIVE = "offensive", _("Offensive content")
    HARASSMENT = "harassment", _("Harassment")
    SPAM = "spam", _("Spam")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")
    DISMISSED = "dismissed", _("Dismissed")


class TargetKind(models.TextChoices):
    LISTING = "listing", _("Listing")
    MEMBER = "member", _("Member")
    REVIEW = "review", _("Review")
    MESSAGE = "message", _("Message")


def _exactly_one_target() -> Q:
    rule = Q(pk__in=[])  # start from "false" and add one branch per target field
    for name in TARGET_FIELDS:
        branch = Q(**{f"{name}__isnull": False})
        for other in TARGET_FIELDS:
            if other != name:
                branch &= Q(**{f"{other}__isnull": True})
        rule |= branch
    return rule


class Report(models.Model):
    """A member's report about one listing, member, review or message."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made", verbose_name=_("reporter")
    )
    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("listing")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_received",
        verbose_name=_("member"),
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("review")
    )
    message = models.ForeignKey(
        "bookings.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("message")
    )
    concerned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member concerned"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        permissions = [("moderate", "Can take moderation decisions (hide, remove, suspend, dismiss)")]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="report_exactly_one_target"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN, handled_at__isnull=True)
                | (~Q(status=ReportStatus.OPEN) & Q(handled_at__isnull=False)),
                name="report_handled_at_iff_closed",
            ),
            *(
                # One open report per (reporter, target): a second click while it is open is refused.
                models.UniqueConstraint(
                    fields=["reporter", name],
                    condition=Q(status=ReportStatus.OPEN, **{f"{name}__isnull": False}),
                    name=f"one_open_report_per_reporter_and_{name}",
                )
                for name in TARGET_FIELDS
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="report_status_created_idx"),
            models.Index(fields=["reporter", "-created_at"], name="report_reporter_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.target_kind} #{self.target_id}"

    @property
    def target_kind(self) -> str:
        for name in TARGET_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def target_id(self) -> int | None:
        kind = self.target_kind
        return getattr(self, f"{kind}_id") if kind else None

    @property
    def target_key(self) -> str:
        return f"{self.target_kind}:{self.target_id}"


class ActionKind(models.TextChoices):
    HIDE_LISTING = "hide_listing", _("Listing hidden")
    AUTO_HIDE_LISTING = "auto_hide_listing", _("Listing hidden automatically (three reporters)")
    RESTORE_LISTING = "restore_listing", _("Listing restored")
    REMOVE_REVIEW = "remove_review", _("Review removed")
    SUSPEND = "suspend", _("Member suspended")
    LIFT_SUSPENSION = "lift_suspension", _("Suspension lifted")
    DISMISS = "dismiss", _("Reports dismissed")
    RESOLVE_FLAG = "resolve_flag", _("Flagged review looked at")


class ModerationAction(models.Model):
    """The audit trail: who decided what, when and why. Written by the services only."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
        help_text=_("Empty for what the site did by itself."),
    )
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("member concerned"),
    )
    listing = models.ForeignKey(
        "listings.Listing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("listing"),
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("review")
    )
    previous_status = models.CharField(_("listing status before"), max_length=10, blank=True)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    reports = models.ManyToManyField(Report, blank=True, related_name="actions", verbose_name=_("reports"))

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="modaction_member_created_idx")]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="modaction_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DataExport(models.Model):
    """A member's "download my data" file: stored under a random name, theirs only, until it expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("member")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    file_name = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MemberModeration(User):
    """Members as the moderators' admin shows them (suspend, lift): no password, no permissions."""

    class Meta:
        proxy = True
        verbose_name = _("member (moderation)")
        verbose_name_plural = _("members (moderation)")


class FlaggedReview(ReviewFlag):
    """The reviews app's flags (1 star or a private note), queued for the moderators."""

    class Meta:
        proxy = True
        verbose_name = _("flagged review (queue)")
        verbose_name_plural = _("flagged reviews (queue)")
