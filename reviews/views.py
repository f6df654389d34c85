from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from bookings.models import BookingState

from . import selectors, services
from .forms import ReplyForm, ReviewForm, VouchForm


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def to_write(request: HttpRequest) -> HttpResponse:
    """The completed exchanges awaiting my review, with their deadlines, and my hidden reviews."""
    user = _member(request)
    return render(
        request,
        "reviews/to_write.html",
        {
            "items": selectors.reviews_to_write(user=user),
            "waiting": selectors.reviews_awaiting_other(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = _member(request)
    booking = selectors.booking_for_review(user=user, booking_id=booking_id)
    subject = booking.requester if booking.owner_id == user.pk else booking.owner
    deadline = selectors.review_deadline(booking)
    mine = selectors.review_written_by(user=user, booking=booking)
    closed_reason = ""
    if mine is not None:
        closed_reason = _("You have already reviewed this exchange.")
    elif booking.state != BookingState.COMPLETED or deadline is None:
        closed_reason = _("You can review an exchange once it is completed.")
    elif deadline <= timezone.now():
        closed_reason = _("The 14 days to review this exchange are over.")
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.review_create(
                    booking_id=booking.pk,
                    author=user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                    private_note=form.cleaned_data["private_note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if review.published_at:
                    messages.success(request, _("Thank you! Both reviews are now published."))
                else:
                    messages.success(
                        request,
                        _("Thank you! Your review stays hidden until %(name)s writes theirs or the 14 days are over.")
                        % {"name": subject.public_name},
                    )
                return redirect("reviews:to_write")
        status = 400
    return render(
        request,
        "reviews/write.html",
        {
            "booking": booking,
            "subject": subject,
            "deadline": deadline,
            "mine": mine,
            "closed_reason": closed_reason,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    review = selectors.review_for_reply(user=user, review_id=pk)
    already = hasattr(review, "reply")
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_reply_create(review_id=review.pk, author=user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your reply is published."))
                return redirect(user.get_absolute_url() + "#trust-title")
        status = 400
    return render(request, "reviews/reply.html", {"review": review, "form": form, "already": already}, status=status)


@login_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    """The trust page is part of the member's profile now: its old address leads there (for signed-in
    members, like the profile: open to visitors, sequential ids would let anyone read them all)."""
    member = selectors.member_get_public(pk=pk)
    return redirect(member.get_absolute_url() + "#trust-title", permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def vouch(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    vouchee = selectors.member_get_public(pk=pk)
    form = VouchForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.vouch_create(voucher=user, vouchee=vouchee, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("You now vouch for %(name)s.") % {"name": vouchee.public_name})
                return redirect(vouchee.get_absolute_url())
        status = 400
    allowed = selectors.vouch_allowed(voucher=user, vouchee=vouchee)
    return render(request, "reviews/vouch.html", {"member": vouchee, "form": form, "allowed": allowed}, status=status)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    vouchee = selectors.member_get_public(pk=pk)
    if services.vouch_withdraw(voucher=user, vouchee=vouchee):
        messages.success(request, _("Your vouch for %(name)s is withdrawn.") % {"name": vouchee.public_name})
    return redirect(vouchee.get_absolute_url())
