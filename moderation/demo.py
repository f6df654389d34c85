"""Demo data for moderation: a moderator, open reports in the queue, a decision in the audit trail.

Idempotent: the moderator is looked up by email, reports by (reporter, target), the decision by
its reason.
"""

from __future__ import annotations

from typing import TextIO

from django.core.exceptions import ValidationError

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from listings.models import Listing
from listings.models import Status as ListingStatus

from . import services
from .groups import moderators_group_sync
from .models import ModerationAction, Report

MODERATOR_EMAIL = "moderation@example.fr"

# (reporter's email, reason, details)
LISTING_REPORTS = [
    (
        "karim.benali@example.fr",
        "not_as_described",
        "Les photos ne correspondent pas à l'objet : il manque la batterie.",
    ),
    ("sophie.martin@example.fr", "not_as_described", "L'annonce dit « comme neuf » mais il est très abîmé."),
]
MEMBER_REPORT = ("marie.dupont@example.fr", "spam", "M'a envoyé trois fois le même message pour vendre autre chose.")


def _moderator() -> User:
    from allauth.account.models import EmailAddress

    moderator = User.objects.filter(email=MODERATOR_EMAIL).first()
    if moderator is None:
        moderator = User.objects.create_user(
            MODERATOR_EMAIL, DEMO_PASSWORD, first_name="Nadia", last_name="Modération", is_staff=True, city="Lyon"
        )
    EmailAddress.objects.get_or_create(
        user=moderator, email=moderator.email, defaults={"verified": True, "primary": True}
    )
    moderator.groups.add(moderators_group_sync())
    return moderator


def _report(reporter: User, target: Listing | User, reason: str, details: str) -> bool:
    field = "listing" if isinstance(target, Listing) else "member"
    if Report.objects.filter(reporter=reporter, **{field: target}).exists():
        return False
    try:
        services.report_create(reporter=reporter, target=target, reason=reason, details=details)
    except ValidationError:
        return False
    return True


def seed(stdout: TextIO) -> None:
    moderator = _moderator()
    members = {u.email: u for u in User.objects.filter(email__endswith="@example.fr", is_active=True, is_staff=False)}
    lucas = members.get("lucas.bernard@example.fr")
    if lucas is None or len(members) < 4:
        stdout.write("moderation: demo members missing, only the moderator was created\n")
        return
    created = 0
    target = (
        Listing.objects.filter(owner=lucas, status=ListingStatus.ACTIVE, visibility="public").order_by("pk").first()
    )
    if target is not None:
        for email, reason, details in LISTING_REPORTS:
            if email in members:
                created += _report(members[email], target, reason, details)
    reporter_email, reason, details = MEMBER_REPORT
    spammer = members.get("karim.benali@example.fr")
    if spammer is not None and reporter_email in members:
        created += _report(members[reporter_email], spammer, reason, details)

    # One earlier decision, so the queue shows a history and the audit trail is not empty.
    other = (
        Listing.objects.filter(owner=lucas, status=ListingStatus.ACTIVE)
        .exclude(pk=target.pk if target else 0)
        .order_by("-pk")
        .first()
    )
    reason_text = "Vente d'un produit interdit (démonstration)."
    if other is not None and not ModerationAction.objects.filter(reason=reason_text).exists():
        services.listing_hide(moderator=moderator, listing_id=other.pk, reason=reason_text)
    stdout.write(f"moderation: moderator {MODERATOR_EMAIL}, {created} new reports\n")
