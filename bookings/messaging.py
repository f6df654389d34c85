"""Conversations and messages at the lowest level: used by the services and the state machine."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from marketplace.cache import delete_after_commit

from . import notifications
from .models import Booking, Conversation, Message


def conversation_for_booking(*, booking: Booking, new_booking: bool = False) -> Conversation:
    """The booking's conversation; a question thread on the same listing is carried into it.

    ``new_booking``: the booking was created in this transaction, so it has no conversation yet
    (one query less on the booking request).
    """
    if not new_booking:
        existing = Conversation.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
    question = (
        Conversation.objects.select_for_update()
        .filter(listing_id=booking.listing_id, member_id=booking.requester_id, booking__isnull=True)
        .first()
    )
    if question is not None:
        question.booking = booking
        question.save(update_fields=["booking"])
        return question
    conversation = Conversation(
        listing_id=booking.listing_id, owner_id=booking.owner_id, member_id=booking.requester_id, booking=booking
    )
    # The listing, both members and the booking are rows the caller holds: no query to check they exist.
    conversation.full_clean(
        exclude=["listing", "owner", "member", "booking"], validate_unique=False, validate_constraints=False
    )
    conversation.save()
    return conversation


def message_post(
    *,
    sender: User,
    body: str,
    conversation: Conversation | None = None,
    booking: Booking | None = None,
    notify: bool = True,
) -> Message:
    """Add a message, bump the other member's unread counter and owe them an email (batched).

    ``notify=False`` when the message rides along a booking email (a request, an answer).
    """
    if conversation is None:
        assert booking is not None
        conversation = conversation_for_booking(booking=booking)
    now = timezone.now()
    message = Message(conversation=conversation, sender=sender, body=body.strip(), created_at=now)
    # The conversation and the sender are in hand (no existence query for them), and an empty body
    # is refused by the field validation (blank=False) before the database constraint would:
    # no savepoint and constraint query for each message.
    message.full_clean(exclude=["conversation", "sender"], validate_constraints=False)
    message.save()
    recipient_is_owner = sender.pk != conversation.owner_id
    counter = "owner_unread" if recipient_is_owner else "member_unread"
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{counter: F(counter) + 1})
    conversation.last_message_at = now
    setattr(conversation, counter, getattr(conversation, counter) + 1)
    forget_unread_count(user_id=conversation.other_party_id(sender.pk))
    if notify:
        notifications.notify_message(recipient_id=conversation.other_party_id(sender.pk), conversation=conversation)
    return message


def unread_count_key(user_id: int) -> str:
    """Cache key of ``selectors.unread_message_count``."""
    return f"bookings:unread:{user_id}"


def forget_unread_count(*, user_id: int) -> None:
    """After the member's unread messages changed: the header's count is read afresh."""
    delete_after_commit([unread_count_key(user_id)])
