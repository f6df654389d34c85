"""The one state machine of every booking, whatever its kind.

``TRANSITIONS`` is the whole truth: (state, action) → the new state, who may do it, for which
flow (a loan goes through handover and return; a sale, swap, gift or service completes
directly), whether a note is required and whom to tell. ``perform`` applies one transition
with its side effects; it runs inside the caller's transaction, with the listing row locked
(see ``services.booking_act``). Anything not in the table is refused with ``TransitionRefused``.

```
requested ──accept──▶ accepted ──handover──▶ ongoing ──return──▶ completed     (loan)
    │                     │ └──────────complete────────────────▶ completed     (sell, swap, give, service)
    ├─decline─▶ declined  └─cancel (reason)─▶ cancelled
    ├─cancel──▶ cancelled
    └─expire──▶ expired
```
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import is_blocked_between
from listings.models import Listing
from listings.models import Status as ListingStatus
from listings.services import listings_changed
from marketplace.cache import delete_after_commit

from . import notifications
from .messaging import message_post
from .models import (
    HOLDING_STATES,
    SINGLE_TAKER_KINDS,
    Booking,
    BookingKind,
    BookingState,
    BookingTransition,
    NotificationKind,
)
from .todo import todo_key


class BookingAction(enum.StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    CANCEL = "cancel"
    HANDOVER = "handover"
    RETURN = "return"
    COMPLETE = "complete"
    EXPIRE = "expire"


ACTION_LABELS = {
    BookingAction.ACCEPT: _("Accept"),
    BookingAction.DECLINE: _("Decline"),
    BookingAction.CANCEL: _("Cancel"),
    BookingAction.HANDOVER: _("Record the handover"),
    BookingAction.RETURN: _("Record the return"),
    BookingAction.COMPLETE: _("Confirm it happened"),
    BookingAction.EXPIRE: _("Expire"),
}


class Role(enum.StrEnum):
    OWNER = "owner"
    REQUESTER = "requester"
    SYSTEM = "system"  # periodic tasks


class Flow(enum.StrEnum):
    LOAN = "loan"  # lend with dates: handover, then return
    DIRECT = "direct"  # sell, swap, give, service (and answers to "I am looking for…"): completes from accepted


OWNER = frozenset({Role.OWNER})
REQUESTER = frozenset({Role.REQUESTER})
EITHER = frozenset({Role.OWNER, Role.REQUESTER})
SYSTEM = frozenset({Role.SYSTEM})
ANY_FLOW = frozenset(Flow)


@dataclass(frozen=True)
class Rule:
    target: BookingState
    who: frozenset[Role]
    flows: frozenset[Flow] = ANY_FLOW
    note_required: bool = False
    # Whom to tell: the other member (the one who did not act), or both of them.
    notify: NotificationKind | None = None
    notify_both: bool = False


S = BookingState
A = BookingAction

TRANSITIONS: dict[tuple[BookingState, BookingAction], Rule] = {
    (S.REQUESTED, A.ACCEPT): Rule(S.ACCEPTED, OWNER, notify=NotificationKind.ACCEPTED),
    (S.REQUESTED, A.DECLINE): Rule(S.DECLINED, OWNER, notify=NotificationKind.DECLINED),
    # The system cancels too: moderation (a block, a suspension, a deleted account), with a note.
    (S.REQUESTED, A.CANCEL): Rule(S.CANCELLED, REQUESTER | SYSTEM, notify=NotificationKind.CANCELLED),
    (S.REQUESTED, A.EXPIRE): Rule(S.EXPIRED, SYSTEM, notify=NotificationKind.EXPIRED, notify_both=True),
    (S.ACCEPTED, A.CANCEL): Rule(S.CANCELLED, EITHER | SYSTEM, note_required=True, notify=NotificationKind.CANCELLED),
    (S.ACCEPTED, A.HANDOVER): Rule(
        S.ONGOING, OWNER, flows=frozenset({Flow.LOAN}), note_required=True, notify=NotificationKind.HANDED_OVER
    ),
    (S.ACCEPTED, A.COMPLETE): Rule(
        S.COMPLETED, EITHER, flows=frozenset({Flow.DIRECT}), notify=NotificationKind.COMPLETED
    ),
    (S.ONGOING, A.RETURN): Rule(
        S.COMPLETED, OWNER, flows=frozenset({Flow.LOAN}), note_required=True, notify=NotificationKind.RETURNED
    ),
}

WHO_LABELS = {
    OWNER: _("Only the owner of the listing can do this."),
    REQUESTER: _("Only the member who made the request can do this."),
    EITHER: _("Only the two members of this exchange can do this."),
    SYSTEM: _("This happens automatically."),
}


class TransitionRefused(Exception):
    """A transition the table does not allow, or whose conditions are not met.

    ``status`` is the HTTP status a view answers with: 400 (bad input), 403 (not your role),
    409 (the booking or the listing is not in a state that allows it).
    """

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def flow_of(booking: Booking) -> Flow:
    return Flow.LOAN if booking.uses_handover else Flow.DIRECT


def role_of(booking: Booking, user: User | None) -> Role | None:
    if user is None:
        return Role.SYSTEM
    if user.pk == booking.owner_id:
        return Role.OWNER
    if user.pk == booking.requester_id:
        return Role.REQUESTER
    return None


def check(booking: Booking, action: BookingAction | str, role: Role | None, *, note: str = "") -> Rule:
    """The rule allowing ``role`` to apply ``action`` to ``booking`` now, or ``TransitionRefused``."""
    try:
        action = BookingAction(action)
    except ValueError:
        raise TransitionRefused(gettext("Unknown action."), status=400) from None
    rule = TRANSITIONS.get((BookingState(booking.state), action))
    if rule is None:
        raise TransitionRefused(
            gettext("This booking is %(state)s: it cannot be %(action)s.")
            % {"state": booking.get_state_display().lower(), "action": _past_participle(action)}
        )
    if role is None or role not in rule.who:
        raise TransitionRefused(str(WHO_LABELS[(rule.who - SYSTEM) or rule.who]), status=403)
    if flow_of(booking) not in rule.flows:
        if action == A.COMPLETE:
            message = gettext("A loan is completed by recording the handover, then the return.")
        else:
            message = gettext("Only a loan has a handover and a return: confirm the exchange instead.")
        raise TransitionRefused(message)
    if rule.note_required and not note.strip():
        if action == A.CANCEL:
            message = gettext("Say why you cancel an accepted booking: the other member deserves a reason.")
        else:
            message = gettext("Describe the condition of the object.")
        raise TransitionRefused(message, status=400)
    return rule


def available_actions(booking: Booking, user: User) -> list[BookingAction]:
    """What ``user`` may do with ``booking`` now, in the order the page shows them."""
    role = role_of(booking, user)
    actions = []
    for action in BookingAction:
        rule = TRANSITIONS.get((BookingState(booking.state), action))
        if rule and role in rule.who and flow_of(booking) in rule.flows:
            actions.append(action)
    return actions


def action_choices(booking: Booking, user: User) -> list[tuple[BookingAction, Any]]:
    """``available_actions`` with the label of each button."""
    return [(action, ACTION_LABELS[action]) for action in available_actions(booking, user)]


def _past_participle(action: BookingAction) -> str:
    return str(
        {
            A.ACCEPT: _("accepted"),
            A.DECLINE: _("declined"),
            A.CANCEL: _("cancelled"),
            A.HANDOVER: _("handed over"),
            A.RETURN: _("returned"),
            A.COMPLETE: _("completed"),
            A.EXPIRE: _("expired"),
        }[action]
    )


def perform(
    *,
    booking: Booking,
    listing: Listing,
    action: BookingAction | str,
    actor: User | None,
    note: str = "",
    deposit_received: bool = False,
    deposit_returned: bool = False,
    notify_ids: list[int] | None = None,
) -> Booking:
    """Apply one transition and its side effects. The caller holds the listing's row lock.

    ``notify_ids`` replaces the members told (by default: the other member, or both when the
    system acts).
    """
    rule = check(booking, action, role_of(booking, actor), note=note)
    action = BookingAction(action)
    now = timezone.now()
    from_state = booking.state
    note = note.strip()

    if action == A.ACCEPT:
        _check_listing_accepts(booking, listing)
    if action == A.HANDOVER and booking.deposit and not deposit_received:
        raise TransitionRefused(gettext("Confirm that you received the deposit before handing over."), status=400)

    booking.state = rule.target
    booking.updated_at = now
    update_fields = ["state", "updated_at"]
    if from_state == S.REQUESTED and action in (A.ACCEPT, A.DECLINE):
        booking.answered_at = now
        update_fields.append("answered_at")
    if action == A.HANDOVER:
        booking.handover_condition = note
        booking.deposit_received = deposit_received
        update_fields += ["handover_condition", "deposit_received"]
    if action == A.RETURN:
        booking.return_condition = note
        booking.deposit_returned = deposit_returned
        update_fields += ["return_condition", "deposit_returned"]
    if rule.target == S.COMPLETED:
        booking.completed_at = now
        update_fields.append("completed_at")

    try:
        # A savepoint, so that a constraint violation leaves the caller's transaction usable.
        with transaction.atomic():
            booking.save(update_fields=update_fields)
    except IntegrityError:
        # The database's word is final: the exclusion constraint (overlapping loan dates) or the
        # partial unique constraint (a second accepted sale) fired.
        booking.state = from_state
        if booking.kind == BookingKind.LEND:
            raise TransitionRefused(gettext("These dates are no longer available.")) from None
        raise TransitionRefused(gettext("This listing is already promised to another member.")) from None

    BookingTransition.objects.create(
        booking=booking, from_state=from_state, to_state=rule.target, action=action, actor=actor, note=note
    )
    _side_effects(booking=booking, listing=listing, action=action, from_state=from_state, actor=actor, note=note)
    _notify(booking=booking, rule=rule, actor=actor, note=note, recipients=notify_ids)
    delete_after_commit([todo_key(booking.owner_id), todo_key(booking.requester_id)])
    return booking


def _check_listing_accepts(booking: Booking, listing: Listing) -> None:
    if is_blocked_between(a_id=booking.owner_id, b_id=booking.requester_id):
        raise TransitionRefused(gettext("One of you blocked the other: this request cannot be accepted."))
    if listing.status != ListingStatus.ACTIVE:
        raise TransitionRefused(gettext("This listing is not available any more (paused, reserved or closed)."))
    if booking.kind == BookingKind.LEND and booking.start_date:
        if booking.start_date < timezone.localdate():
            raise TransitionRefused(gettext("The requested dates have passed."))
        overlapping = Booking.objects.filter(
            listing_id=listing.pk,
            kind=BookingKind.LEND,
            state__in=HOLDING_STATES,
            start_date__lte=booking.end_date,
            end_date__gte=booking.start_date,
        ).exclude(pk=booking.pk)
        if overlapping.exists():
            raise TransitionRefused(gettext("These dates overlap a booking you already accepted."))
    if booking.kind in SINGLE_TAKER_KINDS:
        taken = Booking.objects.filter(listing_id=listing.pk, state__in=HOLDING_STATES).exclude(pk=booking.pk)
        if taken.exists():
            raise TransitionRefused(gettext("This listing is already promised to another member."))


def _side_effects(
    *, booking: Booking, listing: Listing, action: BookingAction, from_state: str, actor: User | None, note: str
) -> None:
    """What else changes with a transition: the listing's status, the other requests, messages."""
    if action in (A.ACCEPT, A.DECLINE, A.CANCEL) and note and actor is not None:
        # The note also goes into the conversation; the transition's email already carries it.
        message_post(booking=booking, sender=actor, body=note, notify=False)

    if action == A.ACCEPT and booking.kind in SINGLE_TAKER_KINDS:
        _set_listing_status(listing, ListingStatus.RESERVED)
        others = Booking.objects.filter(listing_id=listing.pk, state=S.REQUESTED).exclude(pk=booking.pk)
        _decline_others(others, owner=actor, reason="promised")
    elif action == A.ACCEPT and booking.kind == BookingKind.LEND and booking.start_date:
        others = Booking.objects.filter(
            listing_id=listing.pk,
            state=S.REQUESTED,
            start_date__lte=booking.end_date,
            end_date__gte=booking.start_date,
        ).exclude(pk=booking.pk)
        _decline_others(others, owner=actor, reason="dates")
    elif (
        action == A.CANCEL
        and from_state in HOLDING_STATES
        and booking.kind in SINGLE_TAKER_KINDS
        and listing.status == ListingStatus.RESERVED
    ):
        # The object is free again; the requests declined meanwhile stay declined.
        _set_listing_status(listing, ListingStatus.ACTIVE)
    elif action == A.COMPLETE and booking.kind in SINGLE_TAKER_KINDS:
        _set_listing_status(listing, ListingStatus.CLOSED)
        if booking.kind == BookingKind.SWAP and booking.offered_listing_id:
            offered = Listing.objects.select_for_update().filter(pk=booking.offered_listing_id).first()
            if offered is not None and offered.status != ListingStatus.CLOSED:
                _set_listing_status(offered, ListingStatus.CLOSED)


