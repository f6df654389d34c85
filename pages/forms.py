"""The contact form: what a visitor or a member writes to the moderators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line

from .models import ContactTopic

MAX_BODY = 5000


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("The moderators answer you at this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=ContactTopic.choices)
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Never write a password here. To report a listing or a member, the Report link on its page is quickest."
        ),
    )
    # A field people never see (it is moved off-screen) and scripts fill in: no captcha needed.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "email"):
            self.fields[name].widget.attrs["required"] = True

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Tell us your name."))
        return name

    @property
    def is_a_trap(self) -> bool:
        """Whether the hidden field was filled in: a script, whose message is dropped quietly."""
        return bool((self.data.get(self.add_prefix("website")) or "").strip())
