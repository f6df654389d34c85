"""Demo exchanges for seed_demo: every state of every kind, with timelines and conversations.

Idempotent: nothing is added once demo bookings exist. The bookings are written with their
history already behind them (backdated transitions), so the states are consistent with what
the state machine would have produced: reserved and closed listings, no overlapping loans.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from listings.models import Intent, Kind, Listing
from listings.models import Status as ListingStatus

from .models import (
    SINGLE_TAKER_KINDS,
    Booking,
    BookingState,
    BookingTransition,
    Conversation,
    Message,
)

DEMO_EMAILS = [
    "marie.dupont@example.fr",
    "karim.benali@example.fr",
    "sophie.martin@example.fr",
    "lucas.bernard@example.fr",
]

LOAN_STATES = ["requested", "accepted", "ongoing", "completed", "declined", "cancelled", "expired"]
DIRECT_STATES = ["requested", "accepted", "completed", "declined", "cancelled", "expired"]

# (action, who, note) per step: the story of a booking that ends in each state.
STORIES: dict[str, list[tuple[str, str, str]]] = {
    "requested": [],
    "accepted": [("accept", "owner", "Avec plaisir, on s'organise ?")],
    "ongoing": [
        ("accept", "owner", "C'est d'accord !"),
        ("handover", "owner", "Très bon état, deux batteries chargées, mallette complète."),
    ],
    "completed_loan": [
        ("accept", "owner", "Pas de souci."),
        ("handover", "owner", "Bon état, quelques rayures sur le côté."),
        ("return", "owner", "Rendu propre et complet, merci !"),
    ],
    "completed": [("accept", "owner", "D'accord, passez quand vous voulez."), ("complete", "requester", "")],
    "declined": [("decline", "owner", "Désolé, je l'ai promis à ma voisine ce week-end.")],
    "cancelled": [
        ("accept", "owner", ""),
        ("cancel", "requester", "Finalement mon frère m'a prêté le sien, désolé pour le dérangement."),
    ],
    "expired": [("expire", "system", "")],
}

CHATS = {
    Kind.LEND: [
        ("requester", "Bonjour ! Je voudrais l'emprunter pour monter des étagères. Ça vous irait ?"),
        ("owner", "Bonjour, oui bien sûr. Je suis là le soir après 18 h."),
        ("requester", "Parfait, je passe vers 18 h 30. Merci beaucoup !"),
    ],
    Kind.SELL: [
        ("requester", "Bonjour, est-il toujours disponible ? Je peux venir le chercher samedi."),
        ("owner", "Oui, toujours là. Samedi matin ça me va."),
    ],
    Kind.SWAP: [
        ("requester", "Bonjour, ça vous intéresserait un échange ? Tout est en très bon état."),
        ("owner", "Pourquoi pas ! Vous avez des photos ?"),
        ("requester", "Je vous les montre en vrai, on habite à deux rues."),
    ],
    Kind.GIVE: [
        ("requester", "Bonjour, je serais ravie de le récupérer pour ma fille. Merci pour le don !"),
        ("owner", "Avec plaisir, il est au pied de l'immeuble mercredi."),
    ],
    Kind.SERVICE: [
        ("requester", "Bonjour, seriez-vous disponible pour deux heures la semaine prochaine ?"),
        ("owner", "Oui, mardi ou jeudi en fin d'après-midi."),
    ],
}


def seed(stdout: TextIO) -> None:
    members = {user.email: user for user in User.objects.filter(email__in=DEMO_EMAILS)}
    if len(members) < 2:
        stdout.write("bookings: no demo members (run the accounts demo first)")
        return
    demo_members = [members[email] for email in DEMO_EMAILS if email in members]
    if Booking.objects.filter(requester__in=demo_members).exists():
        stdout.write(f"bookings: {Booking.objects.count()} (already seeded)")
        return
    marie = demo_members[0]
    used: set[int] = set()
    created = 0
    now = timezone.now()
    for kind in [Kind.LEND, Kind.SELL, Kind.SWAP, Kind.GIVE, Kind.SERVICE]:
        states = LOAN_STATES if kind == Kind.LEND else DIRECT_STATES
        for index, state in enumerate(states):
            # Marie, the demo login, sees both sides: she owns every other listing, and asks for the rest.
            marie_owns = index % 2 == 0
            listing = _pick_listing(
                kind=kind, owner=marie if marie_owns else None, exclude_owner=None if marie_owns else marie, used=used
            )
            if listing is None:
                continue
            used.add(listing.pk)
            owner = listing.owner
            requester = marie if not marie_owns else next(m for m in demo_members[1:] if m.pk != owner.pk)
            if requester.pk == owner.pk:
                continue
            _create(listing=listing, owner=owner, requester=requester, state=state, index=index, now=now)
            created += 1
    stdout.write(f"bookings: {created} demo exchanges")


def _pick_listing(*, kind: str, owner: User | None, exclude_owner: User | None, used: set[int]) -> Listing | None:
    candidates = Listing.objects.filter(kind=kind, intent=Intent.OFFER, status=ListingStatus.ACTIVE).exclude(
        pk__in=used
    )
    if owner is not None:
        listing = candidates.filter(owner=owner).order_by("pk").first()
        if listing is not None:
            return listing
        # Too few demo listings of this kind for Marie: any other member's will do.
    if exclude_owner is not None:
        candidates = candidates.exclude(owner=exclude_owner)
    return candidates.filter(owner__email__in=DEMO_EMAILS).order_by("pk").first() or candidates.order_by("pk").first()


def _create(*, listing: Listing, owner: User, requester: User, state: str, index: int, now: datetime.datetime) -> None:
    today = timezone.localdate(now)
    story = STORIES["completed_loan" if state == "completed" and listing.kind == Kind.LEND else state]
    days_ago = {"requested": 1, "accepted": 4, "ongoing": 8, "completed": 20, "declined": 6, "cancelled": 10}.get(
        state, 5
    )
    created_at = now - datetime.timedelta(days=days_ago, hours=index)
    booking = Booking(
        listing=listing,
        kind=listing.kind,
        owner=owner,
        requester=requester,
        state=state,
        created_at=created_at,
        updated_at=created_at,
        message=CHATS[Kind(listing.kind)][0][1],
    )
    if listing.kind == Kind.LEND:
        start_offset, length = {
            "requested": (5, 2),
            "accepted": (9, 3),
            "ongoing": (-3, 5),
            "completed": (-16, 3),
            "declined": (3, 1),
            "cancelled": (12, 2),
            "expired": (-2, 2),
        }[state]
        booking.start_date = today + datetime.timedelta(days=start_offset)
        booking.end_date = booking.start_date + datetime.timedelta(days=length - 1)
        booking.price = listing.price * length if listing.price is not None else None
        booking.deposit = listing.deposit
    elif listing.kind == Kind.SELL:
        booking.price = listing.price
    elif listing.kind == Kind.SWAP:
        offered = Listing.objects.filter(owner=requester, kind=Kind.SWAP, status=ListingStatus.ACTIVE).first()
        booking.offered_listing = offered
        booking.offer_text = "" if offered else "Une cafetière italienne en très bon état et deux romans policiers."
    elif listing.kind == Kind.SERVICE:
        start_day = today + datetime.timedelta(days=4 if state in ("requested", "accepted") else -6)
        booking.service_start = timezone.make_aware(datetime.datetime.combine(start_day, datetime.time(17, 30)))
        booking.duration_minutes = 120
        if listing.price is not None:
            booking.price = listing.price * 2 if listing.price_unit == "per_hour" else listing.price
    booking.save()

    step_time = created_at
    BookingTransition.objects.create(
        booking=booking, from_state="", to_state="requested", action="request", actor=requester, created_at=step_time
    )
    current = "requested"
    targets = {
        "accept": "accepted",
        "decline": "declined",
        "cancel": "cancelled",
        "handover": "ongoing",
        "return": "completed",
        "complete": "completed",
        "expire": "expired",
    }
    for action, who, note in story:
        step_time += datetime.timedelta(hours=20 if action != "return" else 24 * 3)
        actor = {"owner": owner, "requester": requester, "system": None}[who]
        BookingTransition.objects.create(
            booking=booking,
            from_state=current,
            to_state=targets[action],
            action=action,
            actor=actor,
            note=note,
            created_at=step_time,
        )
        current = targets[action]
        if action == "handover":
            booking.handover_condition = note
            booking.deposit_received = bool(booking.deposit)
        if action == "return":
            booking.return_condition = note
            booking.deposit_returned = bool(booking.deposit)
    booking.updated_at = step_time
    if state in ("accepted", "declined", "ongoing", "completed", "cancelled"):
        booking.answered_at = created_at + datetime.timedelta(hours=5)
    if state == BookingState.COMPLETED:
        booking.completed_at = step_time
    booking.save()

    conversation = Conversation.objects.create(
        listing=listing, owner=owner, member=requester, booking=booking, created_at=created_at
    )
    message_time = created_at
    for who, body in CHATS[Kind(listing.kind)]:
        message_time += datetime.timedelta(minutes=47)
        Message.objects.create(
            conversation=conversation,
            sender=owner if who == "owner" else requester,
            body=body,
            created_at=message_time,
        )
    last_sender_is_owner = CHATS[Kind(listing.kind)][-1][0] == "owner"
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=message_time,
        # The latest message of each open exchange is still unread, so the inbox has something to show.
        member_unread=F("member_unread") + (1 if last_sender_is_owner and state in ("requested", "accepted") else 0),
        owner_unread=F("owner_unread") + (0 if last_sender_is_owner or state != "requested" else 1),
    )

    if listing.kind in SINGLE_TAKER_KINDS and state in ("accepted", "completed"):
        listing.status = ListingStatus.RESERVED if state == "accepted" else ListingStatus.CLOSED
        listing.save(update_fields=["status", "updated_at"])
        if state == "completed" and booking.offered_listing is not None:
            booking.offered_listing.status = ListingStatus.CLOSED
            booking.offered_listing.save(update_fields=["status", "updated_at"])


__all__ = ["seed"]
