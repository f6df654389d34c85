"""Emails owed to members: written with the change, delivered after commit, never lost, sent once.

``notify`` writes a ``Notification`` row in the caller's transaction and asks Celery to deliver
it once that transaction commits. If the broker is unreachable the request carries on (the
publish gives up within the short broker timeouts of the settings) and the periodic task
``deliver_pending_notifications`` sends it later. ``deliver`` locks the row and sends only a
pending notification, so a duplicate task or a retry never sends the same email twice.

Two kinds are batched. Messages: one pending email per conversation (``notify_message``).
New requests: each request writes its notification (the owner's record of it), and delivery
groups them: one email per listing every 15 minutes lists the requests still pending then.
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import send_member_email

from .models import Booking, BookingState, Conversation, Message, Notification, NotificationKind, NotificationOutcome

logger = logging.getLogger(__name__)

MESSAGE_EMAIL_INTERVAL = datetime.timedelta(minutes=15)
REQUEST_EMAIL_INTERVAL = datetime.timedelta(minutes=15)
#: The new-requests email lists this many; the others are counted, to be read in the exchanges.
REQUESTS_LISTED = 10
MAX_ATTEMPTS = 6
# The task enqueued on commit normally delivers within seconds; the periodic task leaves it
# that long before it steps in, so that both rarely race (and the row lock makes it harmless).
PENDING_GRACE = datetime.timedelta(minutes=1)

BOOKING_EMAILS: dict[str, tuple[Any, Any]] = {
    # kind: (subject, opening line). Rendered in the recipient's language. New requests have
    # an email of their own, which lists them (``_deliver_requests``).
    NotificationKind.ACCEPTED: (
        _("Your request for “%(title)s” is accepted"),
        _("Good news: %(other)s accepted your request for “%(title)s”."),
    ),
    NotificationKind.DECLINED: (
        _("Your request for “%(title)s” was declined"),
        _("%(other)s cannot accept your request for “%(title)s” this time."),
    ),
    NotificationKind.CANCELLED: (
        _("Booking of “%(title)s” cancelled"),
        _("%(other)s cancelled the booking of “%(title)s”."),
    ),
    NotificationKind.HANDED_OVER: (
        _("Handover of “%(title)s” recorded"),
        _("%(other)s recorded the handover of “%(title)s”. Enjoy it, and take good care of it."),
    ),
    NotificationKind.RETURNED: (
        _("Return of “%(title)s” recorded"),
        _("%(other)s recorded the return of “%(title)s”. The exchange is complete: thank you!"),
    ),
    NotificationKind.COMPLETED: (
        _("Exchange of “%(title)s” completed"),
        _("%(other)s confirmed that the exchange of “%(title)s” took place. Thank you!"),
    ),
    NotificationKind.EXPIRED: (
        _("Request for “%(title)s” expired"),
        _("The request about “%(title)s” got no answer in time and has expired."),
    ),
    NotificationKind.REQUEST_REMINDER: (
        _("A request for “%(title)s” is waiting for your answer"),
        _(
            "%(other)s asked to book “%(title)s” a day ago. Please accept or decline it: "
            "without an answer, it expires after 72 hours."
        ),
    ),
    NotificationKind.OVERDUE_REMINDER: (
        _("Please return “%(title)s”"),
        _("The loan of “%(title)s” ended on %(end)s. Please arrange the return with %(other)s."),
    ),
}


def notify(
    *,
    recipient_id: int,
    kind: str,
    booking: Booking | None = None,
    conversation: Conversation | None = None,
    payload: dict[str, Any] | None = None,
) -> Notification:
    """Owe ``recipient`` an email about a change made in the current transaction."""
    notification = Notification(
        recipient_id=recipient_id,
        kind=kind,
        booking=booking,
        conversation=conversation,
        payload=payload or {},
    )
    notification.save()
    enqueue_on_commit(notification.pk)
    return notification


def notify_message(*, recipient_id: int, conversation: Conversation) -> Notification | None:
    """Owe ``recipient`` an email about new messages: at most one per conversation every 15 minutes.

    A pending email already covers every message that arrives before it goes out; after one
    was sent, the next is held back until the interval has passed (the periodic task sends it).
    """
    base = Notification.objects.filter(
        recipient_id=recipient_id, conversation=conversation, kind=NotificationKind.MESSAGE
    )
    if base.filter(outcome=NotificationOutcome.PENDING).exists():
        return None
    now = timezone.now()
    last_sent = (
        base.filter(outcome=NotificationOutcome.SENT).order_by("-sent_at").values_list("sent_at", flat=True).first()
    )
    deliver_after = max(now, last_sent + MESSAGE_EMAIL_INTERVAL) if last_sent else now
    notification = Notification(
        recipient_id=recipient_id,
        kind=NotificationKind.MESSAGE,
        conversation=conversation,
        deliver_after=deliver_after,
    )
    try:
        with transaction.atomic():  # two messages at once: the partial unique constraint keeps one
            notification.save()
    except IntegrityError:
        return None
    if deliver_after <= now:
        enqueue_on_commit(notification.pk)
    return notification


def enqueue_on_commit(notification_id: int) -> None:
    transaction.on_commit(lambda: enqueue(notification_id))


# After a failed publish, skip the broker for a while: a page that owes five emails must not
# wait five timeouts, and the periodic task delivers whatever was skipped.
BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0


def enqueue(notification_id: int) -> bool:
    """Ask a worker to deliver; never fails nor holds up the request (the periodic task is the safety net)."""
    global _broker_down_until
    from marketplace.celery import app

    from .tasks import deliver_notification

    if app.conf.task_always_eager:  # development and tests: deliver now, in this process
        try:
            deliver_notification.apply(args=[notification_id], throw=True)
        except Exception:  # same promise as with a worker: the page still works
            logger.exception("delivering notification %s failed", notification_id)
            return False
        return True
    if time.monotonic() < _broker_down_until:
        return False
    try:
        with app.connection_for_write() as connection:
            # One attempt, bounded by the settings' short timeout: no retry loop in a web request.
            connection.ensure_connection(max_retries=0, timeout=settings.REDIS_TIMEOUT_SECONDS)
            deliver_notification.apply_async(
                args=[notification_id], connection=connection, retry=False, ignore_result=True
            )
    except Exception:  # noqa: BLE001 — a broker outage (or a failing eager task) must not break a booking
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("could not enqueue notification %s; the periodic task will deliver it", notification_id)
        return False
    return True


def broker_backoff_reset() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def wanted(notification: Notification) -> bool:
    recipient = notification.recipient
    if notification.kind == NotificationKind.MESSAGE:
        return recipient.email_on_messages
    return recipient.email_on_bookings


def deliver(notification_id: int) -> str:
    """Send one notification if it is still pending and due; returns its outcome."""
    now = timezone.now()
    request = (
        Notification.objects.filter(pk=notification_id, kind=NotificationKind.REQUESTED)
        .values_list("recipient_id", "booking__listing_id")
        .first()
    )
    if request is not None:
        recipient_id, listing_id = request
        return _deliver_requests(notification_id, recipient_id=recipient_id, listing_id=listing_id, now=now)
    with transaction.atomic():
        # Lock the row: two deliveries of one notification (the on-commit task and the periodic
        # task, or a redelivered message) must not both send it.
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "missing"
        if notification.outcome != NotificationOutcome.PENDING or notification.deliver_after > now:
            return notification.outcome
        template, context = _email(notification) if wanted(notification) else (None, None)
        if template is None or context is None:
            notification.outcome = NotificationOutcome.SKIPPED
            notification.sent_at = now
            notification.save(update_fields=["outcome", "sent_at"])
            return notification.outcome
        notification.attempts += 1
        try:
            send_member_email(user=notification.recipient, template=template, context=context)
        except Exception as exc:  # noqa: BLE001 — an SMTP failure is retried later, with backoff
            logger.warning("notification %s failed: %s", notification_id, exc)
            notification.last_error = str(exc)[:1000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.outcome = NotificationOutcome.FAILED
            notification.deliver_after = now + datetime.timedelta(minutes=2**notification.attempts)
            notification.save(update_fields=["attempts", "last_error", "outcome", "deliver_after"])
            return notification.outcome
        notification.outcome = NotificationOutcome.SENT
        notification.sent_at = now
        notification.save(update_fields=["attempts", "outcome", "sent_at"])
        return notification.outcome


def _deliver_requests(notification_id: int, *, recipient_id: int, listing_id: int, now: datetime.datetime) -> str:
    """Email the owner the new requests of a listing: those of every notification still pending
    for it, in one email, at most once every ``REQUEST_EMAIL_INTERVAL``."""
    with transaction.atomic():
        # Lock the listing's pending request notifications together, always in id order: two
        # deliveries of the same batch (two tasks, or a task and the periodic one) wait for each
        # other instead of both sending it, and never lock in opposite orders (no deadlock).
        batch = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                recipient_id=recipient_id,
                kind=NotificationKind.REQUESTED,
                outcome=NotificationOutcome.PENDING,
                booking__listing_id=listing_id,
            )
            .order_by("pk")
        )
        this = next((n for n in batch if n.pk == notification_id), None)
        if this is None:  # sent with an earlier one of the batch, or gone
            outcome = Notification.objects.filter(pk=notification_id).values_list("outcome", flat=True).first()
            return outcome or "missing"
        if this.deliver_after > now:
            return this.outcome
        if not wanted(this):
            this.outcome, this.sent_at = NotificationOutcome.SKIPPED, now
            this.save(update_fields=["outcome", "sent_at"])
            return this.outcome
        last_sent = (
            Notification.objects.filter(
                recipient_id=recipient_id,
                kind=NotificationKind.REQUESTED,
                outcome=NotificationOutcome.SENT,
                booking__listing_id=listing_id,
            )
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last_sent is not None and now < last_sent + REQUEST_EMAIL_INTERVAL:
            # Too soon after the last one: the whole batch waits for the interval (the periodic task sends it).
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                deliver_after=last_sent + REQUEST_EMAIL_INTERVAL
            )
            return NotificationOutcome.PENDING
        waiting = Booking.objects.filter(pk__in=[n.booking_id for n in batch], state=BookingState.REQUESTED)
        requests = list(waiting.select_related("listing", "requester").order_by("pk")[:REQUESTS_LISTED])
        if not requests:  # all answered or withdrawn on the site meanwhile: nothing to tell
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                outcome=NotificationOutcome.SKIPPED, sent_at=now
            )
            return NotificationOutcome.SKIPPED
        count = waiting.count() if len(requests) == REQUESTS_LISTED else len(requests)
        context = {"listing": requests[0].listing, "requests": requests, "count": count, "more": count - len(requests)}
        this.attempts += 1
        try:
            send_member_email(user=this.recipient, template="bookings_requests", context=context)
        except Exception as exc:  # noqa: BLE001 — an SMTP failure is retried later, with backoff
            logger.warning("notification %s failed: %s", notification_id, exc)
            this.last_error = str(exc)[:1000]
            if this.attempts >= MAX_ATTEMPTS:
                this.outcome = NotificationOutcome.FAILED
            this.deliver_after = now + datetime.timedelta(minutes=2**this.attempts)
            this.save(update_fields=["attempts", "last_error", "outcome", "deliver_after"])
            return this.outcome
        this.save(update_fields=["attempts"])
        # Every request of the batch was in that email: each notification is sent, once.
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(outcome=NotificationOutcome.SENT, sent_at=now)
        return NotificationOutcome.SENT


def pending_due_ids(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            outcome=NotificationOutcome.PENDING,
            deliver_after__lte=now,
            created_at__lte=now - PENDING_GRACE,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def _email(notification: Notification) -> tuple[str | None, dict[str, Any] | None]:
    if notification.kind == NotificationKind.MESSAGE:
        return _message_email(notification)
    if notification.booking_id is None:
        return None, None
    booking = Booking.objects.select_related("listing", "owner", "requester").filter(pk=notification.booking_id).first()
    if booking is None:
        return None, None
    other = booking.owner if notification.recipient_id == booking.requester_id else booking.requester
    subject, opening = BOOKING_EMAILS[notification.kind]
    return "bookings_update", {
        "booking": booking,
        "listing": booking.listing,
        "other": other,
        "subject": subject,
        "opening": opening,
        "params": {"title": booking.listing.title, "other": other.public_name, "end": booking.end_date},
        "note": notification.payload.get("note", ""),
        "kind": notification.kind,
    }


def _message_email(notification: Notification) -> tuple[str | None, dict[str, Any] | None]:
    if notification.conversation_id is None:
        return None, None
    conversation = (
        Conversation.objects.select_related("listing", "owner", "member")
        .filter(pk=notification.conversation_id)
        .first()
    )
    if conversation is None:
        return None, None
    unread = conversation.unread_for(notification.recipient_id)
    if unread == 0:
        return None, None  # read on the site meanwhile: no need for an email
    messages = list(
        Message.objects.filter(conversation=conversation)
        .exclude(sender_id=notification.recipient_id)
        .select_related("sender")
        .order_by("-created_at", "-pk")[: min(unread, 10)]
    )
    messages.reverse()
    other = conversation.owner if notification.recipient_id == conversation.member_id else conversation.member
    return "bookings_message", {
        "conversation": conversation,
        "listing": conversation.listing,
        "other": other,
        "messages": messages,
        "unread": unread,
    }
