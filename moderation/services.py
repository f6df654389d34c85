"""Every change moderation makes: reports, blocks, the moderators' decisions, data rights.

Moderation sits above every other app, so it orchestrates what crosses them: a block is an
``accounts`` row plus the ``bookings`` cancellations; a suspension is a flag on the member plus
cancellations plus a trust sanction. Each decision is recorded in ``ModerationAction`` in the
same transaction, and the emails go out after commit.
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts import ratelimits
from accounts.emails import send_member_email
from accounts.models import Block, User
from accounts.services import block_create, block_delete
from bookings.models import Message
from bookings.services import bookings_cancel_for_member
from listings.models import Listing
from listings.models import Status as ListingStatus
from listings.services import listings_changed
from reviews.models import Review, ReviewFlag

from .models import ActionKind, DataExport, ExportStatus, ModerationAction, Reason, Report, ReportStatus
from .storage import export_storage

logger = logging.getLogger(__name__)

#: A listing reported by this many different members is hidden until a moderator decides.
AUTO_HIDE_REPORTERS = 3
#: How long a data export can be downloaded.
EXPORT_LIFETIME = datetime.timedelta(hours=24)

Target = Listing | User | Review | Message


def _send_after_commit(user_id: int, template: str, context: dict[str, Any] | None = None) -> None:
    """Email a member once the transaction commits; a mail failure never undoes a decision."""

    def send() -> None:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return
        try:
            send_member_email(user=user, template=template, context=context)
        except Exception:  # the decision stands; the mail server's trouble is logged
            logger.exception("moderation email %s to member %s failed", template, user_id)

    transaction.on_commit(send)


# --- Reports ---------------------------------------------------------------------------------


def _target_fields(target: Target) -> tuple[str, int | None]:
    """The report's foreign key for ``target`` and the member it concerns."""
    if isinstance(target, Listing):
        return "listing", target.owner_id
    if isinstance(target, User):
        return "member", target.pk
    if isinstance(target, Review):
        return "review", target.author_id
    if isinstance(target, Message):
        return "message", target.sender_id
    raise TypeError(f"cannot report {type(target).__name__}")


def _check_rate_limit(reporter: User) -> None:
    """At most ten reports an hour (``settings.MEMBER_RATE_LIMITS["report"]``). A dead cache lets reports through."""
    if not ratelimits.consume(user_id=reporter.pk, action="report"):
        raise ValidationError(
            gettext("You have sent many reports in the last hour. Please try again later."), code="rate_limited"
        )


def report_create(*, reporter: User, target: Target, reason: str, details: str = "") -> Report:
    """``reporter`` reports ``target`` (already fetched through a selector they may use).

    Refused with a ``ValidationError``: one's own content, a second open report on the same
    target, more than ten an hour. A listing with open reports from
    ``AUTO_HIDE_REPORTERS`` different members is hidden until a moderator decides.
    """
    field, concerned_id = _target_fields(target)
    if concerned_id == reporter.pk:
        raise ValidationError(gettext("You cannot report yourself or what you wrote."), code="own")
    if reason not in Reason.values:
        raise ValidationError(gettext("Choose a reason."), code="reason")
    _check_rate_limit(reporter)
    already = gettext("You have already reported this. The moderators are looking at it.")
    with transaction.atomic():
        if isinstance(target, Listing):
            # Serialise the reports of one listing so that exactly one of them sees the third reporter.
            target = Listing.objects.select_for_update().get(pk=target.pk)
        if Report.objects.filter(reporter=reporter, status=ReportStatus.OPEN, **{field: target}).exists():
            raise ValidationError(already, code="duplicate")
        report = Report(
            reporter=reporter, reason=reason, details=details.strip(), concerned_id=concerned_id, **{field: target}
        )
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():  # a double click racing us: the partial unique constraint decides
                report.save()
        except IntegrityError:
            raise ValidationError(already, code="duplicate") from None
        if isinstance(target, Listing):
            _auto_hide_if_reported_enough(target)
        _send_after_commit(reporter.pk, "moderation_report_received", {"reason": report.get_reason_display()})
    return report


