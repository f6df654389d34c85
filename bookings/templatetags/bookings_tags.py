"""Template helpers of bookings, including the booking panel of the listing page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from accounts.models import User
from listings.models import Intent, Kind, Listing
from listings.models import Status as ListingStatus

from ..calendar import availability_calendar, parse_month
from ..forms import QuestionForm, request_form_class
from ..selectors import panel_state_for

register = template.Library()


@register.filter
def interpolate(text: Any, params: dict[str, Any]) -> str:
    """``"%(title)s is ready"|interpolate:params``, translated in the active language first."""
    return str(text) % params


def _panel(context: template.Context, listing: Listing) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    panel: dict[str, Any] = {"listing": listing, "request": request, "user": user}
    if not isinstance(user, User):
        return {**panel, "anonymous": True}
    if listing.owner_id == user.pk:
        return {**panel, "is_own": True}
    today = timezone.localdate()
    calendar = None
    if listing.kind == Kind.LEND and listing.intent == Intent.OFFER:
        first = parse_month(request.GET.get("mois") if request else None, today=today)
        calendar = availability_calendar(listing_id=listing.pk, first=first, today=today, months=1)
    is_available = listing.status == ListingStatus.ACTIVE
    return {
        **panel,
        "calendar": calendar,
        "is_available": is_available,
        "form": request_form_class(listing)(listing=listing, user=user) if is_available else None,
        "question_form": QuestionForm(),
        "panel_state": panel_state_for(user=user, listing=listing),
    }


@register.inclusion_tag("bookings/partials/booking_panel.html", takes_context=True)
def booking_panel(context: template.Context, listing: Listing) -> dict[str, Any]:
    """Ask a question, make a request (with the calendar of a loan), in one block."""
    return {"panel": _panel(context, listing)}


@register.simple_tag(takes_context=True)
def booking_panel_parts(context: template.Context, listing: Listing) -> dict[str, Any]:
    """The same, read once, for a page that draws the request and the question apart
    (``{% booking_panel_parts listing as panel %}``, then ``bookings/partials/request_panel.html``
    and ``question_panel.html`` with ``panel=panel``): the listing page puts its question below."""
    return _panel(context, listing)


@register.inclusion_tag("bookings/partials/calendar.html", takes_context=True)
def availability(context: template.Context, listing: Listing, calendar: Any) -> dict[str, Any]:
    return {"listing": listing, "calendar": calendar, "request": context.get("request")}
