"""Writes about reviews, vouches and trust summaries. Every rule the server enforces lives here."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.models import Booking, BookingState, BookingTransition
from bookings.todo import todo_key
from listings.services import listings_changed
from marketplace.cache import delete_after_commit

from . import trust
from .models import (
    REMINDER_DAYS,
    REVIEW_WINDOW,
    Review,
    ReviewFlag,
    ReviewNotice,
    ReviewNoticeKind,
    ReviewReply,
    TrustSummary,
    Vouch,
)
from .selectors import booking_member_ids, trust_figures, vouch_allowed

logger = logging.getLogger(__name__)

REMINDER_KINDS = {3: ReviewNoticeKind.REMINDER_3, 10: ReviewNoticeKind.REMINDER_10}
assert set(REMINDER_KINDS) == set(REMINDER_DAYS)


# --- Reviews -----------------------------------------------------------------------------------
def review_create(
    *,
    booking_id: int,
    author: User,
    rating: int,
    comment: str,
    private_note: str = "",
    now: datetime | None = None,
) -> Review:
    """Write ``author``'s review of the other member of a completed booking.

    Refused unless the booking is completed, ``author`` took part in it, the 14-day window is
    open and they have not reviewed it yet. If the other member has already written theirs,
    both are published at once and both members are told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The booking row is the lock both reviews of an exchange take: two members writing at
        # the same moment must not both see "the other has not written" and leave both hidden.
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        owner_id, requester_id = booking_member_ids(booking)
        if author.pk not in (owner_id, requester_id):
            raise ValidationError(_("Only the two members of an exchange review each other."))
        if booking.state != BookingState.COMPLETED or booking.completed_at is None:
            raise ValidationError(_("You can review an exchange once it is completed."))
        if now < booking.completed_at or now >= booking.completed_at + REVIEW_WINDOW:
            raise ValidationError(_("The 14 days to review this exchange are over."))
        others = list(Review.objects.filter(booking=booking))
        if any(review.author_id == author.pk for review in others):
            raise ValidationError(_("You have already reviewed this exchange."))
        subject_id = requester_id if author.pk == owner_id else owner_id
        review = Review(
            booking=booking,
            author=author,
            subject_id=subject_id,
            rating=rating,
            comment=comment.strip(),
            private_note=private_note.strip(),
            created_at=now,
        )
        review.full_clean()
        review.save()
        if review.rating == 1 or review.private_note:
            flag = ReviewFlag(
                review=review,
                booking=booking,
                low_rating=review.rating == 1,
                has_private_note=bool(review.private_note),
                created_at=now,
            )
            flag.full_clean()
            flag.save()
        if others:
            _publish(reviews=[review, *others], booking=booking, now=now)
        delete_after_commit([todo_key(author.pk)])
    return review


def _publish(*, reviews: list[Review], booking: Booking, now: datetime) -> None:
    """Publish the reviews of one booking together, tell both members, refresh their summaries."""
    ids = [review.pk for review in reviews]
    Review.objects.filter(pk__in=ids, published_at__isnull=True).update(published_at=now)
    for review in reviews:
        review.published_at = review.published_at or now
    member_ids = list(booking_member_ids(booking))
    _notify(
        booking_ids_and_users=[(booking.pk, member_id) for member_id in member_ids], kind=ReviewNoticeKind.PUBLISHED
    )
    trust_summaries_refresh(user_ids=member_ids, now=now)