def _auto_hide_if_reported_enough(listing: Listing) -> None:
    """Called with the listing row locked."""
    if listing.status == ListingStatus.REMOVED:
        return
    reporters = (
        Report.objects.filter(listing_id=listing.pk, status=ReportStatus.OPEN).values("reporter_id").distinct().count()
    )
    if reporters < AUTO_HIDE_REPORTERS:
        return
    previous = listing.status
    listing.status = ListingStatus.REMOVED
    listing.save(update_fields=["status", "updated_at"])
    listings_changed(listing_ids=[listing.pk])
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("Reported by %(count)s different members: hidden until a moderator decides.") % {
            "count": reporters
        }
    action = ModerationAction.objects.create(
        moderator=None,
        kind=ActionKind.AUTO_HIDE_LISTING,
        reason=reason,
        member_id=listing.owner_id,
        listing=listing,
        previous_status=previous,
    )
    action.reports.set(Report.objects.filter(listing_id=listing.pk, status=ReportStatus.OPEN))
    _send_after_commit(listing.owner_id, "moderation_listing_held", {"title": listing.title})


# --- Moderators' decisions -------------------------------------------------------------------


def _close_reports(
    *, moderator: User | None, reports: Iterable[Report], status: str = ReportStatus.HANDLED
) -> list[Report]:
    """Close open reports and tell each reporter that theirs was handled (never how)."""
    now = timezone.now()
    closed = []
    for report in reports:
        if report.status != ReportStatus.OPEN:
            continue
        report.status = status
        report.handled_at = now
        report.handled_by = moderator
        report.save(update_fields=["status", "handled_at", "handled_by"])
        closed.append(report)
        _send_after_commit(report.reporter_id, "moderation_report_handled", {"reported_on": report.created_at})
    return closed


def _open_reports(extra_ids: Iterable[int] = (), **target: Any) -> list[Report]:
    """Open reports about a target, plus the reports the moderator selected, locked."""
    from django.db.models import Q

    rule = Q(pk__in=list(extra_ids))
    if target:
        rule |= Q(**target)
    return list(Report.objects.select_for_update().filter(rule, status=ReportStatus.OPEN).order_by("pk"))


def _record(
    *, moderator: User | None, kind: str, reason: str, reports: list[Report], **fields: Any
) -> ModerationAction:
    reason = reason.strip()
    if not reason:
        raise ValidationError(gettext("Give the reason for this decision."), code="reason")
    action = ModerationAction(moderator=moderator, kind=kind, reason=reason, **fields)
    action.full_clean(exclude=["reports"])
    action.save()
    if reports:
        action.reports.set(reports)
    return action


def listing_hide(*, moderator: User, listing_id: int, reason: str, report_ids: Iterable[int] = ()) -> ModerationAction:
    """Hide a listing from every member-facing page (status "removed"); its owner is told why."""
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing_id)
        previous = listing.status
        if listing.status != ListingStatus.REMOVED:
            listing.status = ListingStatus.REMOVED
            listing.save(update_fields=["status", "updated_at"])
            listings_changed(listing_ids=[listing.pk])
        reports = _close_reports(moderator=moderator, reports=_open_reports(report_ids, listing_id=listing_id))
        action = _record(
            moderator=moderator,
            kind=ActionKind.HIDE_LISTING,
            reason=reason,
            reports=reports,
            member_id=listing.owner_id,
            listing=listing,
            previous_status=previous,
        )
        trust_record_sanction(user_id=listing.owner_id)
        _send_after_commit(listing.owner_id, "moderation_listing_hidden", {"title": listing.title, "reason": reason})
    return action


