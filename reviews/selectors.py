"""Reads about reviews, vouches and trust. Hidden reviews never leave this module except to their author.

Every function works for many members at once with a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import email_verified, is_blocked_between, two_factor_enabled
from bookings.models import Booking, BookingState, BookingTransition
from circles.models import Circle
from circles.selectors import shared_circles_by_member
from listings.models import Listing

from . import trust
from .models import REVIEW_WINDOW, Review, TrustLevel, TrustSummary, Vouch


# --- Bookings as seen by reviews -------------------------------------------------------------
def booking_member_ids(booking: Booking) -> tuple[int, int]:
    """(owner id, requester id) of a booking."""
    return booking.owner_id, booking.requester_id


def review_deadline(booking: Booking) -> datetime | None:
    if booking.completed_at is None:
        return None
    return booking.completed_at + REVIEW_WINDOW


def _bookings_of(user: User) -> QuerySet[Booking]:
    return Booking.objects.filter(Q(requester_id=user.pk) | Q(owner_id=user.pk))


@dataclass
class ReviewToWrite:
    booking: Booking
    subject: User
    deadline: datetime


def reviews_to_write(*, user: User, now: datetime | None = None) -> list[ReviewToWrite]:
    """Completed bookings of ``user`` still open for their review, soonest deadline first."""
    now = now or timezone.now()
    bookings = (
        _bookings_of(user)
        .filter(state=BookingState.COMPLETED, completed_at__gt=now - REVIEW_WINDOW, completed_at__lte=now)
        .exclude(reviews__author_id=user.pk)
        .select_related("listing", "owner", "requester")
        # The lists show the listing's title: not its description nor its search vector.
        .defer("listing__description", "listing__search_vector")
        .order_by("completed_at")
    )
    result = []
    for booking in bookings:
        assert booking.completed_at is not None
        subject = booking.requester if booking.owner_id == user.pk else booking.owner
        result.append(ReviewToWrite(booking=booking, subject=subject, deadline=booking.completed_at + REVIEW_WINDOW))
    return result


def reviews_awaiting_other(*, user: User) -> QuerySet[Review]:
    """Reviews ``user`` wrote that are still hidden: only their author sees them."""
    return (
        Review.objects.hidden()
        .filter(author_id=user.pk)
        .select_related("booking", "booking__listing", "subject")
        .order_by("created_at")
    )


def booking_for_review(*, user: User, booking_id: int) -> Booking:
    """A booking ``user`` took part in, else 404 (its existence is private)."""
    try:
        return _bookings_of(user).select_related("listing", "owner", "requester").get(pk=booking_id)
    except Booking.DoesNotExist:
        raise Http404 from None


def review_written_by(*, user: User, booking: Booking) -> Review | None:
    return Review.objects.filter(booking=booking, author_id=user.pk).first()


def review_prompt(*, user: User, booking: Booking, now: datetime | None = None) -> dict[str, Any]:
    """What a booking page says about reviews to one of its members (one query at most)."""
    deadline = review_deadline(booking)
    now = now or timezone.now()
    if booking.state != BookingState.COMPLETED or deadline is None:
        return {}
    mine = review_written_by(user=user, booking=booking)
    return {"booking": booking, "deadline": deadline, "mine": mine, "window_open": now < deadline}


def review_for_reply(*, user: User, review_id: int) -> Review:
    """A published review about ``user``, else 404 (with ``listing_shown``: they took part in the exchange)."""
    try:
        review = (
            Review.objects.published()
            .select_related("author", "subject", "booking__listing")
            .get(pk=review_id, subject_id=user.pk)
        )
    except Review.DoesNotExist:
        raise Http404 from None
    review.listing_shown = review.booking.listing  # type: ignore[attr-defined]
    return review


def reviews_published_about(*, viewer: User | AnonymousUser, member: User, limit: int | None = None) -> list[Review]:
    """Published reviews of ``member``, newest first, with their author and reply, in one query.

    Each has ``listing_shown``: the listing the exchange was about, or None when ``viewer`` may
    not see it (``Listing.objects.visible_to``: a review never tells a circle-only title to an
    outsider).
    """
    visible = Listing.objects.visible_to(viewer).filter(pk=OuterRef("booking__listing_id"))
    reviews = (
        Review.objects.published()
        .filter(subject_id=member.pk)
        .select_related("author", "reply", "booking__listing")
        .annotate(listing_visible=Exists(visible))
        .order_by("-published_at", "-pk")
    )
    found = list(reviews[:limit] if limit else reviews)
    for review in found:
        review.listing_shown = review.booking.listing if review.listing_visible else None  # type: ignore[attr-defined]
    return found


# --- Trust cards ---------------------------------------------------------------------------
@dataclass
class TrustCard:
    """What any page shows about a member's trustworthiness. Viewer-independent."""

    user_id: int
    member_since: datetime
    email_verified: bool
    has_2fa: bool
    summary: TrustSummary

    @property
    def level(self) -> str:
        return self.summary.level

    @property
    def level_label(self) -> str:
        return str(TrustLevel(self.summary.level).label)

    @property
    def is_trusted(self) -> bool:
        return self.summary.level == TrustLevel.TRUSTED