def _set_listing_status(listing: Listing, status: str) -> None:
    listing.status = status
    listing.save(update_fields=["status", "updated_at"])
    listings_changed(listing_ids=[listing.pk])


def _decline_others(others: Any, *, owner: User | None, reason: str) -> None:
    now = timezone.now()
    for other in others.select_for_update().select_related("requester"):
        with translation.override(other.requester.preferred_language):
            if reason == "dates":
                text = gettext("Sorry, these dates have just been given to another member.")
            else:
                text = gettext("Sorry, this listing has just been promised to another member.")
        other.state = S.DECLINED
        other.answered_at = now
        other.updated_at = now
        other.save(update_fields=["state", "answered_at", "updated_at"])
        BookingTransition.objects.create(
            booking=other, from_state=S.REQUESTED, to_state=S.DECLINED, action=A.DECLINE, actor=owner, note=text
        )
        if owner is not None:
            message_post(booking=other, sender=owner, body=text, notify=False)
        notifications.notify(
            recipient_id=other.requester_id, kind=NotificationKind.DECLINED, booking=other, payload={"note": text}
        )


def _notify(
    *, booking: Booking, rule: Rule, actor: User | None, note: str, recipients: list[int] | None = None
) -> None:
    if rule.notify is None:
        return
    if recipients is not None:
        pass
    elif rule.notify_both or actor is None:
        recipients = [booking.owner_id, booking.requester_id]
    else:
        recipients = [booking.other_party(actor.pk)]
    for recipient_id in recipients:
        notifications.notify(recipient_id=recipient_id, kind=rule.notify, booking=booking, payload={"note": note})
