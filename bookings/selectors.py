"""Reads about bookings and conversations. A member only ever reaches their own: anyone else gets a 404."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, When
from django.http import Http404
from django.utils.translation import pgettext_lazy

from accounts.models import User
from circles.models import Circle
from circles.selectors import shared_circles_by_member
from listings.models import Listing
from listings.models import Status as ListingStatus
from marketplace.cache import get_or_compute

from .messaging import unread_count_key
from .models import (
    HOLDING_STATES,
    TERMINAL_STATES,
    Booking,
    BookingState,
    BookingTransition,
    Conversation,
    Message,
)
from .state_machine import BookingAction, action_choices

DASHBOARD_STATE_ORDER = [
    BookingState.REQUESTED,
    BookingState.ACCEPTED,
    BookingState.ONGOING,
    BookingState.COMPLETED,
    BookingState.DECLINED,
    BookingState.CANCELLED,
    BookingState.EXPIRED,
]
GROUP_LABELS = {
    BookingState.REQUESTED: pgettext_lazy("dashboard group", "Waiting for an answer"),
    BookingState.ACCEPTED: pgettext_lazy("dashboard group", "Accepted"),
    BookingState.ONGOING: pgettext_lazy("dashboard group", "Ongoing"),
    BookingState.COMPLETED: pgettext_lazy("dashboard group", "Completed"),
    BookingState.DECLINED: pgettext_lazy("dashboard group", "Declined"),
    BookingState.CANCELLED: pgettext_lazy("dashboard group", "Cancelled"),
    BookingState.EXPIRED: pgettext_lazy("dashboard group", "Expired"),
}
DASHBOARD_LIMIT = 200
CONVERSATION_MESSAGES_LIMIT = 200


def _member_bookings(user: User) -> QuerySet[Booking]:
    return Booking.objects.filter(Q(owner_id=user.pk) | Q(requester_id=user.pk))


def booking_get_for_member(*, user: User, pk: int) -> Booking:
    """A booking ``user`` is one of the two members of, with what its page shows; 404 otherwise."""
    booking = (
        _member_bookings(user)
        .select_related("listing", "owner", "requester", "offered_listing", "conversation")
        .prefetch_related(
            Prefetch("transitions", queryset=BookingTransition.objects.select_related("actor").order_by("created_at"))
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404("No such booking.")
    return booking


@dataclass
class BookingCard:
    booking: Booking
    actions: list[tuple[BookingAction, Any]]
    shared_circles: list[Circle] = field(default_factory=list)
    member: User | None = None  # the other member of the booking


@dataclass
class StateGroup:
    state: str
    label: str
    cards: list[BookingCard]

    @property
    def is_history(self) -> bool:
        """Finished exchanges are folded away; what still needs something stays open."""
        return self.state in TERMINAL_STATES


@dataclass
class Dashboard:
    incoming: list[StateGroup]
    outgoing: list[StateGroup]
    incoming_count: int
    outgoing_count: int
    waiting_count: int


def dashboard_for_member(*, user: User) -> Dashboard:
    """Incoming and outgoing bookings grouped by state, each with its next actions. Three queries."""
    bookings = list(
        _member_bookings(user)
        .select_related("listing", "owner", "requester")
        # The cards show the listing's title only: not its description nor its search vector.
        .defer("listing__description", "listing__search_vector")
        .order_by("-updated_at", "-pk")[:DASHBOARD_LIMIT]
    )
    requester_ids = {b.requester_id for b in bookings if b.owner_id == user.pk}
    owner_ids = {b.owner_id for b in bookings if b.requester_id == user.pk}
    shared = shared_circles_by_member(viewer=user, member_ids=requester_ids | owner_ids)
    incoming: dict[str, list[BookingCard]] = defaultdict(list)
    outgoing: dict[str, list[BookingCard]] = defaultdict(list)
    for booking in bookings:
        is_incoming = booking.owner_id == user.pk
        member = booking.requester if is_incoming else booking.owner
        card = BookingCard(
            booking,
            action_choices(booking, user),
            shared.get(member.pk, []),
            member=member,
        )
        (incoming if is_incoming else outgoing)[booking.state].append(card)

    def groups(by_state: dict[str, list[BookingCard]]) -> list[StateGroup]:
        return [StateGroup(s, str(GROUP_LABELS[s]), by_state[s]) for s in DASHBOARD_STATE_ORDER if by_state.get(s)]

    return Dashboard(
        incoming=groups(incoming),
        outgoing=groups(outgoing),
        incoming_count=sum(len(c) for c in incoming.values()),
        outgoing_count=sum(len(c) for c in outgoing.values()),
        waiting_count=len(incoming.get(BookingState.REQUESTED, [])),
    )


WAITING_LIMIT = 3


def requests_waiting_for(*, user: User, limit: int = WAITING_LIMIT) -> list[Booking]:
    """The requests on ``user``'s listings that wait for their answer, oldest first (the home
    page's "to do"): ``limit`` of them, and one more to tell that there are others. One query."""
    return list(
        Booking.objects.filter(owner_id=user.pk, state=BookingState.REQUESTED)
        .select_related("listing", "requester")
        .only("pk", "created_at", "listing__title", "requester__first_name", "requester__last_name")
        .order_by("created_at", "pk")[: limit + 1]
    )