def _empty_summary(user_id: int) -> TrustSummary:
    return TrustSummary(
        user_id=user_id,
        bayesian_rating=trust.bayesian_rating(rating_sum=0, rating_count=0),
        level=TrustLevel.NEWCOMER,
    )


def trust_cards_for(*, user_ids: Iterable[int | None]) -> dict[int, TrustCard]:
    """Trust cards for any number of members (verified email and 2FA read live).

    One query from the summaries, which every member has once the nightly refresh ran; members
    who have none yet (signed up today) take a second query, with a newcomer's empty summary.
    """
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    summaries = (
        TrustSummary.objects.filter(user_id__in=ids)
        .order_by()
        .annotate(
            member_since=F("user__date_joined"),
            email_verified=email_verified("user_id"),
            has_2fa=two_factor_enabled("user_id"),
        )
    )
    cards = {
        summary.user_id: TrustCard(
            user_id=summary.user_id,
            member_since=summary.member_since,
            email_verified=summary.email_verified,
            has_2fa=summary.has_2fa,
            summary=summary,
        )
        for summary in summaries
    }
    if len(cards) < len(ids):
        newcomers = (
            User.objects.filter(pk__in=ids - cards.keys())
            .order_by()
            .annotate(email_verified=email_verified(), has_2fa=two_factor_enabled())
            .only("pk", "date_joined")
        )
        for user in newcomers:
            cards[user.pk] = TrustCard(
                user_id=user.pk,
                member_since=user.date_joined,
                email_verified=user.email_verified,
                has_2fa=user.has_2fa,
                summary=_empty_summary(user.pk),
            )
    return cards


@dataclass(frozen=True)
class TrustBadge:
    """The one line lists show about a member: level and rating (no live identity checks)."""

    level: str = TrustLevel.NEWCOMER
    rating_count: int = 0
    rating_average: Decimal | None = None

    @property
    def level_label(self) -> str:
        return str(TrustLevel(self.level).label)


def trust_badges_for(*, user_ids: Iterable[int | None]) -> dict[int, TrustBadge]:
    """Trust badges for any number of members in one query: a list page's card per row.

    Read from the summaries alone (a member without one yet is a newcomer): three columns, no
    join, which is what a grid of 24 cards can afford.
    """
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    badges = dict.fromkeys(ids, TrustBadge())
    rows = (
        TrustSummary.objects.filter(user_id__in=ids)
        .order_by()
        .values_list("user_id", "level", "rating_count", "rating_average")
    )
    for user_id, level, rating_count, rating_average in rows:
        badges[user_id] = TrustBadge(level=level, rating_count=rating_count, rating_average=rating_average)
    return badges


def trust_badges_read_with(*, listings: Iterable[Any]) -> dict[int, TrustBadge]:
    """Trust badges of the owners of ``listings``, from the columns their own query read
    (``owner_trust_level``, ``owner_rating_count``, ``owner_rating_average``: see
    ``listings.selectors.search_listings``): no query. An owner without a summary yet is a newcomer.
    """
    badges: dict[int, TrustBadge] = {}
    for listing in listings:
        if listing.owner_id in badges:
            continue
        level = listing.owner_trust_level
        badges[listing.owner_id] = (
            TrustBadge(
                level=level, rating_count=listing.owner_rating_count, rating_average=listing.owner_rating_average
            )
            if level is not None
            else TrustBadge()
        )
    return badges


def trust_card_for(*, user_id: int) -> TrustCard | None:
    return trust_cards_for(user_ids=[user_id]).get(user_id)


def owner_trust_card(*, listing: Any) -> TrustCard:
    """The card of a listing's owner, from what ``listings.selectors.listing_page`` read with the
    listing (the owner's summary and identity checks): no query of its own."""
    owner = listing.owner
    try:
        summary = owner.trust_summary
    except TrustSummary.DoesNotExist:  # signed up since the nightly refresh
        summary = _empty_summary(owner.pk)
    return TrustCard(
        user_id=owner.pk,
        member_since=owner.date_joined,
        email_verified=listing.owner_email_verified,
        has_2fa=listing.owner_has_2fa,
        summary=summary,
    )


def _values_at(obj: Any, parts: list[str]) -> Iterable[Any]:
    """The values at a dotted path; a ``*`` part iterates (``"cards.*.booking.owner_id"``)."""
    if obj is None:
        return
    if not parts:
        yield obj
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        for item in obj:
            yield from _values_at(item, rest)
    else:
        yield from _values_at(getattr(obj, head, None), rest)


