"""Pages of bookings: thin, every object fetched through a selector that applies ownership."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimits
from accounts.models import User
from circles.selectors import shared_circles
from listings.models import Listing
from listings.selectors import listing_get_visible

from . import selectors, services
from .calendar import availability_calendar, parse_month
from .forms import ActionForm, MessageForm, QuestionForm, RequestForm, request_form_class
from .models import Booking, BookingKind
from .state_machine import BookingAction, TransitionRefused, action_choices


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# What a member sees when they send faster than a person does (accounts.ratelimits, settings.MEMBER_RATE_LIMITS).
RATE_LIMITED = {
    "message": _lazy("You have sent many messages in a short time. Please wait a few minutes before writing again."),
    "question": _lazy("You have asked many questions in a short time. Please wait a while before asking another."),
    "booking_request": _lazy(
        "You have sent many requests in a short time. Please wait a while before sending another."
    ),
}
TOO_MANY_REQUESTS = 429


def _within_rate_limit(user: User, action: str, form: Any) -> bool:
    """Count one sending by ``user``; past the limit, the form says why and nothing is sent."""
    if ratelimits.consume(user_id=user.pk, action=action):
        return True
    form.add_error(None, RATE_LIMITED[action])
    return False


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    return render(request, "bookings/dashboard.html", {"dashboard": selectors.dashboard_for_member(user=user)})


def _booking_page(
    request: HttpRequest,
    booking: Booking,
    *,
    action_error: str = "",
    failed_action: str = "",
    message_form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _member(request)
    conversation = getattr(booking, "conversation", None)
    chat: list[Any] = []
    if conversation is not None:
        chat = selectors.conversation_messages(conversation=conversation)
        services.conversation_mark_read(conversation=conversation, user=user)
    other = booking.requester if booking.owner_id == user.pk else booking.owner
    context = {
        "booking": booking,
        "listing": booking.listing,
        "other": other,
        "is_owner": booking.owner_id == user.pk,
        "shared_circles": shared_circles(viewer=user, member=other),
        "actions": action_choices(booking, user),
        "conversation": conversation,
        "chat": chat,
        "message_form": message_form or MessageForm(),
        "action_error": action_error,
        "failed_action": failed_action,
    }
    return render(request, "bookings/booking_detail.html", context, status=status)


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_member(user=_member(request), pk=pk)
    return _booking_page(request, booking)


@login_required
@require_POST
def booking_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    booking = selectors.booking_get_for_member(user=user, pk=pk)  # 404 for anyone but the two members
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _booking_page(request, booking, action_error=_("Check the form."), status=400)
    data = form.cleaned_data
    if data["action"] == BookingAction.EXPIRE:
        return _booking_page(request, booking, action_error=_("This happens automatically."), status=403)
    try:
        services.booking_act(
            booking_id=booking.pk,
            actor=user,
            action=data["action"],
            note=data["note"],
            deposit_received=data["deposit_received"],
            deposit_returned=data["deposit_returned"],
        )
    except TransitionRefused as refusal:
        booking = selectors.booking_get_for_member(user=user, pk=pk)
        return _booking_page(
            request, booking, action_error=refusal.message, failed_action=data["action"], status=refusal.status
        )
    messages.success(request, _("Done: the other member is told by email."))
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("bookings:dashboard")
    return redirect("bookings:detail", pk=booking.pk)


def _visible_listing(request: HttpRequest, listing_pk: int) -> Listing:
    """The listing as the member may see it: a circle-only listing of another circle is a 404."""
    return listing_get_visible(viewer=_member(request), pk=listing_pk)


def _request_context(request: HttpRequest, listing: Listing, form: RequestForm) -> dict[str, Any]:
    user = _member(request)
    today = timezone.localdate()
    calendar = None
    if listing.kind == BookingKind.LEND and listing.intent == "offer":
        first = parse_month(request.GET.get("mois"), today=today)
        calendar = availability_calendar(listing_id=listing.pk, first=first, today=today)
    return {
        "listing": listing,
        "form": form,
        "calendar": calendar,
        "question_form": QuestionForm(),
        "shared_circles": shared_circles(viewer=user, member=listing.owner),
        "is_own": listing.owner_id == user.pk,
        "open_request": selectors.open_request_for(user=user, listing=listing),
    }


@login_required
@require_http_methods(["GET", "POST"])
def booking_request(request: HttpRequest, listing_pk: int) -> HttpResponse:
    user = _member(request)
    listing = _visible_listing(request, listing_pk)
    form_class = request_form_class(listing)
    if request.method == "POST":
        form = form_class(request.POST, listing=listing, user=user)
        status = 400
        if form.is_valid():
            if not _within_rate_limit(user, "booking_request", form):
                status = TOO_MANY_REQUESTS
            else:
                try:
                    booking = services.booking_request(listing=listing, requester=user, **form.service_kwargs())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Your request is sent. The owner is told by email."))
                    return redirect("bookings:detail", pk=booking.pk)
        context = _request_context(request, listing, form)
        return render(request, "bookings/request.html", context, status=status)
    initial = {key: request.GET[key] for key in ("start_date", "end_date") if request.GET.get(key)}
    form = form_class(initial=initial, listing=listing, user=user)
    return render(request, "bookings/request.html", _request_context(request, listing, form))


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, listing_pk: int) -> HttpResponse:
    user = _member(request)
    listing = _visible_listing(request, listing_pk)
    if listing.owner_id == user.pk:
        raise Http404("Own listing.")
    existing = selectors.question_thread(user=user, listing=listing)
    if request.method == "GET" and existing is not None:
        return redirect("bookings:conversation", pk=existing.pk)
    form = QuestionForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if not _within_rate_limit(user, "question", form):
            status = TOO_MANY_REQUESTS
        else:
            try:
                conversation = services.conversation_ask(listing=listing, member=user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your question is sent."))
                return redirect("bookings:conversation", pk=conversation.pk)
    return render(request, "bookings/ask.html", {"listing": listing, "form": form}, status=status)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox_for_member(user=_member(request))
    return render(request, "bookings/inbox.html", {"rows": rows, "unread_total": sum(row.unread for row in rows)})


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    thread = selectors.conversation_get_for_member(user=user, pk=pk)
    form = MessageForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        sent = False
        if form.is_valid():
            if not _within_rate_limit(user, "message", form):
                status = TOO_MANY_REQUESTS
            else:
                try:
                    services.message_send(conversation=thread, sender=user, body=form.cleaned_data["body"])
                    sent = True
                except ValidationError as error:
                    form.add_error(None, error)
        if sent:
            if thread.booking is not None and request.POST.get("next") == "booking":
                return redirect(f"{thread.booking.get_absolute_url()}#conversation")
            return redirect(f"{thread.get_absolute_url()}#latest")
        if thread.booking is not None and request.POST.get("next") == "booking":
            booking = selectors.booking_get_for_member(user=user, pk=thread.booking.pk)
            return _booking_page(request, booking, message_form=form, status=status)
    chat = selectors.conversation_messages(conversation=thread)
    services.conversation_mark_read(conversation=thread, user=user)
    other = thread.member if thread.owner_id == user.pk else thread.owner
    context = {
        "conversation": thread,
        "listing": thread.listing,
        "other": other,
        "shared_circles": shared_circles(viewer=user, member=other),
        "chat": chat,
        "form": form,
    }
    return render(request, "bookings/conversation.html", context, status=status)
