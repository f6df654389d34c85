"""Reads for moderation: what a member may report, the moderators' queue, the dashboard, exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import member_get_public
from bookings.models import Booking, BookingTransition, Conversation, Message, Notification
from circles.models import Membership
from listings.models import Listing, ListingPhoto
from listings.models import Status as ListingStatus
from listings.selectors import listing_get_visible
from reviews.models import Review, ReviewFlag, ReviewNotice, ReviewReply, Vouch

from .models import ActionKind, DataExport, ExportStatus, ModerationAction, Report, ReportStatus, TargetKind

# --- What a member may report ----------------------------------------------------------------


def report_target_get(*, viewer: User, kind: str, pk: int) -> Listing | User | Review | Message:
    """The thing ``viewer`` wants to report, fetched as they may see it; 404 otherwise."""
    if kind == TargetKind.LISTING:
        return listing_get_visible(viewer=viewer, pk=pk)
    if kind == TargetKind.MEMBER:
        return member_get_public(pk=pk)
    if kind == TargetKind.REVIEW:
        review = Review.objects.published().select_related("subject").filter(pk=pk).first()
        if review is None:
            raise Http404("No such review.")
        return review
    if kind == TargetKind.MESSAGE:
        message = (
            Message.objects.filter(pk=pk)
            .filter(Q(conversation__owner_id=viewer.pk) | Q(conversation__member_id=viewer.pk))
            .select_related("conversation", "sender")
            .first()
        )
        if message is None:
            raise Http404("No such message.")
        return message
    raise Http404("Nothing to report here.")


def report_target_url(target: Listing | User | Review | Message) -> str:
    """Where the reporter goes back to after reporting."""
    if isinstance(target, Review):
        return target.subject.get_absolute_url()
    if isinstance(target, Message):
        return target.conversation.get_absolute_url()
    return target.get_absolute_url()


# --- The moderators' queue -------------------------------------------------------------------


@dataclass
class QueueGroup:
    """The open reports about one target, with what a moderator needs to decide."""

    kind: str
    target: Any
    concerned: User | None
    reports: list[Report] = field(default_factory=list)
    reporter_ids: set[int] = field(default_factory=set)
    history: list[ModerationAction] = field(default_factory=list)
    past_reports: int = 0

    @property
    def reporters(self) -> int:
        return len(self.reporter_ids)

    @property
    def report_ids(self) -> list[int]:
        return [r.pk for r in self.reports]

    @property
    def reasons(self) -> list[str]:
        return sorted({r.get_reason_display() for r in self.reports})

    @property
    def first_reported(self) -> datetime.datetime:
        return min(r.created_at for r in self.reports)

    @property
    def concerned_is_suspended(self) -> bool:
        return bool(self.concerned and self.concerned.suspension_in_force)


@dataclass
class Queue:
    groups: list[QueueGroup]
    flags: list[ReviewFlag]


HISTORY_LIMIT = 5


def moderation_queue(*, limit: int = 200) -> Queue:
    """Open reports grouped by target — most distinct reporters first, then the oldest — with
    each concerned member's recent moderation history, and the unresolved flagged reviews.
    A fixed number of queries whatever the number of reports."""
    reports = list(
        Report.objects.filter(status=ReportStatus.OPEN)
        .select_related(
            "reporter",
            "concerned",
            "listing",
            "member",
            "review",
            "review__author",
            "review__subject",
            "message",
            "message__sender",
        )
        .order_by("created_at")[: limit * 5]
    )
    groups: dict[str, QueueGroup] = {}
    for report in reports:
        key = report.target_key
        group = groups.get(key)
        if group is None:
            target = getattr(report, report.target_kind)
            group = groups[key] = QueueGroup(kind=report.target_kind, target=target, concerned=report.concerned)
        group.reports.append(report)
        group.reporter_ids.add(report.reporter_id)
    ordered = sorted(groups.values(), key=lambda g: (-g.reporters, g.first_reported))[:limit]

    concerned_ids = {g.concerned.pk for g in ordered if g.concerned}
    history: dict[int, list[ModerationAction]] = {}
    for action in (
        ModerationAction.objects.filter(member_id__in=concerned_ids)
        .select_related("moderator")
        .order_by("-created_at")[: 50 * max(1, len(concerned_ids))]
    ):
        rows = history.setdefault(action.member_id or 0, [])
        if len(rows) < HISTORY_LIMIT:
            rows.append(action)
    past = dict(
        Report.objects.filter(concerned_id__in=concerned_ids)
        .exclude(status=ReportStatus.OPEN)
        .values("concerned_id")
        .annotate(n=Count("id"))
        .values_list("concerned_id", "n")
    )
    for group in ordered:
        if group.concerned:
            group.history = history.get(group.concerned.pk, [])
            group.past_reports = past.get(group.concerned.pk, 0)

    flags = list(
        ReviewFlag.objects.filter(resolved_at__isnull=True)
        .select_related("review", "review__author", "review__subject", "booking", "booking__listing")
        .order_by("created_at")[:limit]
    )
    return Queue(groups=ordered, flags=flags)


# --- The admin index dashboard ---------------------------------------------------------------


@dataclass
class Dashboard:
    new_members_week: int
    members: int
    active_listings: int
    hidden_listings: int
    bookings_by_state: list[tuple[str, int]]
    open_reports: int
    open_flags: int
    suspended_members: int


def admin_dashboard() -> Dashboard:
    """The counts on the admin index: a handful of aggregate queries."""
    from bookings.models import BookingState

    week_ago = timezone.now() - datetime.timedelta(days=7)
    members = User.objects.aggregate(
        total=Count("pk", filter=Q(is_active=True)),
        new=Count("pk", filter=Q(is_active=True, date_joined__gte=week_ago)),
        suspended=Count("pk", filter=Q(is_suspended=True)),
    )
    listings = Listing.objects.aggregate(
        active=Count("pk", filter=Q(status=ListingStatus.ACTIVE)),
        hidden=Count("pk", filter=Q(status=ListingStatus.REMOVED)),
    )
    by_state = dict(Booking.objects.values("state").annotate(n=Count("id")).values_list("state", "n"))
    return Dashboard(
        new_members_week=members["new"],
        members=members["total"],
        active_listings=listings["active"],
        hidden_listings=listings["hidden"],
        bookings_by_state=[(str(label), by_state.get(value, 0)) for value, label in BookingState.choices],
        open_reports=Report.objects.filter(status=ReportStatus.OPEN).count(),
        open_flags=ReviewFlag.objects.filter(resolved_at__isnull=True).count(),
        suspended_members=members["suspended"],
    )


# --- Data exports ----------------------------------------------------------------------------


def data_export_latest(*, user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at").first()


def data_export_get_for_download(*, user: User, token: str) -> DataExport:
    """The member's own ready, unexpired export; 404 for anyone else or once expired."""
    export = (
        DataExport.objects.filter(
            user_id=user.pk, token=token, status=ExportStatus.READY, expires_at__gt=timezone.now()
        )
        .exclude(file_name="")
        .first()
    )
    if export is None:
        raise Http404("No such export.")
    return export


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _url(name: str) -> str:
    from django.conf import settings
    from django.core.files.storage import default_storage

    return f"{settings.SITE_URL.rstrip('/')}{default_storage.url(name)}" if name else ""