def member_ids_at(*, objects: Iterable[Any], paths: Iterable[str]) -> set[int]:
    """The ids of the members found at ``paths`` (e.g. "owner_id", "booking.requester_id",
    "groups.*.cards.*.booking.owner_id") of each object.

    Relations along a path must already be loaded by the page's own selector (ids ending in
    ``_id`` never query).
    """
    split = [path.split(".") for path in paths]
    ids: set[int] = set()
    for obj in objects:
        for parts in split:
            for value in _values_at(obj, parts):
                pk = value if isinstance(value, int) else getattr(value, "pk", None)
                if isinstance(pk, int):
                    ids.add(pk)
    return ids


def trust_badges_for_objects(*, objects: Iterable[Any], paths: Iterable[str]) -> dict[int, TrustBadge]:
    """Trust badges of the members found at ``paths`` of each object: one query for the whole page."""
    return trust_badges_for(user_ids=member_ids_at(objects=objects, paths=paths))


# --- The full profile summary ---------------------------------------------------------------
@dataclass
class TrustProfile:
    card: TrustCard | None
    vouches: list[Vouch]
    known_voucher_ids: set[int]
    shared_circles: list[Circle]
    viewer_vouch: Vouch | None
    can_vouch: bool
    reviews: list[Review] = field(default_factory=list)


def vouches_received(*, viewer: User | AnonymousUser, member: User) -> tuple[list[Vouch], set[int]]:
    """Active vouches for ``member``: the viewer's own first, then vouchers the viewer shares a circle
    with, then the others, newest first. Two queries."""
    vouches = list(Vouch.objects.active().filter(vouchee_id=member.pk).select_related("voucher"))
    known = set(shared_circles_by_member(viewer=viewer, member_ids=[v.voucher_id for v in vouches]))
    if viewer.is_authenticated:
        known.add(viewer.pk)
    vouches.sort(key=lambda v: (v.voucher_id != viewer.pk, v.voucher_id not in known, -v.created_at.timestamp()))
    return vouches, known


def have_completed_booking_together(*, a_id: int, b_id: int) -> bool:
    return Booking.objects.filter(
        Q(owner_id=a_id, requester_id=b_id) | Q(owner_id=b_id, requester_id=a_id),
        state=BookingState.COMPLETED,
    ).exists()


def vouch_allowed(*, voucher: User, vouchee: User) -> bool:
    """A member may vouch for someone they share a circle with or completed an exchange with."""
    if not voucher.is_authenticated or voucher.pk == vouchee.pk or not vouchee.is_active:
        return False
    if is_blocked_between(a_id=voucher.pk, b_id=vouchee.pk):
        return False
    if shared_circles_by_member(viewer=voucher, member_ids=[vouchee.pk]):
        return True
    return have_completed_booking_together(a_id=voucher.pk, b_id=vouchee.pk)


def trust_profile(
    *,
    viewer: User | AnonymousUser,
    member: User,
    with_reviews: bool = True,
    shared: list[Circle] | None = None,
) -> TrustProfile:
    """Everything the profile page shows about trust, in a constant number of queries (≤ 6):
    the card, the vouches (and which vouchers the viewer shares a circle with), the circles
    shared with the viewer unless given, whether they exchanged, and the published reviews."""
    card = trust_card_for(user_id=member.pk)
    vouches, known = vouches_received(viewer=viewer, member=member)
    if shared is None:
        shared = shared_circles_by_member(viewer=viewer, member_ids=[member.pk]).get(member.pk, [])
    viewer_vouch = None
    can_vouch = False
    if viewer.is_authenticated and viewer.pk != member.pk:
        viewer_vouch = next((v for v in vouches if v.voucher_id == viewer.pk), None)
        if viewer_vouch is None:
            # Blocks are checked when the vouch is given (vouch_allowed); the page spares that query.
            can_vouch = bool(shared) or have_completed_booking_together(a_id=viewer.pk, b_id=member.pk)
    return TrustProfile(
        card=card,
        vouches=vouches,
        known_voucher_ids=known,
        shared_circles=shared,
        viewer_vouch=viewer_vouch,
        can_vouch=can_vouch,
        reviews=reviews_published_about(viewer=viewer, member=member) if with_reviews else [],
    )


# --- Search: sort by the owner's trust, "trusted members only" --------------------------------
def listings_order_by_owner_trust(queryset: QuerySet[Any], owner_path: str = "owner") -> QuerySet[Any]:
    """Order a listings queryset by its owner's Bayesian rating (members never summarised last)."""
    field_name = f"{owner_path}__trust_summary__bayesian_rating"
    return queryset.order_by(F(field_name).desc(nulls_last=True), "-pk")


