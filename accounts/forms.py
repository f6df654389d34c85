from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(AllauthSignupForm):
    """Sign-up asks for the email, the first and last name and a password; nothing else."""

    first_name = forms.CharField(
        label=_("First name"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=80,
        help_text=_("Only its initial is shown to other members."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        return user

    def custom_signup(self, request: HttpRequest, user: Any) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        language = getattr(request, "LANGUAGE_CODE", "fr")
        user.preferred_language = language if language in {"fr", "en"} else "fr"
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
