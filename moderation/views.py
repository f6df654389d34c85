from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.selectors import blocks_made_by, member_get_public

from . import services
from .forms import DeleteAccountForm, ReportForm
from .models import TargetKind
from .selectors import (
    data_export_get_for_download,
    data_export_latest,
    report_target_get,
    report_target_url,
)
from .storage import export_storage


def _signed_in(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report a listing, a member, a review or a message: a reason and details."""
    if kind not in TargetKind.values:
        raise Http404("Nothing to report here.")
    user = _signed_in(request)
    target = report_target_get(viewer=user, kind=kind, pk=pk)
    back = report_target_url(target)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=user, target=target, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your report was received: a moderator will look at it, "
                    "and we will tell you when it is handled."
                ),
            )
            return redirect(back)
    context = {"form": form, "kind": kind, "target": target, "back": back}
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


@login_required
def block(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then block a member."""
    user = _signed_in(request)
    member = member_get_public(pk=pk)
    if member.pk == user.pk:
        raise Http404("You cannot block yourself.")
    if request.method == "POST":
        services.member_block(blocker=user, blocked=member)
        messages.success(
            request,
            _("%(name)s is blocked. You will no longer see each other's listings.") % {"name": member.public_name},
        )
        return redirect("moderation:blocks")
    return render(request, "moderation/block_confirm.html", {"member": member})


@require_POST
@login_required
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    if services.member_unblock(blocker=_signed_in(request), blocked_id=pk):
        messages.success(request, _("The member is unblocked."))
    return redirect("moderation:blocks")


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    """The members I blocked, to unblock them."""
    return render(request, "moderation/blocks.html", {"blocks": list(blocks_made_by(user=_signed_in(request)))})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Data rights: download my data, delete my account."""
    user = _signed_in(request)
    context = {"export": data_export_latest(user=user), "delete_form": DeleteAccountForm(user=user)}
    return render(request, "moderation/my_data.html", context)


@require_POST
@login_required
def export_request(request: HttpRequest) -> HttpResponse:
    services.data_export_request(user=_signed_in(request))
    messages.success(request, _("Your file is being prepared. We will email you when it is ready to download."))
    return redirect("moderation:my_data")


@login_required
def export_download(request: HttpRequest, token: str) -> FileResponse:
    """The member's own file, as long as the link is valid; 404 for anyone else."""
    export = data_export_get_for_download(user=_signed_in(request), token=token)
    try:
        handle = export_storage().open(export.file_name, "rb")
    except FileNotFoundError as exc:
        raise Http404("No such export.") from exc
    filename = f"cercle-mes-donnees-{export.created_at:%Y-%m-%d}.json"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/json")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete my account, after re-entering my password."""
    user = _signed_in(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for the time you spent with us."))
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "moderation/delete_account.html", {"form": form}, status=status)


def suspended(request: HttpRequest) -> HttpResponse:
    """Where a suspended member lands when their session is ended."""
    until = parse_datetime(request.session.get("moderation_suspended_until") or "")
    return render(request, "moderation/suspended.html", {"until": until}, status=403)
