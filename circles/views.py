"""Circle pages. Every view fetches its circle through circle_get_for_viewer / circle_get_for_admin."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User

from . import selectors, services
from .forms import CircleForm, InvitationForm, JoinRequestForm, LeaveForm
from .middleware import remember_invitation
from .models import InvitationState, Membership

DIRECTORY_PAGE_SIZE = 12
MEMBERS_SHOWN = 48


def _error_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _data(request: HttpRequest) -> Any:
    """The POSTed data, even when empty (an empty POST must still be validated), else None."""
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    """The signed-in member (views using this are behind @login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    city = request.GET.get("city", "")[:80]
    circles = selectors.directory_circles(query=query, city=city)
    page = Paginator(circles, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    my_circle_ids = set(selectors.circle_ids_for_user(user=request.user)) if request.user.is_authenticated else set()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "circles/directory.html",
        {"page": page, "query": query, "city": city, "my_circle_ids": my_circle_ids, "params": params.urlencode()},
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(user=_user(request))
    return render(
        request,
        "circles/mine.html",
        {
            "active": [m for m in memberships if m.is_active],
            "pending": [m for m in memberships if m.is_pending],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = CircleForm(_data(request), _files(request))
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.circle_create(
                creator=_user(request),
                picture=form.cleaned_data["picture_upload"],
                **{field: form.cleaned_data[field] for field in ["name", "kind", "join_policy", "city", "description"]},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your circle is ready. Invite the people you know!"))
            return redirect(circle)
    return render(request, "circles/form.html", {"form": form})


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_viewer(viewer=request.user, slug=slug)
    members: list[Membership] = []
    member_count = selectors.circle_member_count(circle=access.circle)
    if access.can_see_members:
        members = list(selectors.circle_members(circle=access.circle)[:MEMBERS_SHOWN])
    pending_count = selectors.pending_requests(circle=access.circle).count() if access.is_admin else 0
    return render(
        request,
        "circles/detail.html",
        {
            "access": access,
            "circle": access.circle,
            "members": members,
            "member_count": member_count,
            "more_members": max(member_count - len(members), 0) if members else 0,
            "pending_count": pending_count,
            "join_form": JoinRequestForm(),
            "tab": "page",
        },
    )


@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_viewer(viewer=request.user, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(access.circle.get_absolute_url())
    form = JoinRequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        membership = services.circle_join(circle=access.circle, user=_user(request), message=message)
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        if membership.is_active:
            messages.success(request, _("Welcome to %(circle)s!") % {"circle": access.circle.name})
        else:
            messages.info(request, _("Your request has been sent to the circle's admins. You will get an email."))
    return redirect(access.circle)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_viewer(viewer=request.user, slug=slug)
    if access.membership is None:
        return redirect(access.circle)
    last_admin = access.is_admin and selectors.circle_admin_count(circle=access.circle) <= 1
    candidates = selectors.successor_candidates(circle=access.circle, leaving=_user(request))
    form = LeaveForm(_data(request), candidates=candidates, last_admin=last_admin)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data.get("choice")
        try:
            services.membership_leave(
                circle=access.circle,
                user=_user(request),
                successor=form.cleaned_data.get("successor") if choice == LeaveForm.SUCCESSOR else None,
                close_circle=choice == LeaveForm.CLOSE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if access.is_pending:
                messages.info(request, _("Your request has been withdrawn."))
            elif choice == LeaveForm.CLOSE:
                messages.info(request, _("The circle is closed."))
            else:
                messages.info(request, _("You have left %(circle)s.") % {"circle": access.circle.name})
            return redirect("circles:mine")
    return render(
        request,
        "circles/leave.html",
        {"access": access, "circle": access.circle, "form": form, "last_admin": last_admin},
    )


# --- admins


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    # The form works on a copy: a refused edit must not change the circle shown around it.
    form = CircleForm(_data(request), _files(request), instance=copy.copy(access.circle))
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.circle_update(
                circle=access.circle,
                actor=_user(request),
                picture=form.cleaned_data["picture_upload"],
                remove_picture=form.cleaned_data.get("remove_picture", False),
                **{field: form.cleaned_data[field] for field in ["name", "kind", "join_policy", "city", "description"]},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The circle has been updated."))
            return redirect(circle)
    return render(
        request,
        "circles/form.html",
        {"form": form, "access": access, "circle": access.circle, "tab": "edit"},
    )


@login_required
@require_POST
def close(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to close the circle."))
        return redirect("circles:edit", slug=slug)
    services.circle_close(circle=access.circle, actor=_user(request))
    messages.info(request, _("%(circle)s is closed.") % {"circle": access.circle.name})
    return redirect("circles:mine")


@login_required
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    return render(
        request,
        "circles/manage.html",
        {
            "access": access,
            "circle": access.circle,
            "pending": selectors.pending_requests(circle=access.circle),
            "members": selectors.circle_members(circle=access.circle),
            "tab": "members",
        },
    )


MEMBERSHIP_ACTIONS = {
    "approve": (services.membership_approve, _("%(name)s is now a member.")),
    "refuse": (services.membership_refuse, _("The request from %(name)s has been refused.")),
    "promote": (services.membership_promote, _("%(name)s is now an admin.")),
    "remove": (services.membership_remove, _("%(name)s has been removed from the circle.")),
}


@login_required
@require_POST
def membership_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    membership = get_object_or_404(selectors.circle_memberships(circle=access.circle), pk=pk)
    service, success = MEMBERSHIP_ACTIONS[action]
    try:
        service(membership=membership, actor=_user(request))
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        messages.success(request, str(success) % {"name": membership.user.public_name})
    return redirect("circles:manage", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    form = InvitationForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                circle=access.circle,
                actor=_user(request),
                expires_in=form.expires_in,
                max_uses=form.cleaned_data["max_uses"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your invitation link is ready: copy it and send it to the people you invite."))
            return redirect(f"{reverse('circles:invitations', kwargs={'slug': slug})}#invitation-{invitation.pk}")
    links = list(selectors.circle_invitations(circle=access.circle))
    return render(
        request,
        "circles/invitations.html",
        {
            "access": access,
            "circle": access.circle,
            "form": form,
            "links": [(link, request.build_absolute_uri(link.get_absolute_url())) for link in links],
            "tab": "invitations",
        },
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = selectors.circle_get_for_admin(viewer=request.user, slug=slug)
    invitation = get_object_or_404(selectors.circle_invitations(circle=access.circle), pk=pk)
    services.invitation_revoke(invitation=invitation, actor=_user(request))
    messages.info(request, _("The link has been revoked: nobody can join with it any more."))
    return redirect("circles:invitations", slug=slug)


# --- invitation links


@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: join, or sign up / log in first, or why the link is dead."""
    invitation = selectors.invitation_get_by_token(token=token)
    circle = invitation.circle
    state = InvitationState.REVOKED if circle.is_closed else invitation.state
    if request.user.is_authenticated:
        membership = selectors.membership_for(circle=circle, viewer=request.user)
        if membership is not None and membership.is_active and not circle.is_closed:
            messages.info(request, _("You are already a member of %(circle)s.") % {"circle": circle.name})
            return redirect(circle)
    elif state == InvitationState.VALID:
        remember_invitation(request, token)
    context = {
        "invitation": invitation,
        "circle": circle,
        "state": state,
        "states": InvitationState,
        "member_count": selectors.circle_member_count(circle=circle) if state == InvitationState.VALID else 0,
        "next": invitation.get_absolute_url(),
    }
    return render(request, "circles/invitation.html", context, status=200 if state == InvitationState.VALID else 410)


@login_required
@require_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    try:
        services.invitation_accept(token=token, user=_user(request))
    except ValidationError:
        return redirect("circles:invitation", token=token)
    messages.success(request, _("Welcome to %(circle)s!") % {"circle": invitation.circle.name})
    return redirect(invitation.circle)