def review_remove(*, moderator: User, review_id: int, reason: str, report_ids: Iterable[int] = ()) -> ModerationAction:
    """Remove a review from every page (it stops counting too); its author is told why."""
    from reviews.services import review_remove as reviews_review_remove

    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        reviews_review_remove(review_id=review.pk)
        ReviewFlag.objects.filter(review_id=review.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        reports = _close_reports(moderator=moderator, reports=_open_reports(report_ids, review_id=review_id))
        action = _record(
            moderator=moderator,
            kind=ActionKind.REMOVE_REVIEW,
            reason=reason,
            reports=reports,
            member_id=review.author_id,
            review=review,
        )
        if review.author_id:
            trust_record_sanction(user_id=review.author_id)
            _send_after_commit(review.author_id, "moderation_review_removed", {"reason": reason})
    return action


def _cancellation_note(reason: str) -> Callable[[User], str]:
    def note_for(recipient: User) -> str:
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            if reason == "block":
                return gettext("This exchange was cancelled: it can no longer go ahead between you two.")
            if reason == "deletion":
                return gettext("This exchange was cancelled: the other member closed their account.")
            return gettext("This exchange was cancelled by Cercle's moderation. We are sorry for the trouble.")

    return note_for


def trust_record_sanction(*, user_id: int) -> None:
    """A moderator's sanction keeps a member from the "trusted" level for a year (reviews' rule)."""
    from reviews.services import trust_record_sanction as record

    record(user_id=user_id)


def member_suspend(
    *,
    moderator: User,
    member_id: int,
    reason: str,
    until: datetime.datetime | None = None,
    report_ids: Iterable[int] = (),
) -> ModerationAction:
    """Suspend a member (until a date, or until lifted): no sign-in, no listings shown anywhere,
    their open bookings cancelled (the other members are told), a trust sanction recorded."""
    if until is not None and until <= timezone.now():
        raise ValidationError(gettext("The end of the suspension must be in the future."), code="until")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member_id)
        if member.is_superuser:
            raise ValidationError(gettext("An administrator cannot be suspended here."), code="superuser")
        member.is_suspended = True
        member.suspended_until = until
        member.suspension_reason = reason.strip()
        member.save(update_fields=["is_suspended", "suspended_until", "suspension_reason"])
        listings_changed(owner_ids=[member.pk])
        reports = _close_reports(moderator=moderator, reports=_open_reports(report_ids, member_id=member_id))
        action = _record(
            moderator=moderator,
            kind=ActionKind.SUSPEND,
            reason=reason,
            reports=reports,
            member=member,
            suspended_until=until,
        )
        bookings_cancel_for_member(member_id=member.pk, note_for=_cancellation_note("suspension"))
        trust_record_sanction(user_id=member.pk)
        _send_after_commit(member.pk, "moderation_suspended", {"reason": reason.strip(), "until": until})
    return action


def member_lift_suspension(*, moderator: User | None, member_id: int, reason: str) -> ModerationAction | None:
    """Lift a suspension (``moderator`` None: it expired by itself). None when there was none."""
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member_id)
        if not member.is_suspended:
            return None
        member.is_suspended = False
        member.suspended_until = None
        member.suspension_reason = ""
        member.save(update_fields=["is_suspended", "suspended_until", "suspension_reason"])
        listings_changed(owner_ids=[member.pk])
        action = _record(moderator=moderator, kind=ActionKind.LIFT_SUSPENSION, reason=reason, reports=[], member=member)
        _send_after_commit(member.pk, "moderation_suspension_lifted", {})
    return action


