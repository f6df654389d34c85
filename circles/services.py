"""Changes to circles, memberships and invitations. Every rule the server enforces lives here.

Services are keyword-only, run in one transaction, lock the rows they decide on and start
side effects (emails) only once the transaction has committed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.images import CIRCLE_SIZES, delete_stored, store_image
from accounts.models import User
from marketplace.cache import delete_after_commit

from .models import Circle, Invitation, InvitationState, JoinPolicy, Membership, MembershipRole, MembershipStatus
from .selectors import circle_ids_key

# Paths under /cercles/ that a circle's slug must never shadow.
RESERVED_SLUGS = frozenset({"nouveau", "mes-cercles", "invitation", "admin", "api"})
MAX_INVITATION_USES = 500
MAX_INVITATION_DAYS = 365


class CircleError(ValidationError):
    """A rule of circles refused an action; its message is shown to the member as is."""


# --- helpers


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "cercle")[:100].strip("-") or "cercle"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Circle.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _locked_membership(*, circle: Circle, user: User) -> Membership | None:
    return Membership.objects.select_for_update().filter(circle=circle, user=user).first()


def _lock_admins(*, circle: Circle) -> list[Membership]:
    """Lock the admin rows of ``circle``: two admins leaving at once must not leave it without one."""
    return list(
        Membership.objects.select_for_update()
        .filter(circle=circle, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE)
        .order_by("pk")
    )


def _require_admin(*, circle: Circle, actor: User) -> Membership:
    membership = Membership.objects.filter(
        circle=circle, user=actor, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
    ).first()
    if membership is None or circle.is_closed:
        raise PermissionDenied(_("Only the admins of this circle can do that."))
    return membership


def _store_picture(circle: Circle, picture: UploadedFile) -> list[str]:
    """Store a new picture on ``circle`` (not saved yet); return the names of the files it replaces."""
    stored = store_image(picture, folder="circles", sizes=CIRCLE_SIZES)
    old = [circle.picture.name, circle.picture_thumb.name]
    circle.picture.name, circle.picture_thumb.name = stored.display_name, stored.thumbnail_name
    transaction.on_commit(lambda: delete_stored(*old))
    return old


def _activate(membership: Membership) -> None:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.full_clean()
    membership.save(update_fields=["status", "joined_at"])
    forget_circles_of(user_ids=[membership.user_id])


def forget_circles_of(*, user_ids: list[int]) -> None:
    """After these members joined or left a circle (or it closed), what they see is read afresh:
    their circles decide which circle-only listings they may see."""
    delete_after_commit(circle_ids_key(user_id) for user_id in user_ids)


# --- circles


@transaction.atomic
def circle_create(
    *,
    creator: User,
    name: str,
    kind: str,
    join_policy: str,
    description: str = "",
    city: str = "",
    picture: UploadedFile | None = None,
) -> Circle:
    """Create a circle; its creator becomes its first admin."""
    circle = Circle(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        join_policy=join_policy,
        description=description.strip(),
        city=city.strip(),
        created_by=creator,
    )
    if picture is not None:
        _store_picture(circle, picture)
    circle.full_clean()
    circle.save()
    admin = Membership(
        circle=circle, user=creator, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    admin.full_clean()
    admin.save()
    forget_circles_of(user_ids=[creator.pk])
    return circle


@transaction.atomic
def circle_update(
    *,
    circle: Circle,
    actor: User,
    name: str,
    kind: str,
    join_policy: str,
    description: str = "",
    city: str = "",
    picture: UploadedFile | None = None,
    remove_picture: bool = False,
) -> Circle:
    """Change a circle's details. The slug (its address) stays, so shared links keep working."""
    _require_admin(circle=circle, actor=actor)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    circle.name, circle.kind, circle.join_policy = name.strip(), kind, join_policy
    circle.description, circle.city = description.strip(), city.strip()
    if picture is not None:
        _store_picture(circle, picture)
    elif remove_picture and circle.picture:
        old = [circle.picture.name, circle.picture_thumb.name]
        circle.picture.name, circle.picture_thumb.name = "", ""
        transaction.on_commit(lambda: delete_stored(*old))
    circle.full_clean()
    circle.save(update_fields=["name", "kind", "join_policy", "description", "city", "picture", "picture_thumb"])
    return circle