def reviews_publish_closed_windows(*, now: datetime | None = None) -> int:
    """Publish the hidden reviews whose 14-day window has closed. Idempotent; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        hidden = list(
            Review.objects.hidden()
            .filter(booking__completed_at__lte=now - REVIEW_WINDOW)
            .select_for_update(of=("self",))
            .select_related("booking")
        )
        if not hidden:
            return 0
        Review.objects.filter(pk__in=[r.pk for r in hidden]).update(published_at=now)
        bookings = {review.booking_id: review.booking for review in hidden}
        pairs = [(pk, member_id) for pk, booking in bookings.items() for member_id in booking_member_ids(booking)]
        _notify(booking_ids_and_users=pairs, kind=ReviewNoticeKind.PUBLISHED)
        trust_summaries_refresh(user_ids={member_id for _, member_id in pairs}, now=now)
    return len(hidden)


def review_reply_create(*, review_id: int, author: User, text: str, now: datetime | None = None) -> ReviewReply:
    """The subject of a published review posts their one public reply."""
    text = text.strip()
    with transaction.atomic():
        try:
            review = Review.objects.published().select_for_update().get(pk=review_id)
        except Review.DoesNotExist:
            raise ValidationError(_("This review cannot be answered.")) from None
        if review.subject_id != author.pk:
            raise ValidationError(_("Only the member reviewed may reply."))
        if ReviewReply.objects.filter(review=review).exists():
            raise ValidationError(_("You have already replied to this review."))
        reply = ReviewReply(review=review, author=author, text=text, created_at=now or timezone.now())
        reply.full_clean()
        reply.save()
    return reply


def review_remove(*, review_id: int, now: datetime | None = None) -> None:
    """A moderator removes a review (moderation calls this): it stops counting and showing."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.removed_at is None:
            review.removed_at = now or timezone.now()
            review.save(update_fields=["removed_at"])
            trust_summaries_refresh(user_ids=[review.subject_id])


# --- Review emails (window opened, reminders, published) ------------------------------------
def _notify(*, booking_ids_and_users: Iterable[tuple[int, int]], kind: str) -> None:
    """Record the notices (at most one per booking, member and kind), deliver them after commit."""
    pairs = set(booking_ids_and_users)
    if not pairs:
        return
    ReviewNotice.objects.bulk_create(
        [ReviewNotice(booking_id=booking_id, user_id=user_id, kind=kind) for booking_id, user_id in pairs],
        ignore_conflicts=True,
    )
    pending = list(
        ReviewNotice.objects.filter(
            booking_id__in={b for b, _ in pairs}, kind=kind, sent_at__isnull=True, skipped=False
        ).values_list("pk", flat=True)
    )

    def enqueue() -> None:
        from .tasks import deliver_review_notice

        for notice_id in pending:
            try:
                deliver_review_notice.apply_async(args=[notice_id], retry=False, ignore_result=True)
            except Exception:  # noqa: BLE001 - the broker may be down: the periodic sweep delivers it later
                logger.warning("review notice %s not enqueued; the periodic task will deliver it", notice_id)

    transaction.on_commit(enqueue)


def review_windows_open(*, now: datetime | None = None) -> int:
    """Ask both members of each newly completed booking to review each other (once), and count
    the exchange in their trust summaries. Returns how many members were asked."""
    now = now or timezone.now()
    with transaction.atomic():
        bookings = list(
            Booking.objects.filter(
                state=BookingState.COMPLETED, completed_at__gt=now - REVIEW_WINDOW, completed_at__lte=now
            )
            .exclude(review_notices__kind=ReviewNoticeKind.WINDOW_OPENED)
            .only("pk", "owner_id", "requester_id")
        )
        pairs = [(b.pk, member_id) for b in bookings for member_id in booking_member_ids(b)]
        _notify(booking_ids_and_users=pairs, kind=ReviewNoticeKind.WINDOW_OPENED)
        trust_summaries_refresh(user_ids={member_id for _, member_id in pairs}, now=now)
    return len(pairs)


def review_reminders_send(*, now: datetime | None = None) -> int:
    """Remind whoever has not written, 3 and 10 days after completion (each reminder once)."""
    now = now or timezone.now()
    boundaries = [*sorted(REMINDER_DAYS), REVIEW_WINDOW.days]
    sent = 0
    with transaction.atomic():
        for days, next_days in itertools.pairwise(boundaries):
            kind = REMINDER_KINDS[days]
            bookings = (
                Booking.objects.filter(
                    state=BookingState.COMPLETED,
                    completed_at__lte=now - timedelta(days=days),
                    completed_at__gt=now - timedelta(days=next_days),
                )
                .only("pk", "owner_id", "requester_id")
                .prefetch_related("reviews", "review_notices")
            )
            pairs = []
            for booking in bookings:
                written = {review.author_id for review in booking.reviews.all()}
                reminded = {n.user_id for n in booking.review_notices.all() if n.kind == kind}
                pairs += [
                    (booking.pk, member_id)
                    for member_id in booking_member_ids(booking)
                    if member_id not in written and member_id not in reminded
                ]
            _notify(booking_ids_and_users=pairs, kind=kind)
            sent += len(pairs)
    return sent