def member_data(*, user: User) -> dict[str, Any]:
    """Everything stored about ``user``, for their "download my data" file.

    Other members appear by their public name only; reviews received are the published ones;
    conversations are theirs only.
    """
    from allauth.account.models import EmailAddress

    def name(member: User | None) -> str:
        return member.public_name if member is not None and member.is_active else "former member"

    profile = {
        "id": user.pk,
        "email": user.email,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "city": user.city,
        "postcode": user.postcode,
        "bio": user.bio,
        "languages": user.languages,
        "avatar": _url(user.avatar.name),
        "member_since": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "preferences": {
            "language": user.preferred_language,
            "email_on_bookings": user.email_on_bookings,
            "email_on_messages": user.email_on_messages,
            "email_on_reviews": user.email_on_reviews,
            "email_on_circles": user.email_on_circles,
        },
    }
    circles = [
        {"circle": m.circle.name, "role": m.role, "status": m.status, "joined_at": _when(m.joined_at)}
        for m in Membership.objects.filter(user=user).select_related("circle").order_by("created_at")
    ]
    photos: dict[int, list[str]] = {}
    for photo in ListingPhoto.objects.filter(listing__owner=user).order_by("listing_id", "position"):
        photos.setdefault(photo.listing_id, []).append(_url(photo.image.name))
    listings = [
        {
            "id": listing.pk,
            "title": listing.title,
            "description": listing.description,
            "kind": listing.kind,
            "intent": listing.intent,
            "category": listing.category.name_fr if listing.category else None,
            "price": str(listing.price) if listing.price is not None else None,
            "price_unit": listing.price_unit,
            "deposit": str(listing.deposit) if listing.deposit is not None else None,
            "city": listing.city,
            "postcode": listing.postcode,
            "visibility": listing.visibility,
            "circles": [c.name for c in listing.circles.all()],
            "status": listing.status,
            "created_at": _when(listing.created_at),
            "published_at": _when(listing.published_at),
            "photos": photos.get(listing.pk, []),
        }
        for listing in Listing.objects.filter(owner=user)
        .select_related("category")
        .prefetch_related("circles")
        .defer("search_vector")
        .order_by("created_at")
    ]
    bookings_qs = (
        Booking.objects.filter(Q(owner=user) | Q(requester=user))
        .select_related("listing", "owner", "requester")
        .order_by("created_at")
    )
    transitions: dict[int, list[dict[str, Any]]] = {}
    for t in BookingTransition.objects.filter(booking__in=bookings_qs).select_related("actor").order_by("created_at"):
        transitions.setdefault(t.booking_id, []).append(
            {
                "from": t.from_state,
                "to": t.to_state,
                "action": t.action,
                "by": "me" if t.actor_id == user.pk else (name(t.actor) if t.actor_id else "Cercle"),
                "at": _when(t.created_at),
                "note": t.note,
            }
        )
    bookings = [
        {
            "id": b.pk,
            "role": "owner" if b.owner_id == user.pk else "requester",
            "listing": b.listing.title,
            "other_member": name(b.requester if b.owner_id == user.pk else b.owner),
            "kind": b.kind,
            "state": b.state,
            "message": b.message,
            "start_date": _when(b.start_date),
            "end_date": _when(b.end_date),
            "service_start": _when(b.service_start),
            "duration_minutes": b.duration_minutes,
            "price": str(b.price) if b.price is not None else None,
            "deposit": str(b.deposit) if b.deposit is not None else None,
            "handover_condition": b.handover_condition,
            "return_condition": b.return_condition,
            "offer_text": b.offer_text,
            "created_at": _when(b.created_at),
            "completed_at": _when(b.completed_at),
            "timeline": transitions.get(b.pk, []),
        }
        for b in bookings_qs
    ]
    conversations_qs = (
        Conversation.objects.filter(Q(owner=user) | Q(member=user))
        .select_related("listing", "owner", "member")
        .order_by("created_at")
    )
    messages: dict[int, list[dict[str, Any]]] = {}
    for m in Message.objects.filter(conversation__in=conversations_qs).select_related("sender").order_by("created_at"):
        messages.setdefault(m.conversation_id, []).append(
            {
                "direction": "sent" if m.sender_id == user.pk else "received",
                "from": "me" if m.sender_id == user.pk else name(m.sender),
                "body": m.body,
                "at": _when(m.created_at),
            }
        )
    conversations = [
        {
            "listing": c.listing.title,
            "with": name(c.member if c.owner_id == user.pk else c.owner),
            "booking_id": c.booking_id,
            "messages": messages.get(c.pk, []),
        }
        for c in conversations_qs
    ]
    written = [
        {
            "booking_id": r.booking_id,
            "about": name(r.subject),
            "rating": r.rating,
            "comment": r.comment,
            "private_note": r.private_note,
            "written_at": _when(r.created_at),
            "published_at": _when(r.published_at),
            "removed_by_moderation": r.removed_at is not None,
        }
        for r in Review.objects.filter(author=user).select_related("subject").order_by("created_at")
    ]
    replies = {
        reply.review_id: reply.text
        for reply in ReviewReply.objects.filter(review__subject=user, review__in=Review.objects.published())
    }
    received = [
        {
            "booking_id": r.booking_id,
            "by": name(r.author),
            "rating": r.rating,
            "comment": r.comment,
            "published_at": _when(r.published_at),
            "my_reply": replies.get(r.pk),
        }
        for r in Review.objects.published().filter(subject=user).select_related("author").order_by("published_at")
    ]
    vouches_given = [
        {"for": name(v.vouchee), "text": v.text, "at": _when(v.created_at), "withdrawn_at": _when(v.withdrawn_at)}
        for v in Vouch.objects.filter(voucher=user).select_related("vouchee")
    ]
    vouches_received = [
        {"from": name(v.voucher), "text": v.text, "at": _when(v.created_at)}
        for v in Vouch.objects.active().filter(vouchee=user).select_related("voucher")
    ]
    reports = [
        {
            "about": r.target_kind,
            "reason": r.reason,
            "details": r.details,
            "status": r.status,
            "at": _when(r.created_at),
        }
        for r in Report.objects.filter(reporter=user).order_by("created_at")
    ]
    notifications = [
        {"kind": n.kind, "at": _when(n.created_at), "outcome": n.outcome, "booking_id": n.booking_id}
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ] + [
        {"kind": f"review_{n.kind}", "at": _when(n.created_at), "booking_id": n.booking_id}
        for n in ReviewNotice.objects.filter(user=user).order_by("created_at")
    ]
    favourites = list(user.favourites.values_list("listing__title", flat=True))
    blocks = [name(b.blocked) for b in user.blocks_made.select_related("blocked")]
    sanctions = [
        {"action": a.kind, "reason": a.reason, "at": _when(a.created_at)}
        for a in ModerationAction.objects.filter(
            member=user, kind__in=[ActionKind.SUSPEND, ActionKind.HIDE_LISTING, ActionKind.REMOVE_REVIEW]
        )
    ]
    return {
        "generated_at": _when(timezone.now()),
        "profile": profile,
        "circles": circles,
        "listings": listings,
        "favourites": favourites,
        "bookings": bookings,
        "conversations": conversations,
        "reviews_written": written,
        "reviews_received": received,
        "vouches_given": vouches_given,
        "vouches_received": vouches_received,
        "reports_made": reports,
        "members_blocked": blocks,
        "moderation_decisions_about_me": sanctions,
        "notifications": notifications,
    }
