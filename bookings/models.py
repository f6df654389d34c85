"""Bookings (one per request, whatever the kind), their timeline, conversations and notifications.

The rules about which state may follow which live in ``state_machine.py``; this module only
holds the data and the invariants the database can enforce on its own.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MESSAGE_MAX_LENGTH = 2000


class BookingState(models.TextChoices):
    # A context of their own: other apps translate "Expired" or "Open" differently (an invitation,
    # a circle), and the state of a booking ("réservation", "demande") is feminine in French.
    REQUESTED = "requested", pgettext_lazy("booking state", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("booking state", "Accepted")
    ONGOING = "ongoing", pgettext_lazy("booking state", "Ongoing")
    COMPLETED = "completed", pgettext_lazy("booking state", "Completed")
    DECLINED = "declined", pgettext_lazy("booking state", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("booking state", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("booking state", "Expired")


OPEN_STATES = (BookingState.REQUESTED, BookingState.ACCEPTED, BookingState.ONGOING)
TERMINAL_STATES = (BookingState.COMPLETED, BookingState.DECLINED, BookingState.CANCELLED, BookingState.EXPIRED)
# States in which a booking holds the object: lending dates are blocked, a sale is promised.
HOLDING_STATES = (BookingState.ACCEPTED, BookingState.ONGOING)


class BookingKind(models.TextChoices):
    """A snapshot of the listing's kind, so that constraints can be written on this table alone."""

    LEND = "lend", _("Lend")
    SELL = "sell", _("Sell")
    SWAP = "swap", _("Swap")
    GIVE = "give", _("Give")
    SERVICE = "service", _("Service")


# One object, one taker: the first accepted request reserves it for good.
SINGLE_TAKER_KINDS = (BookingKind.SELL, BookingKind.SWAP, BookingKind.GIVE)