def listings_from_trusted_owners(queryset: QuerySet[Any], owner_path: str = "owner") -> QuerySet[Any]:
    return queryset.filter(**{f"{owner_path}__trust_summary__level": TrustLevel.TRUSTED})


# --- The figures behind a trust summary (used by services.trust_summaries_refresh) -------------
@dataclass
class TrustFigures:
    exchanges_as_owner: int = 0
    exchanges_as_requester: int = 0
    rating_sum: int = 0
    rating_count: int = 0
    requests_received: int = 0
    requests_answered: int = 0
    response_seconds: list[float] = field(default_factory=list)
    cancellations: int = 0
    vouch_count: int = 0

    @property
    def exchanges(self) -> int:
        return self.exchanges_as_owner + self.exchanges_as_requester

    @property
    def bayesian(self) -> Decimal:
        return trust.bayesian_rating(rating_sum=self.rating_sum, rating_count=self.rating_count)


CANCELLABLE_AFTER_ACCEPT = [BookingState.ACCEPTED, BookingState.ONGOING]


def trust_figures(*, user_ids: Iterable[int], now: datetime | None = None) -> dict[int, TrustFigures]:
    """The raw figures for many members: 6 queries, whatever their number.

    * completed exchanges, as owner and as requester (all time);
    * published, not removed reviews received: sum and count;
    * booking requests received in the last 12 months that needed an answer — answered
      (accepted or declined by the owner) or expired unanswered; a request the requester
      withdrew before any answer does not count — and the time to the first answer;
    * accepted (or ongoing) bookings the member cancelled in the last 12 months;
    * active vouches received.
    """
    now = now or timezone.now()
    ids = set(user_ids)
    figures: dict[int, TrustFigures] = defaultdict(TrustFigures)
    since = now - trust.FIGURES_PERIOD
    completed = Booking.objects.filter(state=BookingState.COMPLETED)
    for row in completed.filter(owner_id__in=ids).values("owner_id").annotate(n=Count("pk")):
        figures[row["owner_id"]].exchanges_as_owner = row["n"]
    for row in completed.filter(requester_id__in=ids).values("requester_id").annotate(n=Count("pk")):
        figures[row["requester_id"]].exchanges_as_requester = row["n"]
    ratings = (
        Review.objects.published()
        .filter(subject_id__in=ids)
        .values("subject_id")
        .annotate(total=Sum("rating"), n=Count("pk"))
    )
    for row in ratings:
        figures[row["subject_id"]].rating_sum = row["total"]
        figures[row["subject_id"]].rating_count = row["n"]
    requests = (
        Booking.objects.filter(owner_id__in=ids, created_at__gte=since)
        .filter(Q(answered_at__isnull=False) | Q(state=BookingState.EXPIRED))
        .values_list("owner_id", "created_at", "answered_at")
    )
    for owner_id, created_at, answered_at in requests:
        owner_figures = figures[owner_id]
        owner_figures.requests_received += 1
        if answered_at is not None:
            owner_figures.requests_answered += 1
            owner_figures.response_seconds.append(max(0.0, (answered_at - created_at).total_seconds()))
    cancellations = (
        BookingTransition.objects.filter(
            actor_id__in=ids,
            to_state=BookingState.CANCELLED,
            from_state__in=CANCELLABLE_AFTER_ACCEPT,
            created_at__gte=since,
        )
        .values("actor_id")
        .annotate(n=Count("pk"))
    )
    for row in cancellations:
        figures[row["actor_id"]].cancellations = row["n"]
    for row in Vouch.objects.active().filter(vouchee_id__in=ids).values("vouchee_id").annotate(n=Count("pk")):
        figures[row["vouchee_id"]].vouch_count = row["n"]
    return {pk: figures[pk] for pk in ids}


def member_get_public(*, pk: int) -> User:
    """An active member whose public profile anyone may see, else 404."""
    try:
        return User.objects.get(pk=pk, is_active=True)
    except User.DoesNotExist:
        raise Http404 from None


def reviews_for_export(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """For "download my data": reviews the member wrote (hidden ones included: their own words)
    and published reviews about them with the replies (a hidden review about them stays hidden)."""
    written = Review.objects.filter(author_id=user.pk).select_related("booking").order_by("created_at")
    received = Review.objects.published().filter(subject_id=user.pk).select_related("reply").order_by("published_at")
    return {
        "written": [
            {
                "booking": r.booking_id,
                "rating": r.rating,
                "comment": r.comment,
                "private_note": r.private_note,
                "written_at": r.created_at.isoformat(),
                "published_at": r.published_at.isoformat() if r.published_at else None,
            }
            for r in written
        ],
        "received": [
            {
                "booking": r.booking_id,
                "rating": r.rating,
                "comment": r.comment,
                "published_at": r.published_at.isoformat() if r.published_at else None,
                "my_reply": r.reply.text if hasattr(r, "reply") else None,
            }
            for r in received
        ],
    }
