"""Reviews, replies, vouches and the trust summary of a member.

Double-blind: a review is written hidden (``published_at`` is NULL) and published together with
the other member's review, or alone when the 14-day window closes. Only published, not removed
reviews are ever shown (``Review.objects.published()``), except to moderators in the admin.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: How long after ``booking.completed_at`` each member may write their review.
REVIEW_WINDOW = timedelta(days=14)
#: Reminders go to whoever has not written, this many days after completion.
REMINDER_DAYS = (3, 10)


class ReviewQuerySet(models.QuerySet["Review"]):
    def published(self) -> ReviewQuerySet:
        """What members may see: published and not removed by a moderator."""
        return self.filter(published_at__isnull=False, removed_at__isnull=True)

    def hidden(self) -> ReviewQuerySet:
        return self.filter(published_at__isnull=True)


class Review(models.Model):
    """One member's review of the other after a completed booking. Hidden until published."""

    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="reviews")
    # Reviews written by a member who later deletes their account stay, as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews_written",
        verbose_name=_("author"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_received", verbose_name=_("subject")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("From 1 to 5 stars.")
    )
    comment = models.TextField(_("comment"), max_length=2000)
    private_note = models.TextField(
        _("private note to the moderators"),
        max_length=1000,
        blank=True,
        help_text=_("Only the moderators read it; it flags the exchange for them."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    removed_at = models.DateTimeField(_("removed by a moderator"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "author"], name="one_review_per_author_and_booking"),
            models.UniqueConstraint(fields=["booking", "subject"], name="one_review_per_subject_and_booking"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_between_1_and_5"),
            models.CheckConstraint(
                condition=Q(author__isnull=True) | ~Q(author=F("subject")), name="review_author_is_not_subject"
            ),
        ]
        indexes = [models.Index(fields=["subject", "published_at"], name="review_subject_published")]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.author or _('former member')} → {self.subject}"

    def clean(self) -> None:
        if self.author_id is not None and self.author_id == self.subject_id:
            raise ValidationError(_("Nobody reviews themselves."))
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.removed_at is None

    @property
    def visibility(self) -> str:
        if self.removed_at is not None:
            return str(_("removed"))
        return str(_("published")) if self.published_at else str(_("hidden"))


class ReviewReply(models.Model):
    """The one public reply the subject of a published review may post."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_replies"
    )
    text = models.TextField(_("reply"), max_length=1000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("reply to a review")
        verbose_name_plural = _("replies to reviews")

    def __str__(self) -> str:
        return f"{_('Reply')} #{self.review_id}"


class ReviewFlag(models.Model):
    """A review the moderators should read: a 1-star rating or a private note.

    The moderation app queues these; ``resolved_at`` is set when a moderator has looked at it.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="flag")
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="review_flags")
    low_rating = models.BooleanField(_("rated 1 star"), default=False)
    has_private_note = models.BooleanField(_("has a private note"), default=False)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("flagged review")
        verbose_name_plural = _("flagged reviews")
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low_rating=True) | Q(has_private_note=True), name="review_flag_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Flag')} #{self.review_id}"


class VouchQuerySet(models.QuerySet["Vouch"]):
    def active(self) -> VouchQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Vouch(models.Model):
    """ "I know this person in real life." One active vouch per (voucher, vouchee)."""

    voucher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vouches_given")
    vouchee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vouches_received")
    text = models.CharField(_("how do you know them?"), max_length=300)
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = VouchQuerySet.as_manager()

    class Meta:
        verbose_name = _("vouch")
        verbose_name_plural = _("vouches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "vouchee"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_vouch_per_pair",
            ),
            models.CheckConstraint(condition=~Q(voucher=F("vouchee")), name="vouch_not_for_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} → {self.vouchee}"

    def clean(self) -> None:
        if self.voucher_id is not None and self.voucher_id == self.vouchee_id:
            raise ValidationError(_("You cannot vouch for yourself."))

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class TrustLevel(models.TextChoices):
    NEWCOMER = "newcomer", _("Newcomer")
    REGULAR = "regular", _("Regular")
    TRUSTED = "trusted", _("Trusted")


class TrustSummary(models.Model):
    """The viewer-independent trust figures of a member, kept in a table so search can sort on them.

    Refreshed (for many members at once) by ``services.trust_summaries_refresh``: after a review is
    published, a vouch given or withdrawn, a review window opened, by a task every few minutes for
    members whose bookings moved, and nightly for everyone. Verified email and 2FA are read live.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="trust_summary"
    )
    exchanges_as_owner = models.PositiveIntegerField(_("completed exchanges as owner"), default=0)
    exchanges_as_requester = models.PositiveIntegerField(_("completed exchanges as requester"), default=0)
    rating_count = models.PositiveIntegerField(_("published reviews"), default=0)
    rating_average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, null=True, blank=True)
    bayesian_rating = models.DecimalField(_("Bayesian rating"), max_digits=4, decimal_places=3, db_index=True)
    requests_received = models.PositiveIntegerField(_("booking requests to answer (12 months)"), default=0)
    requests_answered = models.PositiveIntegerField(_("booking requests answered (12 months)"), default=0)
    median_response_seconds = models.PositiveIntegerField(_("median response time (s)"), null=True, blank=True)
    cancellations = models.PositiveIntegerField(_("accepted bookings cancelled (12 months)"), default=0)
    vouch_count = models.PositiveIntegerField(_("vouches received"), default=0)
    last_sanction_at = models.DateTimeField(_("last moderation sanction"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=TrustLevel.choices, default=TrustLevel.NEWCOMER)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("trust summary")
        verbose_name_plural = _("trust summaries")
        indexes = [models.Index(fields=["level", "bayesian_rating"], name="trust_level_bayesian")]
        constraints = [
            models.CheckConstraint(
                condition=Q(requests_answered__lte=F("requests_received")), name="trust_answered_within_received"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.level}"

    @property
    def exchanges(self) -> int:
        return self.exchanges_as_owner + self.exchanges_as_requester

    @property
    def response_rate(self) -> int | None:
        """Percentage of booking requests answered (accepted or declined) in the last 12 months."""
        if not self.requests_received:
            return None
        return round(100 * self.requests_answered / self.requests_received)

    @property
    def median_response_hours(self) -> float | None:
        if self.median_response_seconds is None:
            return None
        return self.median_response_seconds / 3600


class ReviewNoticeKind(models.TextChoices):
    WINDOW_OPENED = "opened", _("review to write")
    REMINDER_3 = "reminder_3", _("reminder after 3 days")
    REMINDER_10 = "reminder_10", _("reminder after 10 days")
    PUBLISHED = "published", _("reviews published")


class ReviewNotice(models.Model):
    """An email about reviews owed to a member, written in the transaction that causes it.

    Delivered by a task enqueued on commit; a periodic task delivers whatever is still pending.
    The unique (booking, user, kind) makes every notice at most once.
    """

    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="review_notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notices")
    kind = models.CharField(max_length=12, choices=ReviewNoticeKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False, help_text=_("Not emailed: the member turned these emails off."))

    class Meta:
        verbose_name = _("review email")
        verbose_name_plural = _("review emails")
        constraints = [
            models.UniqueConstraint(fields=["booking", "user", "kind"], name="one_review_notice_per_kind"),
        ]
        indexes = [models.Index(fields=["sent_at"], name="review_notice_pending")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} (#{self.booking_id})"