class Booking(models.Model):
    """A member's request about a listing, from "can I?" to "done, thank you"."""

    listing = models.ForeignKey("listings.Listing", on_delete=models.CASCADE, related_name="bookings")
    kind = models.CharField(_("kind"), max_length=10, choices=BookingKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incoming_bookings", verbose_name=_("owner")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outgoing_bookings",
        verbose_name=_("requester"),
    )
    state = models.CharField(_("state"), max_length=12, choices=BookingState.choices, default=BookingState.REQUESTED)
    # Written by the database from ``state``: what the listings' "available between" search
    # filters on, so that listings never needs to know the booking states.
    holds_dates = models.GeneratedField(
        expression=models.Case(models.When(state__in=HOLDING_STATES, then=True), default=False),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("holds its dates"),
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)

    # Lending: an inclusive date range, its price and the deposit agreed in advance.
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    price = models.DecimalField(
        _("price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    deposit = models.DecimalField(
        _("deposit"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    handover_condition = models.TextField(_("condition at handover"), max_length=1000, blank=True)
    deposit_received = models.BooleanField(_("deposit received"), default=False)
    return_condition = models.TextField(_("condition at return"), max_length=1000, blank=True)
    deposit_returned = models.BooleanField(_("deposit returned"), default=False)

    # Swapping: one of the requester's own listings, or a description of what they offer.
    offered_listing = models.ForeignKey(
        "listings.Listing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offered_in_bookings",
        verbose_name=_("offered listing"),
    )
    offer_text = models.TextField(_("what you offer"), max_length=1000, blank=True)

    # Services: when, and for how long.
    service_start = models.DateTimeField(_("date and time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )

    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    owner_reminded_at = models.DateTimeField(_("owner reminded"), null=True, blank=True)
    overdue_reminded_on = models.DateField(_("last overdue reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=models.F("requester")), name="booking_not_own_listing"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__isnull=False, end_date__gte=models.F("start_date")),
                name="booking_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(price__gte=0) | Q(price__isnull=True), name="booking_price_positive"),
            models.CheckConstraint(
                condition=Q(deposit__gte=0) | Q(deposit__isnull=True), name="booking_deposit_positive"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(state=BookingState.COMPLETED),
                name="booking_completed_at_only_when_completed",
            ),
            # A sale (swap, gift) is accepted once: at most one holding booking per listing.
            models.UniqueConstraint(
                fields=["listing"],
                condition=Q(kind__in=SINGLE_TAKER_KINDS, state__in=HOLDING_STATES),
                name="booking_single_taker_accepted_once",
            ),
            # The exclusion constraint against overlapping lending dates is created by migration
            # 0002 on PostgreSQL only (btree_gist); SQLite keeps the Python check in clean().
        ]
        indexes = [
            models.Index(fields=["owner", "state"]),
            models.Index(fields=["requester", "state"]),
            models.Index(fields=["listing", "state"]),
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("bookings:detail", kwargs={"pk": self.pk})

    @property
    def uses_handover(self) -> bool:
        """A loan goes through a handover and a return; everything else completes directly."""
        return self.kind == BookingKind.LEND and self.start_date is not None

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_STATES

    @property
    def days(self) -> int | None:
        if self.start_date is None or self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1

    @property
    def service_end(self) -> datetime.datetime | None:
        if self.service_start is None or self.duration_minutes is None:
            return None
        return self.service_start + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_overdue(self) -> bool:
        return self.state == BookingState.ONGOING and self.end_date is not None and self.end_date < timezone.localdate()

    def other_party(self, user_id: int | None) -> int:
        return self.requester_id if user_id == self.owner_id else self.owner_id

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.owner_id is not None and self.owner_id == self.requester_id:
            errors["requester"] = str(_("You cannot book your own listing."))
        if (self.start_date is None) != (self.end_date is None):
            errors["end_date"] = str(_("Choose both a start and an end date."))
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("The end date must be on or after the start date."))
        if errors:
            raise ValidationError(errors)
        if self.kind == BookingKind.LEND and self.state in HOLDING_STATES and self.start_date and self.end_date:
            overlapping = Booking.objects.filter(
                listing_id=self.listing_id,
                state__in=HOLDING_STATES,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("These dates overlap another accepted booking."))


class BookingTransition(models.Model):
    """One line of a booking's timeline: who moved it from which state to which, when, and why."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=BookingState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=BookingState.choices)
    action = models.CharField(_("action"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"


class Conversation(models.Model):
    """Messages between a listing's owner and one member: a question, or about a booking.

    Unread counters are kept on the row so that the header badge costs one small aggregate.
    """

    listing = models.ForeignKey("listings.Listing", on_delete=models.CASCADE, related_name="conversations")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="conversation"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)
    owner_unread = models.PositiveIntegerField(default=0)
    member_unread = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=models.F("member")), name="conversation_two_members"),
            # Questions before booking: one thread per (listing, member).
            models.UniqueConstraint(
                fields=["listing", "member"],
                condition=Q(booking__isnull=True),
                name="one_question_thread_per_listing_and_member",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-last_message_at"]),
            models.Index(fields=["member", "-last_message_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.owner_id} ↔ {self.member_id}"

    def get_absolute_url(self) -> str:
        return reverse("bookings:conversation", kwargs={"pk": self.pk})

    def unread_for(self, user_id: int | None) -> int:
        return self.owner_unread if user_id == self.owner_id else self.member_unread

    def other_party_id(self, user_id: int | None) -> int:
        return self.member_id if user_id == self.owner_id else self.owner_id


class Message(models.Model):
    """Plain text, escaped on display."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="message_not_empty")]

    def __str__(self) -> str:
        return self.body[:60]


class NotificationKind(models.TextChoices):
    REQUESTED = "requested", _("New request")
    ACCEPTED = "accepted", _("Request accepted")
    DECLINED = "declined", _("Request declined")
    CANCELLED = "cancelled", _("Booking cancelled")
    HANDED_OVER = "handed_over", _("Handover recorded")
    RETURNED = "returned", _("Return recorded")
    COMPLETED = "completed", _("Exchange completed")
    EXPIRED = "expired", _("Request expired")
    MESSAGE = "message", _("New message")
    REQUEST_REMINDER = "request_reminder", _("Request awaiting an answer")
    OVERDUE_REMINDER = "overdue_reminder", _("Return overdue")


class NotificationOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not wanted (preferences)")
    FAILED = "failed", _("Gave up")


class Notification(models.Model):
    """An email owed to a member, written in the same transaction as the change that causes it.

    A task delivers it after commit; a periodic task delivers whatever is still pending (the
    broker was down, a worker died). ``outcome`` leaves ``pending`` exactly once.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    deliver_after = models.DateTimeField(_("not before"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    outcome = models.CharField(
        _("delivery"), max_length=10, choices=NotificationOutcome.choices, default=NotificationOutcome.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            # Message emails are batched: one pending email per conversation and recipient.
            models.UniqueConstraint(
                fields=["recipient", "conversation"],
                condition=Q(kind="message", outcome="pending"),
                name="one_pending_message_email_per_conversation",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", sent_at__isnull=True) | ~Q(outcome="pending"),
                name="pending_notification_not_sent",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "deliver_after"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"