def suspensions_lift_expired(*, now: datetime.datetime | None = None) -> int:
    """Suspensions whose end has passed lift themselves (the periodic task, and at sign-in)."""
    now = now or timezone.now()
    ids = list(User.objects.filter(is_suspended=True, suspended_until__lte=now).values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("The suspension came to its end.")
    return sum(1 for pk in ids if member_lift_suspension(moderator=None, member_id=pk, reason=reason))


def reports_dismiss(*, moderator: User, report_ids: Iterable[int], reason: str) -> ModerationAction | None:
    """Dismiss reports: nothing to sanction. A listing hidden automatically by them comes back."""
    with transaction.atomic():
        reports = _open_reports(report_ids)
        if not reports:
            return None
        listing_ids = sorted({r.listing_id for r in reports if r.listing_id})
        closed = _close_reports(moderator=moderator, reports=reports, status=ReportStatus.DISMISSED)
        concerned = {r.concerned_id for r in reports}
        action = _record(
            moderator=moderator,
            kind=ActionKind.DISMISS,
            reason=reason,
            reports=closed,
            member_id=concerned.pop() if len(concerned) == 1 else None,
            listing_id=listing_ids[0] if len(listing_ids) == 1 else None,
        )
        for listing in Listing.objects.select_for_update().filter(pk__in=listing_ids).order_by("pk"):
            _restore_if_auto_hidden(moderator=moderator, listing=listing, reason=reason)
    return action


def _restore_if_auto_hidden(*, moderator: User, listing: Listing, reason: str) -> None:
    if listing.status != ListingStatus.REMOVED:
        return
    if Report.objects.filter(listing_id=listing.pk, status=ReportStatus.OPEN).exists():
        return
    last = (
        ModerationAction.objects.filter(
            listing_id=listing.pk, kind__in=[ActionKind.AUTO_HIDE_LISTING, ActionKind.HIDE_LISTING]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is None or last.kind != ActionKind.AUTO_HIDE_LISTING:
        return  # a moderator hid it: only a moderator's explicit decision brings it back
    listing.status = last.previous_status or ListingStatus.ACTIVE
    listing.save(update_fields=["status", "updated_at"])
    listings_changed(listing_ids=[listing.pk])
    _record(
        moderator=moderator,
        kind=ActionKind.RESTORE_LISTING,
        reason=reason,
        reports=[],
        member_id=listing.owner_id,
        listing=listing,
    )
    _send_after_commit(listing.owner_id, "moderation_listing_restored", {"title": listing.title})


def flag_resolve(*, moderator: User, flag_id: int, reason: str) -> ModerationAction:
    """A moderator has read a flagged review and leaves it be."""
    with transaction.atomic():
        flag = ReviewFlag.objects.select_for_update().select_related("review").get(pk=flag_id)
        if flag.resolved_at is None:
            flag.resolved_at = timezone.now()
            flag.resolved_by = moderator
            flag.save(update_fields=["resolved_at", "resolved_by"])
        return _record(
            moderator=moderator,
            kind=ActionKind.RESOLVE_FLAG,
            reason=reason,
            reports=[],
            member_id=flag.review.author_id,
            review=flag.review,
        )


# --- Blocks ----------------------------------------------------------------------------------


def member_block(*, blocker: User, blocked: User) -> Block:
    """Block a member: from now on neither sees the other's listings, writes to or books the other;
    the open requests and accepted bookings between them are cancelled (the other is told)."""
    with transaction.atomic():
        block = block_create(blocker=blocker, blocked=blocked)
        bookings_cancel_for_member(member_id=blocker.pk, other_id=blocked.pk, note_for=_cancellation_note("block"))
    return block


def member_unblock(*, blocker: User, blocked_id: int) -> bool:
    return block_delete(blocker=blocker, blocked_id=blocked_id)


# --- Data rights: export ---------------------------------------------------------------------


def data_export_request(*, user: User) -> DataExport:
    """Ask for a copy of one's data; built by a Celery task. A pending request is reused."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time per member
        pending = DataExport.objects.filter(user=user, status=ExportStatus.PENDING).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(
            user=user, token=secrets.token_urlsafe(32), expires_at=timezone.now() + EXPORT_LIFETIME
        )
        transaction.on_commit(lambda: _enqueue_export(export.pk))
    return export


def _enqueue_export(export_id: int) -> None:
    """Hand the export to a worker; with the broker down, the periodic task builds it later."""
    from .tasks import build_data_export

    try:
        build_data_export.delay(export_id)
    except Exception:  # the request must not fail because Redis is away
        logger.warning("export %s not enqueued; the periodic task will build it", export_id, exc_info=True)


def data_exports_build_pending(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    """The safety net: build the exports still pending (broker down, worker killed)."""
    ids = list(
        DataExport.objects.filter(status=ExportStatus.PENDING, created_at__lte=timezone.now() - older_than).values_list(
            "pk", flat=True
        )[:50]
    )
    for export_id in ids:
        data_export_build(export_id=export_id)
    return len(ids)


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the member's data as one JSON file under a random name (idempotent)."""
    from .selectors import member_data

    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status == ExportStatus.READY:
        return export
    data = member_data(user=export.user)
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    name = export_storage().save(f"{secrets.token_hex(24)}.json", ContentFile(content))
    now = timezone.now()
    updated = DataExport.objects.filter(pk=export.pk, status=ExportStatus.PENDING).update(
        status=ExportStatus.READY, file_name=name, ready_at=now, expires_at=now + EXPORT_LIFETIME
    )
    if not updated:  # another run finished first
        export_storage().delete(name)
        return DataExport.objects.get(pk=export.pk)
    export.refresh_from_db()
    try:
        send_member_email(user=export.user, template="moderation_export_ready", context={"export": export})
    except Exception:
        logger.exception("export-ready email to member %s failed", export.user_id)
    return export


def data_exports_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete expired export files and their rows."""
    now = now or timezone.now()
    expired = list(DataExport.objects.filter(expires_at__lte=now))
    for export in expired:
        if export.file_name:
            export_storage().delete(export.file_name)
    DataExport.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)


# --- Data rights: account deletion -----------------------------------------------------------


def account_delete(*, user: User) -> None:
    """Erase a member's personal data (the view has checked their password), app by app.

    Each app's service erases what belongs to the member through their relations, and says what
    it keeps and why: reviews, listings and bookings empty what is theirs, then their open
    bookings are cancelled (the other members are told why), then circles and, last, accounts. Moderation
    erases their data exports (files included) and masks their name and contact details in the
    reports they made, which it keeps with its decisions. What other members wrote stays theirs,
    even when it quotes the member. No table is scanned: ``tests/moderation/test_data_rights.py``
    scans them all afterwards, to prove nothing was missed.
    """
    from accounts.images import delete_stored
    from accounts.services import mask_identity, member_identifiers, member_identity_erase
    from bookings.services import member_exchanges_erase
    from circles.services import member_memberships_erase
    from listings.services import owner_listings_erase
    from reviews.services import member_reviews_erase

    with translation.override(settings.LANGUAGE_CODE):
        deleted_text, mask = gettext("Message deleted"), gettext("[former member]")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=user.pk)
        identifiers = member_identifiers(user=member)
        member_reviews_erase(user=member, identifiers=identifiers, mask=mask)
        files = owner_listings_erase(owner=member, identifiers=identifiers, mask=mask)
        member_exchanges_erase(member_id=member.pk, deleted_text=deleted_text)
        bookings_cancel_for_member(member_id=member.pk, note_for=_cancellation_note("deletion"))
        member_memberships_erase(user=member)
        for export in DataExport.objects.filter(user=member):
            if export.file_name:
                export_storage().delete(export.file_name)
        DataExport.objects.filter(user=member).delete()
        for report in Report.objects.select_for_update().filter(reporter=member).exclude(details=""):
            details = mask_identity(report.details, identifiers=identifiers, mask=mask)
            if details != report.details:
                Report.objects.filter(pk=report.pk).update(details=details)
        files += member_identity_erase(user=member)
        transaction.on_commit(lambda: delete_stored(*files))


def check_password_for_deletion(*, user: AbstractBaseUser, password: str) -> bool:
    return bool(password) and user.check_password(password)
