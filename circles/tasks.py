"""Emails about circles, sent by Celery after the change that causes them has committed.

Tasks take ids, load fresh rows and do nothing when the situation has moved on (a request
already answered, a member who left), so running one twice or late sends nothing wrong.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from accounts.emails import send_member_email
from accounts.models import User

from .models import Circle, Membership, MembershipRole, MembershipStatus

TASK_OPTIONS = {
    "soft_time_limit": 60,
    "time_limit": 90,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def _url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@shared_task(**TASK_OPTIONS)
def send_join_request_emails(membership_id: int) -> int:
    """Tell each admin of the circle (who wants emails about circles) that someone asks to join."""
    membership = (
        Membership.objects.filter(pk=membership_id, status=MembershipStatus.PENDING)
        .select_related("circle", "user")
        .first()
    )
    if membership is None or membership.circle.is_closed:
        return 0
    admins = User.objects.filter(
        memberships__circle=membership.circle,
        memberships__role=MembershipRole.ADMIN,
        memberships__status=MembershipStatus.ACTIVE,
        email_on_circles=True,
        is_active=True,
    )
    manage_url = _url(reverse("circles:manage", kwargs={"slug": membership.circle.slug}))
    sent = 0
    for admin in admins:
        send_member_email(
            user=admin,
            template="circles_join_request",
            context={
                "circle": membership.circle,
                "applicant_name": membership.user.public_name,
                "request_message": membership.message,
                "manage_url": manage_url,
            },
        )
        sent += 1
    return sent


@shared_task(**TASK_OPTIONS)
def send_membership_approved_email(membership_id: int) -> bool:
    """Tell an applicant they are in."""
    membership = (
        Membership.objects.filter(pk=membership_id, status=MembershipStatus.ACTIVE)
        .select_related("circle", "user")
        .first()
    )
    if membership is None or membership.circle.is_closed or not membership.user.email_on_circles:
        return False
    send_member_email(
        user=membership.user,
        template="circles_request_approved",
        context={"circle": membership.circle, "circle_url": _url(membership.circle.get_absolute_url())},
    )
    return True


@shared_task(**TASK_OPTIONS)
def send_membership_refused_email(circle_id: int, user_id: int) -> bool:
    """Tell an applicant their request was turned down (unless they have been let in since)."""
    circle = Circle.objects.filter(pk=circle_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if circle is None or user is None or not user.email_on_circles:
        return False
    if Membership.objects.filter(circle=circle, user=user, status=MembershipStatus.ACTIVE).exists():
        return False
    send_member_email(
        user=user,
        template="circles_request_refused",
        context={"circle": circle, "directory_url": _url(reverse("circles:directory"))},
    )
    return True
