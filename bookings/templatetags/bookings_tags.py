"""Template helpers of bookings, including the booking panel of the listing page."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms, template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def form_fields(form: forms.Form) -> SafeString:
    """A form's errors and fields in the design system's markup: ``{% form_fields form %}``.

    In Python: on the listing page the request and question forms through a template per field
    cost more than the page's queries. Labels and help are escaped here; widgets and error lists
    render themselves.
    """
    optional = escape(_("optional"))
    parts = []
    non_field_errors = form.non_field_errors()
    if non_field_errors:
        errors = "".join(f"<li>{escape(str(error))}</li>" for error in non_field_errors)
        parts.append(f'<ul class="errorlist nonfield" role="alert">{errors}</ul>')
    for field in form:
        parts.append(str(field) if field.is_hidden else _field_html(field, optional))
    return mark_safe("".join(parts))  # every value escaped in _field_html


def _field_html(field: forms.BoundField, optional: str) -> str:
    label_for = escape(str(field.id_for_label))
    label = escape(str(field.label))
    checkbox = getattr(field.field.widget, "input_type", "") == "checkbox"
    classes = "field" + (" field--error" if field.errors else "") + (" field--checkbox" if checkbox else "")
    if checkbox:
        control = f'{field}<label for="{label_for}">{label}</label>'
    else:
        marker = "" if field.field.required else f' <span class="muted text-xs">({optional})</span>'
        control = f'<label for="{label_for}">{label}{marker}</label>\n  {field}'
    help_text = (
        f'<span class="field__help" id="{escape(str(field.auto_id))}_help">{escape(str(field.help_text))}</span>'
        if field.help_text
        else ""
    )
    return f'<div class="{classes}">\n  {control}\n  {help_text}\n  {field.errors if field.errors else ""}\n</div>'


@register.inclusion_tag("bookings/partials/booking_panel.html", takes_context=True)
def booking_panel(context: template.Context, listing: Listing) -> dict[str, Any]:
    """Ask a question, make a request (with the calendar of a loan): what the listing page offers."""
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


@register.inclusion_tag("bookings/partials/calendar.html", takes_context=True)
def availability(context: template.Context, listing: Listing, calendar: Any) -> dict[str, Any]:
    return {"listing": listing, "calendar": calendar, "request": context.get("request")}
