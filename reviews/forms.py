from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Review, ReviewReply, Vouch

RATING_CHOICES = [
    (5, _("5 stars — excellent")),
    (4, _("4 stars — very good")),
    (3, _("3 stars — fine")),
    (2, _("2 stars — disappointing")),
    (1, _("1 star — a real problem")),
]


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect, empty_value=None
    )

    class Meta:
        model = Review
        fields = ["rating", "comment", "private_note"]
        labels = {"comment": _("Your review"), "private_note": _("Private note to the moderators")}
        help_texts = {
            "comment": _("Public once published. Describe the exchange: punctuality, condition, kindness."),
        }
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "private_note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if len(comment) < 3:
            raise forms.ValidationError(_("Write a few words about the exchange."))
        return comment


class ReplyForm(forms.ModelForm):
    class Meta:
        model = ReviewReply
        fields = ["text"]
        labels = {"text": _("Your public reply")}
        help_texts = {"text": _("One reply, public and final: stay factual and courteous.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}


class VouchForm(forms.ModelForm):
    class Meta:
        model = Vouch
        fields = ["text"]
        labels = {"text": _("How do you know them?")}
        help_texts = {"text": _("For example: “My neighbour for five years, always helpful.”")}
        widgets = {"text": forms.TextInput(attrs={"maxlength": 300})}
