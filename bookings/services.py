"""Every change to bookings and conversations. Views call these; nothing else writes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import is_blocked_between
from listings.models import Intent, Listing, PriceUnit
from listings.models import Status as ListingStatus
from marketplace.cache import delete_after_commit

from . import notifications
from .messaging import conversation_for_booking, forget_unread_count, message_post
from .models import (
    HOLDING_STATES,
    Booking,
    BookingKind,
    BookingState,
    BookingTransition,
    Conversation,
    Message,
    Notification,
    NotificationKind,
)
from .state_machine import BookingAction, TransitionRefused, perform
from .todo import todo_key

MAX_LOAN_DAYS = 90
MAX_DAYS_AHEAD = 365
UNANSWERED_REMINDER_AFTER = datetime.timedelta(hours=24)
EXPIRE_AFTER = datetime.timedelta(hours=72)


def price_for(
    *,
    listing: Listing,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    duration_minutes: int | None = None,
) -> Decimal | None:
    """What the requester pays for this request, as the listing states it (None when free)."""
    if listing.price is None:
        return None
    if listing.price_unit == PriceUnit.PER_DAY:
        if start_date is None or end_date is None:
            return None
        return listing.price * ((end_date - start_date).days + 1)
    if listing.price_unit == PriceUnit.PER_HOUR:
        if duration_minutes is None:
            return None
        return (listing.price * duration_minutes / 60).quantize(Decimal("0.01"))
    return listing.price


def booking_request(
    *,
    listing: Listing,
    requester: User,
    message: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    offered_listing_id: int | None = None,
    offer_text: str = "",
    service_start: datetime.datetime | None = None,
    duration_minutes: int | None = None,
) -> Booking:
    """Make a request about ``listing`` (already checked visible to ``requester``).

    Raises ``ValidationError`` with a form-ready message when the request cannot be made.
    """
    with transaction.atomic():
        # Lock the listing: an accept of overlapping dates must not slip in between our check
        # and our insert (and the owner may be pausing it right now).
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        if listing.owner_id == requester.pk:
            raise ValidationError(gettext("You cannot book your own listing."))
        if is_blocked_between(a_id=listing.owner_id, b_id=requester.pk):
            raise ValidationError(gettext("This listing is not available."))
        if listing.status != ListingStatus.ACTIVE:
            raise ValidationError(gettext("This listing is not available: it is paused, reserved or closed."))
        if Booking.objects.filter(listing=listing, requester=requester, state=BookingState.REQUESTED).exists():
            raise ValidationError(gettext("You already have a request waiting for an answer on this listing."))
        is_offer = listing.intent == Intent.OFFER
        today = timezone.localdate()
        booking = Booking(
            listing=listing,
            kind=listing.kind,
            owner_id=listing.owner_id,
            requester=requester,
            message=message.strip(),
        )
        if listing.kind == BookingKind.LEND and is_offer:
            _check_loan_dates(listing=listing, start_date=start_date, end_date=end_date, today=today)
            booking.start_date, booking.end_date = start_date, end_date
            booking.price = price_for(listing=listing, start_date=start_date, end_date=end_date)
            booking.deposit = listing.deposit
        elif listing.kind == BookingKind.SELL:
            booking.price = listing.price if is_offer else None
        elif listing.kind == BookingKind.SWAP:
            if offered_listing_id:
                offered = Listing.objects.filter(
                    pk=offered_listing_id, owner=requester, status=ListingStatus.ACTIVE
                ).first()
                if offered is None or offered.pk == listing.pk:
                    raise ValidationError(gettext("Choose one of your own published listings."))
                booking.offered_listing = offered
            booking.offer_text = offer_text.strip()
            if not booking.offered_listing and not booking.offer_text:
                raise ValidationError(
                    gettext("Say what you offer in exchange: one of your listings, or a description.")
                )
        elif listing.kind == BookingKind.SERVICE and is_offer:
            if service_start is None or duration_minutes is None:
                raise ValidationError(gettext("Choose a date, a start time and a duration."))
            if service_start <= timezone.now():
                raise ValidationError(gettext("Choose a date and time in the future."))
            if service_start.date() > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
                raise ValidationError(gettext("Choose a date within a year."))
            booking.service_start, booking.duration_minutes = service_start, duration_minutes
            booking.price = price_for(listing=listing, duration_minutes=duration_minutes)
        if not is_offer and not booking.message:
            raise ValidationError(gettext("Tell the member what you can offer."))
        # The listing (locked above), its owner, the requester and an offered listing are rows
        # in hand: their existence is not queried again by full_clean.
        booking.full_clean(exclude=["listing", "owner", "requester", "offered_listing"], validate_constraints=False)
        booking.save()
        BookingTransition.objects.create(
            booking=booking, from_state="", to_state=BookingState.REQUESTED, action="request", actor=requester
        )
        conversation = conversation_for_booking(booking=booking, new_booking=True)
        if booking.message:
            message_post(conversation=conversation, sender=requester, body=booking.message, notify=False)
        # One notification per request (the owner's record); delivery batches the emails per listing.
        notifications.notify(recipient_id=listing.owner_id, kind=NotificationKind.REQUESTED, booking=booking)
        delete_after_commit([todo_key(listing.owner_id)])
    return booking


def _check_loan_dates(
    *, listing: Listing, start_date: datetime.date | None, end_date: datetime.date | None, today: datetime.date
) -> None:
    if start_date is None or end_date is None:
        raise ValidationError(gettext("Choose the first and the last day of the loan."))
    if start_date < today:
        raise ValidationError(gettext("The loan cannot start in the past."))
    if end_date < start_date:
        raise ValidationError(gettext("The last day must be on or after the first day."))
    if (end_date - start_date).days + 1 > MAX_LOAN_DAYS:
        raise ValidationError(gettext("A loan lasts at most %(days)s days.") % {"days": MAX_LOAN_DAYS})
    if start_date > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(gettext("Choose dates within a year."))
    taken = Booking.objects.filter(
        listing=listing, state__in=HOLDING_STATES, start_date__lte=end_date, end_date__gte=start_date
    )
    if taken.exists():
        raise ValidationError(gettext("Some of these days are already booked: choose free days in the calendar."))


def booking_act(
    *,
    booking_id: int,
    actor: User | None,
    action: str,
    note: str = "",
    deposit_received: bool = False,
    deposit_returned: bool = False,
    notify_ids: list[int] | None = None,
) -> Booking:
    """Apply ``action`` to a booking on behalf of ``actor`` (None: the system: expiry, moderation).

    Raises ``TransitionRefused`` (with an HTTP status) when the state machine says no.
    """
    with transaction.atomic():
        listing_ids = (
            Booking.objects.filter(pk=booking_id).values_list("listing_id", "offered_listing_id", "kind").first()
        )
        if listing_ids is None:
            raise TransitionRefused(gettext("This booking does not exist."), status=404)
        listing_id, offered_id, kind = listing_ids
        # Lock order, always: listings by id, then the booking. Every transition of a listing's
        # bookings waits here, so two owners' clicks (or 50 threads) accepting overlapping dates
        # or two buyers of one object are decided one after the other; the exclusion and unique
        # constraints remain the last word if anything slips past.
        ids = sorted({listing_id, offered_id} if kind == BookingKind.SWAP and offered_id else {listing_id})
        locked = {
            listing.pk: listing for listing in Listing.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        return perform(
            booking=booking,
            listing=locked[listing_id],
            action=action,
            actor=actor,
            note=note,
            deposit_received=deposit_received,
            deposit_returned=deposit_returned,
            notify_ids=notify_ids,
        )


def conversation_ask(*, listing: Listing, member: User, body: str) -> Conversation:
    """A question about a listing (already checked visible to ``member``): one thread per (listing, member)."""
    if listing.owner_id == member.pk:
        raise ValidationError(gettext("This is your own listing."))
    if is_blocked_between(a_id=listing.owner_id, b_id=member.pk):
        raise ValidationError(gettext("This listing is not available."))
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update()
            .filter(listing=listing, member=member, booking__isnull=True)
            .first()
        )
        if conversation is None:
            conversation = Conversation.objects.create(listing=listing, owner_id=listing.owner_id, member=member)
        message_post(conversation=conversation, sender=member, body=body)
    return conversation


def message_send(*, conversation: Conversation, sender: User, body: str) -> Message:
    """A message from one of the two members of ``conversation`` (already checked by a selector)."""
    if sender.pk not in (conversation.owner_id, conversation.member_id):
        raise ValidationError(gettext("You are not part of this conversation."))
    if is_blocked_between(a_id=conversation.owner_id, b_id=conversation.member_id):
        raise ValidationError(gettext("You can no longer write in this conversation."))
    with transaction.atomic():
        return message_post(conversation=conversation, sender=sender, body=body)


def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    """Everything in ``conversation`` is read by ``user`` (one UPDATE, only when something was unread)."""
    if user.pk == conversation.owner_id and conversation.owner_unread:
        Conversation.objects.filter(pk=conversation.pk).update(owner_unread=0)
        conversation.owner_unread = 0
        forget_unread_count(user_id=user.pk)
    elif user.pk == conversation.member_id and conversation.member_unread:
        Conversation.objects.filter(pk=conversation.pk).update(member_unread=0)
        conversation.member_unread = 0
        forget_unread_count(user_id=user.pk)


def bookings_expire_stale(*, now: datetime.datetime | None = None) -> int:
    """Requests unanswered for 72 hours, or whose start has passed, expire; both members are told."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    stale = Booking.objects.filter(state=BookingState.REQUESTED).filter(
        Q(created_at__lte=now - EXPIRE_AFTER) | Q(start_date__lt=today) | Q(service_start__lt=now)
    )
    expired = 0
    for booking_id in stale.values_list("pk", flat=True):
        try:
            booking_act(booking_id=booking_id, actor=None, action=BookingAction.EXPIRE)
        except TransitionRefused:
            continue  # answered meanwhile
        expired += 1
    return expired