def review_notice_deliver(*, notice_id: int) -> bool:
    """Send one review email, at most once. Returns whether an email went out."""
    from accounts.emails import send_member_email

    from .selectors import review_deadline

    with transaction.atomic():
        notice = (
            ReviewNotice.objects.select_for_update(of=("self",))
            .select_related("user", "booking__listing", "booking__owner", "booking__requester")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.sent_at is not None or notice.skipped:
            return False
        user = notice.user
        if not user.email_on_reviews or not user.is_active:
            notice.skipped = True
            notice.save(update_fields=["skipped"])
            return False
        booking = notice.booking
        other = booking.requester if booking.owner_id == user.pk else booking.owner
        context: dict[str, Any] = {
            "booking": booking,
            "listing": booking.listing,
            "other": other,
            "deadline": review_deadline(booking),
        }
        if notice.kind == ReviewNoticeKind.PUBLISHED:
            # Published by now: the review this member received, which they may answer.
            context["received"] = Review.objects.published().filter(booking=booking, subject=user).first()
            template = "reviews_published"
        elif notice.kind == ReviewNoticeKind.WINDOW_OPENED:
            template = "reviews_to_write"
        else:
            if Review.objects.filter(booking=booking, author=user).exists():
                notice.skipped = True
                notice.save(update_fields=["skipped"])
                return False
            template = "reviews_reminder"
        send_member_email(user=user, template=template, context=context)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


# --- Vouches -----------------------------------------------------------------------------------
def vouch_create(*, voucher: User, vouchee: User, text: str, now: datetime | None = None) -> Vouch:
    """``voucher`` says they know ``vouchee`` in real life. One active vouch per pair."""
    text = text.strip()
    with transaction.atomic():
        # Lock the voucher so a double-submit cannot slip two vouches past the check below
        # (the partial unique constraint would also refuse the second one).
        User.objects.select_for_update().filter(pk=voucher.pk).first()
        if voucher.pk == vouchee.pk:
            raise ValidationError(_("You cannot vouch for yourself."))
        if not vouch_allowed(voucher=voucher, vouchee=vouchee):
            raise ValidationError(
                _("You can vouch only for a member you share a circle with or have completed an exchange with.")
            )
        if Vouch.objects.active().filter(voucher=voucher, vouchee=vouchee).exists():
            raise ValidationError(_("You already vouch for this member."))
        vouch = Vouch(voucher=voucher, vouchee=vouchee, text=text, created_at=now or timezone.now())
        vouch.full_clean()
        vouch.save()
        trust_summaries_refresh(user_ids=[vouchee.pk])
    return vouch


def vouch_withdraw(*, voucher: User, vouchee: User, now: datetime | None = None) -> bool:
    """Withdraw ``voucher``'s active vouch for ``vouchee``, if any. Returns whether one was withdrawn."""
    with transaction.atomic():
        vouch = Vouch.objects.active().select_for_update().filter(voucher=voucher, vouchee=vouchee).first()
        if vouch is None:
            return False
        vouch.withdrawn_at = now or timezone.now()
        vouch.save(update_fields=["withdrawn_at"])
        trust_summaries_refresh(user_ids=[vouchee.pk])
    return True


# --- Account deletion: what reviews erases (moderation.services.account_delete calls each app) ---


def member_reviews_erase(*, user: User, identifiers: Sequence[str], mask: str) -> None:
    """What reviews erases when a member leaves.

    Erased: the vouches they gave and received (the members they vouched for are recounted), the
    public replies they wrote (shown only on their profile, which goes), the review emails they
    were owed, their trust summary, and their name or contact details in the reviews they wrote.
    Kept: the reviews they wrote, rating and comment, shown as by a former member (the trust of
    the members they reviewed rests on them), with their private notes to the moderators; the
    reviews written about them by others.
    """
    from accounts.services import mask_identity

    with transaction.atomic():
        vouchees = list(Vouch.objects.filter(voucher=user).values_list("vouchee_id", flat=True))
        Vouch.objects.filter(Q(voucher=user) | Q(vouchee=user)).delete()
        ReviewReply.objects.filter(author=user).delete()
        ReviewNotice.objects.filter(user=user).delete()
        TrustSummary.objects.filter(user=user).delete()
        for review in Review.objects.select_for_update().filter(author=user).only("pk", "comment"):
            comment = mask_identity(review.comment, identifiers=identifiers, mask=mask)
            if comment != review.comment:
                Review.objects.filter(pk=review.pk).update(comment=comment)
        if vouchees:
            trust_summaries_refresh(user_ids=vouchees)


# --- Trust summaries -----------------------------------------------------------------------------
SUMMARY_FIELDS = [
    "exchanges_as_owner",
    "exchanges_as_requester",
    "rating_count",
    "rating_average",
    "bayesian_rating",
    "requests_received",
    "requests_answered",
    "median_response_seconds",
    "cancellations",
    "vouch_count",
    "last_sanction_at",
    "level",
    "computed_at",
]


def trust_summaries_refresh(*, user_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute the trust summaries of many members at once: 7 queries plus one upsert."""
    now = now or timezone.now()
    suspended = dict(User.objects.filter(pk__in=set(user_ids)).values_list("pk", "is_suspended"))
    ids = set(suspended)
    if not ids:
        return 0
    figures = trust_figures(user_ids=ids, now=now)
    shown = [name for name in SUMMARY_FIELDS if name != "computed_at"]
    before = {row[0]: row[1:] for row in TrustSummary.objects.filter(user_id__in=ids).values_list("user_id", *shown)}
    sanctions = dict(TrustSummary.objects.filter(user_id__in=ids).values_list("user_id", "last_sanction_at"))
    for user_id, is_suspended in suspended.items():
        # A member suspended by moderation (accounts) counts as sanctioned now, whatever the history.
        if is_suspended:
            sanctions[user_id] = now
    rows = []
    for user_id in ids:
        f = figures[user_id]
        bayesian = f.bayesian
        rows.append(
            TrustSummary(
                user_id=user_id,
                exchanges_as_owner=f.exchanges_as_owner,
                exchanges_as_requester=f.exchanges_as_requester,
                rating_count=f.rating_count,
                rating_average=trust.average_rating(rating_sum=f.rating_sum, rating_count=f.rating_count),
                bayesian_rating=bayesian,
                requests_received=f.requests_received,
                requests_answered=f.requests_answered,
                median_response_seconds=trust.median_seconds(f.response_seconds),
                cancellations=f.cancellations,
                vouch_count=f.vouch_count,
                last_sanction_at=sanctions.get(user_id),
                level=trust.trust_level(
                    exchanges=f.exchanges,
                    bayesian=bayesian,
                    vouches=f.vouch_count,
                    last_sanction_at=sanctions.get(user_id),
                    now=now,
                ),
                computed_at=now,
            )
        )
    TrustSummary.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user"], update_fields=SUMMARY_FIELDS)
    # Listings show their owner's trust (cards, the listing page): those whose figures moved are drawn afresh.
    changed = [row.user_id for row in rows if before.get(row.user_id) != tuple(getattr(row, name) for name in shown)]
    if changed:
        listings_changed(owner_ids=changed)
    return len(rows)


def trust_summaries_refresh_recent(*, since: datetime, now: datetime | None = None) -> int:
    """Refresh the members whose bookings moved since ``since`` (bookings cannot call reviews:
    reviews sits above bookings, so it looks at the booking timeline instead)."""
    moved = BookingTransition.objects.filter(created_at__gte=since).values("booking_id")
    members = Booking.objects.filter(pk__in=moved).values_list("owner_id", "requester_id")
    ids = {pk for pair in members for pk in pair if pk is not None}
    return trust_summaries_refresh(user_ids=ids, now=now)


def trust_summaries_refresh_all(*, batch_size: int = 500, now: datetime | None = None) -> int:
    """Nightly: recompute every active member's summary, in batches."""
    total = 0
    last_pk = 0
    while True:
        ids = list(
            User.objects.filter(pk__gt=last_pk, is_active=True).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return total
        total += trust_summaries_refresh(user_ids=ids, now=now)
        last_pk = ids[-1]


def trust_record_sanction(*, user_id: int, at: datetime | None = None) -> None:
    """Moderation calls this when it sanctions a member: no "trusted" level for 12 months."""
    at = at or timezone.now()
    with transaction.atomic():
        trust_summaries_refresh(user_ids=[user_id])
        TrustSummary.objects.filter(user_id=user_id).filter(
            Q(last_sanction_at__isnull=True) | Q(last_sanction_at__lt=at)
        ).update(last_sanction_at=at)
        trust_summaries_refresh(user_ids=[user_id])
