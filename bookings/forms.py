"""Forms of bookings: one request form per kind, messages, and the action forms of a booking."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from listings.forms import DateInput
from listings.models import Intent, Kind, Listing

from .models import MESSAGE_MAX_LENGTH
from .selectors import own_swappable_listings

DURATION_CHOICES = [
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
    (480, _("A full day (8 hours)")),
]


def _message_field(*, required: bool = False, label: Any = None, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label or _("Message to the owner"),
        required=required,
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class RequestForm(forms.Form):
    """Base of every request form: the service receives ``cleaned_data`` as keyword arguments."""

    message = _message_field(help_text=_("Introduce yourself and say what you need it for."))

    def __init__(self, *args: Any, listing: Listing, user: User, **kwargs: Any) -> None:
        self.listing = listing
        self.user = user
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return {"message": self.cleaned_data.get("message", "")}


class LoanRequestForm(RequestForm):
    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    end_date = forms.DateField(label=_("Last day (return)"), widget=DateInput())

    field_order = ["start_date", "end_date", "message"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.fields["start_date"].widget.attrs.update({"min": today, "data-calendar": "start"})
        self.fields["end_date"].widget.attrs.update({"min": today, "data-calendar": "end"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and start < timezone.localdate():
            self.add_error("start_date", _("The loan cannot start in the past."))
        if start and end and end < start:
            self.add_error("end_date", _("The last day must be on or after the first day."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "start_date": self.cleaned_data["start_date"],
            "end_date": self.cleaned_data["end_date"],
        }


class PurchaseRequestForm(RequestForm):
    pass


class GiveRequestForm(RequestForm):
    pass


class SwapRequestForm(RequestForm):
    offered_listing = forms.ModelChoiceField(
        label=_("Offer one of your listings"),
        queryset=Listing.objects.none(),
        required=False,
        empty_label=_("— none, I describe my offer —"),
        widget=forms.Select,
    )
    offer_text = forms.CharField(
        label=_("Or describe what you offer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )

    field_order = ["offered_listing", "offer_text", "message"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offered_listing"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = own_swappable_listings(user=self.user, exclude_pk=self.listing.pk or 0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("offered_listing") and not data.get("offer_text"):
            raise forms.ValidationError(_("Say what you offer in exchange: one of your listings, or a description."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        offered = self.cleaned_data.get("offered_listing")
        return {
            **super().service_kwargs(),
            "offered_listing_id": offered.pk if offered else None,
            "offer_text": self.cleaned_data.get("offer_text", ""),
        }


class ServiceRequestForm(RequestForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=60, widget=forms.Select
    )

    field_order = ["date", "start_time", "duration", "message"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("date"), data.get("start_time")
        if day and time:
            start = timezone.make_aware(datetime.datetime.combine(day, time))
            if start <= timezone.now():
                self.add_error("date", _("Choose a date and time in the future."))
            data["service_start"] = start
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "service_start": self.cleaned_data["service_start"],
            "duration_minutes": self.cleaned_data["duration"],
        }


class AnswerToRequestForm(RequestForm):
    """For a listing that looks for something ("I am looking for a drill"): the member's offer."""

    message = _message_field(
        required=True, label=_("Your offer"), help_text=_("Say what you can offer, when, and on what terms.")
    )


def request_form_class(listing: Listing) -> type[RequestForm]:
    if listing.intent == Intent.REQUEST:
        return SwapRequestForm if listing.kind == Kind.SWAP else AnswerToRequestForm
    by_kind: dict[str, type[RequestForm]] = {
        Kind.LEND: LoanRequestForm,
        Kind.SELL: PurchaseRequestForm,
        Kind.SWAP: SwapRequestForm,
        Kind.GIVE: GiveRequestForm,
        Kind.SERVICE: ServiceRequestForm,
    }
    return by_kind.get(listing.kind, RequestForm)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class QuestionForm(MessageForm):
    body = forms.CharField(
        label=_("Your question"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class ActionForm(forms.Form):
    """One form for every transition; the state machine decides what is required."""

    action = forms.CharField(max_length=12, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=MESSAGE_MAX_LENGTH, strip=True)
    deposit_received = forms.BooleanField(label=_("I received the deposit"), required=False)
    deposit_returned = forms.BooleanField(label=_("I returned the deposit"), required=False)
