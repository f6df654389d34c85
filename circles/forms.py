from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.images import ACCEPT_ATTRIBUTE, validate_image
from accounts.models import User
from accounts.validators import validate_single_line

from .models import Circle, CircleKind, JoinPolicy
from .services import MAX_INVITATION_USES


class NoSuffixMixin:
    """Labels without Django's trailing colon: the design system sets labels above their fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CircleForm(NoSuffixMixin, forms.ModelForm):
    picture_upload = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("A JPEG, HEIC, PNG, WebP or AVIF image, 10 MB at most: the building, the club's logo…"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    remove_picture = forms.BooleanField(label=_("Remove the current picture"), required=False)

    class Meta:
        model = Circle
        fields = ["name", "kind", "join_policy", "city", "description"]
        labels = {
            "name": _("Name"),
            "kind": _("Kind of circle"),
            "join_policy": _("How people join"),
            "city": _("City"),
            "description": _("Description"),
        }
        help_texts = {
            "name": _("For example: Résidence Les Tilleuls, Club de rando du Pilat."),
            "join_policy": _("Invitation-only circles are not listed in the directory and only members see them."),
            "description": _("Who is this circle for? What do its members share?"),
        }
        widgets = {
            "kind": forms.Select(choices=CircleKind.choices),
            "join_policy": forms.RadioSelect(choices=JoinPolicy.choices),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.picture):
            del self.fields["remove_picture"]
        policy = self.fields["join_policy"]
        assert isinstance(policy, forms.TypedChoiceField)
        policy.choices = JoinPolicy.choices  # no empty "---------" radio button
        if not self.instance.pk:
            policy.initial = JoinPolicy.REQUEST
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give your circle a name."))
        return name

    def clean_picture_upload(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("picture_upload")
        if upload:
            validate_image(upload)
        return upload or None


class JoinRequestForm(NoSuffixMixin, forms.Form):
    message = forms.CharField(
        label=_("A word for the admins"),
        required=False,
        max_length=500,
        help_text=_("Say how you are connected to the circle: your floor, your child's class…"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


EXPIRY_CHOICES = [
    ("1", _("1 day")),
    ("7", _("1 week")),
    ("30", _("1 month")),
    ("90", _("3 months")),
    ("365", _("1 year")),
]


class InvitationForm(NoSuffixMixin, forms.Form):
    expires_in_days = forms.TypedChoiceField(label=_("Valid for"), choices=EXPIRY_CHOICES, coerce=int, initial="7")
    max_uses = forms.IntegerField(
        label=_("Maximum number of uses"),
        min_value=1,
        max_value=MAX_INVITATION_USES,
        initial=10,
        help_text=_("Each person who joins through the link uses it once."),
    )
    label = forms.CharField(
        label=_("Note for yourself"),
        required=False,
        max_length=80,
        validators=[validate_single_line],
        help_text=_("For example: “Neighbours of staircase B”. Only admins see it."),
    )

    @property
    def expires_in(self) -> timedelta:
        return timedelta(days=self.cleaned_data["expires_in_days"])


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.public_name)


class LeaveForm(NoSuffixMixin, forms.Form):
    """What the last admin must choose before leaving: a successor, or closing the circle."""

    SUCCESSOR, CLOSE = "successor", "close"
    # One of the two is needed (a successor, or closing): neither is "optional" on its own.
    hide_optional_marker = True

    choice = forms.ChoiceField(
        label=_("Before you leave"),
        widget=forms.RadioSelect,
        choices=[
            (SUCCESSOR, _("Name another member as admin")),
            (CLOSE, _("Close the circle for everyone")),
        ],
        required=False,
    )
    successor = MemberChoiceField(
        label=_("New admin"), queryset=User.objects.none(), required=False, empty_label=_("Choose a member")
    )

    def __init__(self, *args: Any, candidates: Any = None, last_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_admin = last_admin
        successor = self.fields["successor"]
        if candidates is not None and isinstance(successor, forms.ModelChoiceField):
            successor.queryset = candidates
        if not last_admin:
            del self.fields["choice"]
            del self.fields["successor"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.last_admin:
            choice = cleaned.get("choice")
            if not choice and cleaned.get("successor"):
                choice = cleaned["choice"] = self.SUCCESSOR  # picking a member says it all
            if not choice:
                raise forms.ValidationError(_("Name another admin or close the circle."))
            if choice == self.SUCCESSOR and not cleaned.get("successor"):
                self.add_error("successor", _("Choose the member who will manage the circle."))
        return cleaned