def bookings_remind_unanswered(*, now: datetime.datetime | None = None) -> int:
    """Remind owners, once, of requests waiting for an answer for more than 24 hours."""
    now = now or timezone.now()
    reminded = 0
    waiting = Booking.objects.filter(
        state=BookingState.REQUESTED, created_at__lte=now - UNANSWERED_REMINDER_AFTER, owner_reminded_at__isnull=True
    )
    for booking_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update()
                .filter(pk=booking_id, state=BookingState.REQUESTED, owner_reminded_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            booking.owner_reminded_at = now
            booking.save(update_fields=["owner_reminded_at"])
            notifications.notify(recipient_id=booking.owner_id, kind=NotificationKind.REQUEST_REMINDER, booking=booking)
            reminded += 1
    return reminded


def bookings_remind_overdue(*, now: datetime.datetime | None = None) -> int:
    """Once a day, remind borrowers whose loan ended and who have not returned the object."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = 0
    overdue = Booking.objects.filter(state=BookingState.ONGOING, end_date__lt=today).filter(
        Q(overdue_reminded_on__isnull=True) | Q(overdue_reminded_on__lt=today)
    )
    for booking_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            booking = Booking.objects.select_for_update().filter(pk=booking_id, state=BookingState.ONGOING).first()
            if booking is None or booking.overdue_reminded_on == today:
                continue
            booking.overdue_reminded_on = today
            booking.save(update_fields=["overdue_reminded_on"])
            notifications.notify(
                recipient_id=booking.requester_id, kind=NotificationKind.OVERDUE_REMINDER, booking=booking
            )
            reminded += 1
    return reminded


def bookings_cancel_for_member(
    *, member_id: int, other_id: int | None = None, note_for: Callable[[User], str] | None = None
) -> int:
    """Cancel a member's requested and accepted bookings (only those with ``other_id``, when given).

    Moderation calls this when a member blocks another, is suspended or leaves. Loans already
    handed over stay ongoing: the object has to come back. The other member of each booking is
    told, with ``note_for(recipient)`` as the note. Returns how many were cancelled.
    """
    open_bookings = Booking.objects.filter(state__in=(BookingState.REQUESTED, BookingState.ACCEPTED)).filter(
        Q(owner_id=member_id) | Q(requester_id=member_id)
    )
    if other_id is not None:
        open_bookings = open_bookings.filter(Q(owner_id=other_id) | Q(requester_id=other_id))
    cancelled = 0
    for booking_id, owner_id, requester_id in open_bookings.order_by("pk").values_list(
        "pk", "owner_id", "requester_id"
    ):
        other = User.objects.get(pk=requester_id if owner_id == member_id else owner_id)
        note = note_for(other) if note_for else ""
        try:
            # Through the state machine like any cancellation (the system acts): the listing
            # reserved for an accepted sale is freed, the timeline records it; only the other
            # member is told.
            booking_act(
                booking_id=booking_id,
                actor=None,
                action=BookingAction.CANCEL,
                note=note or gettext("Cancelled by Cercle."),
                notify_ids=[other.pk],
            )
        except TransitionRefused:
            continue  # moved on meanwhile (handed over, declined…)
        cancelled += 1
    return cancelled


def member_exchanges_erase(*, member_id: int, deleted_text: str) -> None:
    """What bookings erases when a member leaves, before their open bookings are cancelled.

    Erased: the content of the messages they wrote (``deleted_text`` in its place), the message and
    the offer of their requests, the notes they wrote on the timelines, the emails they were owed,
    and the notes they wrote quoted in the other members' emails (one still owed arrives without).
    Kept: every booking with its dates, states and prices, every timeline step and the other
    member's messages: the other member's history of the exchange.
    """
    with transaction.atomic():
        Message.objects.filter(sender_id=member_id).update(body=deleted_text)
        Booking.objects.filter(requester_id=member_id).update(message="", offer_text="")
        BookingTransition.objects.filter(actor_id=member_id).exclude(note="").update(note="")
        Notification.objects.filter(recipient_id=member_id).delete()
        Notification.objects.filter(Q(booking__owner_id=member_id) | Q(booking__requester_id=member_id)).exclude(
            payload={}
        ).update(payload={})