@transaction.atomic
def circle_close(*, circle: Circle, actor: User) -> Circle:
    """Close a circle: it disappears for everyone, its links stop working, nobody can join it again."""
    _require_admin(circle=circle, actor=actor)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    circle.is_closed = True
    circle.save(update_fields=["is_closed"])
    forget_circles_of(user_ids=list(Membership.objects.filter(circle=circle).values_list("user_id", flat=True)))
    Invitation.objects.filter(circle=circle, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return circle


# --- joining


@transaction.atomic
def circle_join(*, circle: Circle, user: User, message: str = "") -> Membership:
    """Join an open circle at once, or ask to join an on-request one (its admins get an email).

    Invitation-only circles are joined through :func:`invitation_accept` only.
    """
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    if circle.is_closed:
        raise CircleError(_("This circle is closed."))
    if circle.join_policy == JoinPolicy.INVITATION:
        raise CircleError(_("This circle can only be joined with an invitation link."))
    existing = _locked_membership(circle=circle, user=user)
    if existing is not None:
        return existing
    membership = Membership(circle=circle, user=user, message=message.strip()[:500])
    if circle.join_policy == JoinPolicy.OPEN:
        membership.status, membership.joined_at = MembershipStatus.ACTIVE, timezone.now()
    else:
        membership.status = MembershipStatus.PENDING
    membership.full_clean()
    membership.save()
    forget_circles_of(user_ids=[user.pk])
    if membership.is_pending:
        from .tasks import send_join_request_emails

        transaction.on_commit(lambda: send_join_request_emails.delay(membership.pk), robust=True)
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor: User) -> Membership:
    """Let an applicant in; they get an email."""
    _require_admin(circle=membership.circle, actor=actor)
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None or not locked.is_pending:
        raise CircleError(_("This request has already been answered."))
    _activate(locked)
    from .tasks import send_membership_approved_email

    transaction.on_commit(lambda: send_membership_approved_email.delay(locked.pk), robust=True)
    return locked


@transaction.atomic
def membership_refuse(*, membership: Membership, actor: User) -> None:
    """Turn a request down; the applicant gets an email and may ask again later."""
    _require_admin(circle=membership.circle, actor=actor)
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None or not locked.is_pending:
        raise CircleError(_("This request has already been answered."))
    circle_id, user_id = locked.circle_id, locked.user_id
    locked.delete()
    from .tasks import send_membership_refused_email

    transaction.on_commit(lambda: send_membership_refused_email.delay(circle_id, user_id), robust=True)


@transaction.atomic
def membership_promote(*, membership: Membership, actor: User) -> Membership:
    """Make an active member an admin of the circle."""
    _require_admin(circle=membership.circle, actor=actor)
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None or not locked.is_active:
        raise CircleError(_("Only an active member can become an admin."))
    if locked.role != MembershipRole.ADMIN:
        locked.role = MembershipRole.ADMIN
        locked.full_clean()
        locked.save(update_fields=["role"])
    return locked


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove someone from the circle; they lose access at once. Admins leave through membership_leave."""
    _require_admin(circle=membership.circle, actor=actor)
    # Admin rows first, in the same order as membership_leave, so the two never deadlock.
    admins = _lock_admins(circle=membership.circle)
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None:
        return
    if locked.user_id == actor.pk:
        raise CircleError(_("To leave the circle yourself, use “Leave this circle”."))
    if locked.is_admin and len(admins) <= 1:
        raise CircleError(_("A circle needs at least one admin."))
    locked.delete()
    forget_circles_of(user_ids=[locked.user_id])


@transaction.atomic
def membership_leave(*, circle: Circle, user: User, successor: User | None = None, close_circle: bool = False) -> None:
    """Leave a circle (or withdraw a pending request).

    The last admin must either name another member as admin (``successor``) or close the circle.
    """
    # The admin rows are locked first, in a fixed order, so that two admins leaving at the same
    # time cannot both see "there is another admin" and leave the circle without one.
    admins = _lock_admins(circle=circle)
    membership = _locked_membership(circle=circle, user=user)
    if membership is None:
        return
    if membership.is_admin and len(admins) <= 1:
        if close_circle:
            circle_close(circle=circle, actor=user)
        elif successor is not None:
            heir = _locked_membership(circle=circle, user=successor)
            if heir is None or not heir.is_active or heir.user_id == user.pk:
                raise CircleError(_("Choose an active member of the circle to take over."))
            heir.role = MembershipRole.ADMIN
            heir.full_clean()
            heir.save(update_fields=["role"])
        else:
            raise CircleError(_("You are the last admin: name another admin or close the circle before you leave."))
    membership.delete()
    forget_circles_of(user_ids=[user.pk])


# --- invitations


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def invitation_create(
    *, circle: Circle, actor: User, expires_in: timedelta, max_uses: int, label: str = ""
) -> Invitation:
    """Create an invitation link: an unguessable token, an expiry and a maximum number of uses."""
    _require_admin(circle=circle, actor=actor)
    if not (1 <= max_uses <= MAX_INVITATION_USES):
        raise CircleError(_("A link allows between 1 and %(max)d uses.") % {"max": MAX_INVITATION_USES})
    if not (timedelta(hours=1) <= expires_in <= timedelta(days=MAX_INVITATION_DAYS)):
        raise CircleError(_("A link lasts between one hour and one year."))
    now = timezone.now()
    invitation = Invitation(
        circle=circle,
        token=_new_token(),
        created_by=actor,
        created_at=now,
        expires_at=now + expires_in,
        max_uses=max_uses,
        label=label.strip()[:80],
    )
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Stop a link from working; people who already joined through it stay."""
    _require_admin(circle=invitation.circle, actor=actor)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