def conversation_get_for_member(*, user: User, pk: int) -> Conversation:
    conversation = (
        Conversation.objects.filter(Q(owner_id=user.pk) | Q(member_id=user.pk))
        .select_related("listing", "owner", "member", "booking")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def conversation_messages(*, conversation: Conversation) -> list[Message]:
    """The latest messages, oldest first."""
    messages = list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .order_by("-created_at", "-pk")[:CONVERSATION_MESSAGES_LIMIT]
    )
    messages.reverse()
    return messages


def question_thread(*, user: User, listing: Listing) -> Conversation | None:
    if not user.is_authenticated:
        return None
    return Conversation.objects.filter(listing=listing, member_id=user.pk, booking__isnull=True).first()


@dataclass
class InboxRow:
    conversation: Conversation
    other: User
    unread: int
    last_body: str
    shared_circles: list[Circle]


def inbox_for_member(*, user: User, limit: int = 100) -> list[InboxRow]:
    """The member's conversations, latest first, with unread counts and the last message. Two queries."""
    last_body = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created_at", "-pk").values("body")[:1]
    conversations = list(
        Conversation.objects.filter(Q(owner_id=user.pk) | Q(member_id=user.pk))
        .filter(last_message_at__isnull=False)
        .select_related("listing", "owner", "member", "booking")
        .annotate(last_body=Subquery(last_body))
        .order_by("-last_message_at", "-pk")[:limit]
    )
    others = {c.other_party_id(user.pk) for c in conversations}
    shared = shared_circles_by_member(viewer=user, member_ids=others)
    rows = []
    for conversation in conversations:
        other = conversation.member if conversation.owner_id == user.pk else conversation.owner
        rows.append(
            InboxRow(
                conversation=conversation,
                other=other,
                unread=conversation.unread_for(user.pk),
                last_body=getattr(conversation, "last_body", "") or "",
                shared_circles=shared.get(other.pk, []),
            )
        )
    return rows


def unread_message_count(*, user: User) -> int:
    """Unread messages across the member's conversations (cached: every page a member sees shows
    it in the header; posting a message or reading a conversation deletes it)."""

    def compute() -> int:
        mine = Case(When(owner_id=user.pk, then=F("owner_unread")), default=F("member_unread"))
        found = Conversation.objects.filter(Q(owner_id=user.pk) | Q(member_id=user.pk)).aggregate(unread=Sum(mine))
        return int(found["unread"] or 0)

    return get_or_compute(unread_count_key(user.pk), compute)


def booked_ranges(
    *, listing_id: int, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The accepted or ongoing loan periods of a listing that touch [start, end]."""
    rows = (
        Booking.objects.filter(
            listing_id=listing_id,
            state__in=HOLDING_STATES,
            start_date__isnull=False,
            start_date__lte=end,
            end_date__gte=start,
        )
        .order_by("start_date")
        .values_list("start_date", "end_date")
    )
    return [(start, end) for start, end in rows if start is not None and end is not None]


def own_swappable_listings(*, user: User, exclude_pk: int) -> QuerySet[Listing]:
    """The member's published listings they could offer in a swap."""
    return (
        Listing.objects.filter(owner_id=user.pk, status=ListingStatus.ACTIVE)
        .exclude(pk=exclude_pk)
        .only("pk", "title", "kind")
        .order_by("title")
    )


# A member's request that still stands: waiting for an answer, or accepted and not yet over.
_OPEN_REQUEST_STATES = (*HOLDING_STATES, BookingState.REQUESTED)


@dataclass(frozen=True)
class PanelState:
    """What the listing page's booking panel shows of a member's own ties to the listing."""

    question_thread_id: int | None  # their question thread with the owner, if they asked one
    open_request: Booking | None  # their request still open or held


def panel_state_for(*, user: User, listing: Listing) -> PanelState:
    """``question_thread`` and ``open_request_for``, for the listing page's booking panel."""
    thread = question_thread(user=user, listing=listing)
    return PanelState(
        question_thread_id=thread.pk if thread else None, open_request=open_request_for(user=user, listing=listing)
    )


def open_request_for(*, user: User, listing: Listing) -> Booking | None:
    if not user.is_authenticated:
        return None
    return (
        Booking.objects.filter(listing=listing, requester_id=user.pk, state__in=_OPEN_REQUEST_STATES)
        .order_by("-created_at")
        .first()
    )
