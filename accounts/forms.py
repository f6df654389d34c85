import re
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .images import ACCEPT_ATTRIBUTE, MAX_UPLOAD_BYTES
from .models import SPOKEN_LANGUAGES, Language, User
from .validators import validate_single_line

# Metropolitan France, Corsica (20xxx) and overseas (97xxx, 98xxx): five digits, no 00 or 99 prefix.
FRENCH_POSTCODE = re.compile(r"^(0[1-9]|[1-8]\d|9[0-8])\d{3}$")


class RealLabelsMixin:
    """Every field keeps a visible label, so placeholders that repeat it are dropped."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        if "email" in self.fields:
            self.fields["email"].label = _("Email address")


class ResetPasswordForm(RealLabelsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(RealLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(RealLabelsMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(RealLabelsMixin, allauth_forms.SetPasswordForm):
    pass


class ReauthenticateForm(RealLabelsMixin, allauth_forms.ReauthenticateForm):
    pass


class AddEmailForm(RealLabelsMixin, allauth_forms.AddEmailForm):
    pass


class LoginForm(AllauthLoginForm):
    """allauth's login form with a real label instead of a placeholder."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        for name in ("login", "password"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(AllauthSignupForm):
    """Sign-up asks for the email, the first and last name and a password; nothing else."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=60,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=80,
        validators=[validate_single_line],
        help_text=_("Only its initial is shown to other members."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # allauth puts placeholders in place of labels; we show real labels, so drop the echo.
        self.fields["email"].label = _("Email address")
        for name in ("email", "password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)
        if "password2" in self.fields:
            self.fields["password2"].label = _("Password (again)")

    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        return user

    def custom_signup(self, request: HttpRequest, user: Any) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        language = getattr(request, "LANGUAGE_CODE", "fr")
        user.preferred_language = language if language in {"fr", "en"} else "fr"
        user.save(update_fields=["first_name", "last_name", "preferred_language"])


def clean_french_postcode(value: str) -> str:
    """Accept "69 003" or "69003"; refuse anything that is not a French postcode."""
    compact = re.sub(r"\s", "", value or "")
    if compact and not FRENCH_POSTCODE.match(compact):
        raise ValidationError(_("Enter a French postcode of five digits, for example 69003."), code="postcode")
    return compact


class PreferencesForm(forms.ModelForm):
    """Site language and which emails a member wants."""

    class Meta:
        model = User
        fields = [
            "preferred_language",
            "email_on_bookings",
            "email_on_messages",
            "email_on_reviews",
            "email_on_circles",
        ]
        widgets: dict[str, type[forms.Widget] | forms.Widget] = {"preferred_language": forms.RadioSelect}
        labels = {"preferred_language": _("Site language")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name, so that a member who cannot read the current one finds theirs.
        self.fields["preferred_language"].choices = [  # type: ignore[attr-defined]
            (Language.FRENCH, "Français"),
            (Language.ENGLISH, "English"),
        ]


class ProfileForm(PreferencesForm):
    """The public profile (avatar, city, bio, languages) and the preferences, on one page."""

    avatar_upload = forms.FileField(
        label=_("New photo"),
        required=False,
        help_text=_("JPEG, HEIC, PNG, WebP or AVIF, 10 MB at most. It is cropped to a square."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(PreferencesForm.Meta):
        fields = ["city", "postcode", "bio", "languages", *PreferencesForm.Meta.fields]
        labels = {
            **PreferencesForm.Meta.labels,
            "city": _("City"),
            "postcode": _("Postcode"),
            "bio": _("About me"),
        }
        help_texts = {
            "postcode": _("Never shown to other members; it helps us suggest what is near you."),
            "bio": _("A few words other members will see: what you like to lend, share or do."),
        }
        widgets = {
            **PreferencesForm.Meta.widgets,
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 600}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        }

    field_order = ["avatar_upload", "remove_avatar", "city", "postcode", "bio", "languages"]

    def clean_postcode(self) -> str:
        return clean_french_postcode(self.cleaned_data.get("postcode", ""))

    def clean_avatar_upload(self) -> Any:
        upload = self.cleaned_data.get("avatar_upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("This file is too large (10 MB at most)."), code="too_large")
        return upload