INVITATION_REFUSALS = {
    InvitationState.REVOKED: gettext_lazy("This invitation link has been revoked by the circle's admins."),
    InvitationState.USED_UP: gettext_lazy("This invitation link has already been used as many times as it allows."),
    InvitationState.EXPIRED: gettext_lazy("This invitation link has expired."),
}


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Join a circle through an invitation link.

    The invitation row is locked while its state is checked and its use counted, so that two
    people racing for the last use cannot both get in: the second waits, then finds it used up.
    A member who already belongs to the circle uses nothing. A pending request becomes active.
    """
    invitation = Invitation.objects.select_for_update().select_related("circle").filter(token=token).first()
    if invitation is None:
        raise CircleError(_("This invitation link does not exist."))
    if invitation.circle.is_closed:
        raise CircleError(_("This circle is closed."))
    existing = _locked_membership(circle=invitation.circle, user=user)
    if existing is not None and existing.is_active:
        return existing
    state = invitation.state
    if state != InvitationState.VALID:
        raise CircleError(str(INVITATION_REFUSALS[state]), code=state)
    invitation.use_count += 1
    invitation.save(update_fields=["use_count"])
    if existing is not None:
        _activate(existing)
        return existing
    membership = Membership(
        circle=invitation.circle, user=user, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    membership.full_clean()
    forget_circles_of(user_ids=[user.pk])
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:  # pragma: no cover - the row lock above makes this unreachable
        raise CircleError(_("You already belong to this circle.")) from exc
    return membership


# --- Account deletion: what circles erases (moderation.services.account_delete calls each app) ---


@transaction.atomic
def member_memberships_erase(*, user: User) -> None:
    """What circles erases when a member leaves.

    Erased: their memberships and pending requests (with the word they left the admins), the
    notes they wrote on the invitation links they made. A circle they were the last admin of gets
    its longest-standing member as admin, or is closed when nobody else is in it.
    Kept: the circles, their descriptions and the links they made (their circles still use them).
    """
    Invitation.objects.filter(created_by_id=user.pk).exclude(label="").update(label="")
    for membership in Membership.objects.filter(user_id=user.pk).select_related("circle").order_by("circle_id"):
        circle = membership.circle
        if membership.is_admin and len(_lock_admins(circle=circle)) <= 1:
            heir = (
                Membership.objects.select_for_update()
                .filter(circle=circle, status=MembershipStatus.ACTIVE)
                .exclude(user_id=user.pk)
                .order_by("joined_at", "pk")
                .first()
            )
            if heir is not None:
                heir.role = MembershipRole.ADMIN
                heir.save(update_fields=["role"])
            else:
                Circle.objects.filter(pk=circle.pk).update(is_closed=True)
                Invitation.objects.filter(circle=circle, revoked_at__isnull=True).update(revoked_at=timezone.now())
        membership.delete()
    forget_circles_of(user_ids=[user.pk])
