"""Forms: the listing form adapts to its kind on the server (no JavaScript needed), and search."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.images import ACCEPT_ATTRIBUTE, validate_image
from accounts.models import User
from accounts.validators import validate_single_line
from circles.models import Circle

from .models import (
    MAX_PHOTOS,
    MAX_PRICE,
    Category,
    Condition,
    Intent,
    Kind,
    Listing,
    PriceUnit,
    Visibility,
)
from .selectors import CategoryNode, owner_circles


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several images in one input; each is checked by the image module."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleImageField, self).clean(file, initial) for file in files if file]
        errors: list[ValidationError] = []
        for upload in cleaned:
            try:
                validate_image(upload)
            except ValidationError as exc:
                errors.append(
                    ValidationError(
                        _("%(name)s: %(error)s"), params={"name": upload.name, "error": " ".join(exc.messages)}
                    )
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


def category_choices(tree: list[CategoryNode]) -> list[Any]:
    """Grouped choices: each top category is a group holding itself ("…, other") and its children."""
    choices: list[Any] = [("", _("Choose a category"))]
    for node in tree:
        if not node.children:
            choices.append((node.category.pk, node.category.name))
            continue
        options = [(child.pk, child.name) for child in node.children]
        options.append((node.category.pk, _("%(name)s: other") % {"name": node.category.name}))
        choices.append((node.category.name, options))
    return choices


# Which fields each kind shows; the rest are dropped from the form (and cleared by the service).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.LEND: ("condition", "price", "deposit"),
    Kind.SELL: ("condition", "price"),
    Kind.SWAP: ("condition", "swap_wanted"),
    Kind.GIVE: ("condition",),
    Kind.SERVICE: ("price_unit", "price"),
}
COMMON_FIELDS = ("title", "description", "category", "city", "postcode", "visibility")
# Shown on one line and quoted in email subjects: no line breaks or other control characters.
SINGLE_LINE_FIELDS = ("title", "city", "postcode", "swap_wanted")


class ListingForm(forms.ModelForm):
    """The form for one kind and intent; ``kind``/``intent`` come from the URL (step 1)."""

    circles = forms.ModelMultipleChoiceField(
        label=_("Which circles?"),
        queryset=Circle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("You can only share with circles you are a member of.")},
    )
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "Up to 8 photos (JPEG, HEIC, PNG, WebP or AVIF, 10 MB each): choose them, drop them here or paste "
            "them. The first one is the cover."
        ),
    )

    class Meta:
        model = Listing
        fields = (
            "title",
            "description",
            "category",
            "condition",
            "price_unit",
            "price",
            "deposit",
            "swap_wanted",
            "city",
            "postcode",
            "visibility",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "price_unit": forms.RadioSelect,
            "price": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "deposit": forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "decimal"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        error_messages = {
            "category": {"invalid_choice": _("Choose a category from the list.")},
            "price": {
                "min_value": _("A price cannot be negative or zero: leave it empty for free."),
                "max_value": _("That price is too high (100,000 € at most)."),
            },
            "deposit": {
                "min_value": _("A deposit cannot be negative."),
                "max_value": _("That deposit is too high (10,000 € at most)."),
            },
        }

    def __init__(
        self,
        *args: Any,
        owner: User,
        kind: str,
        intent: str,
        tree: list[CategoryNode],
        existing_photos: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owner, self.kind, self.intent = owner, kind, intent
        self.existing_photos = existing_photos
        keep = set(COMMON_FIELDS) | set(KIND_FIELDS[kind]) | {"circles", "photos"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in SINGLE_LINE_FIELDS:
            if name in self.fields:
                self.fields[name].validators.append(validate_single_line)
        category = self.fields["category"]
        category.choices = category_choices(tree)  # type: ignore[attr-defined]
        category.queryset = Category.objects.all()  # type: ignore[attr-defined]
        circles = self.fields["circles"]
        circles.queryset = owner_circles(owner=owner)  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["circles"] = list(self.instance.circles.values_list("pk", flat=True))
        self._label_for_kind()

    def _label_for_kind(self) -> None:
        offer = self.intent == Intent.OFFER
        fields = self.fields
        fields["title"].widget.attrs["placeholder"] = {
            Kind.LEND: _("e.g. Bosch cordless drill") if offer else _("e.g. Looking for a drill for a weekend"),
            Kind.SELL: _("e.g. City bike, 28 inch") if offer else _("e.g. Looking for a child's bike"),
            Kind.SWAP: _("e.g. Board games to swap"),
            Kind.GIVE: _("e.g. Baby clothes, 6 to 12 months") if offer else _("e.g. Looking for moving boxes"),
            Kind.SERVICE: _("e.g. Maths tutoring, secondary school") if offer else _("e.g. Babysitter on Wednesdays"),
        }[Kind(self.kind)]
        if "condition" in fields:
            fields["condition"].required = False
            fields["condition"].label = _("Condition") if offer else _("Condition wanted")
            fields["condition"].choices = [("", _("Not specified")), *Condition.choices]  # type: ignore[attr-defined]
        if "price" in fields:
            price = fields["price"]
            price.widget.attrs["max"] = str(MAX_PRICE)
            if self.kind == Kind.LEND:
                price.label = _("Price per day (€)") if offer else _("Budget per day (€)")
                price.help_text = _("Leave empty to lend for free.") if offer else ""
            elif self.kind == Kind.SELL:
                price.label = _("Price (€)") if offer else _("Budget (€)")
                price.help_text = "" if offer else _("The most you would pay.")
                price.required = offer
            else:
                price.label = _("Price (€)")
                price.help_text = _("Leave empty when it is free.")
        if "price_unit" in fields:
            unit = fields["price_unit"]
            unit.label = _("Paid?")
            unit.choices = [  # type: ignore[attr-defined]
                (PriceUnit.NONE, _("Free")),
                (PriceUnit.PER_HOUR, _("Per hour")),
                (PriceUnit.FIXED, _("Fixed price")),
            ]
        if "deposit" in fields:
            fields["deposit"].required = False
            fields["deposit"].help_text = _("An amount the borrower leaves with you and gets back on return.")
        fields["visibility"].choices = Visibility.choices  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        return (self.cleaned_data.get("postcode") or "").strip()

    def clean_city(self) -> str:
        return " ".join((self.cleaned_data.get("city") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        # A price sent for a kind that has none is refused, not silently dropped.
        if self.kind in (Kind.GIVE, Kind.SWAP) and (self.data.get(self.add_prefix("price")) or "").strip():
            self.add_error(None, _("A listing to give or to swap has no price."))
        if data.get("visibility") == Visibility.CIRCLES and not data.get("circles") and "circles" not in self.errors:
            self.add_error("circles", _("Choose at least one of your circles, or show it to everyone."))
        photos = data.get("photos") or []
        if self.existing_photos + len(photos) > MAX_PHOTOS:
            self.add_error(
                "photos",
                _("A listing has at most %(max)d photos: you can add %(left)d more.")
                % {"max": MAX_PHOTOS, "left": max(0, MAX_PHOTOS - self.existing_photos)},
            )
        price = data.get("price")
        unit: str = PriceUnit.NONE
        if self.kind == Kind.LEND:
            unit = PriceUnit.PER_DAY if price is not None else PriceUnit.NONE
        elif self.kind == Kind.SELL:
            unit = PriceUnit.FIXED if price is not None else PriceUnit.NONE
        elif self.kind == Kind.SERVICE:
            unit = data.get("price_unit") or PriceUnit.NONE
            if unit == PriceUnit.NONE and price is not None:
                self.add_error("price", _("You chose “Free”: leave the price empty, or choose per hour or fixed."))
            elif unit != PriceUnit.NONE and price is None:
                self.add_error("price", _("Enter a price."))
        # Not "self.price_unit": a form attribute named like a field would hide it from the template.
        self.derived_price_unit = unit
        return data

    def _post_clean(self) -> None:
        # Model validation needs the kind, intent and derived price unit before clean() runs.
        self.instance.kind, self.instance.intent = self.kind, self.intent
        self.instance.price_unit = getattr(self, "derived_price_unit", PriceUnit.NONE)
        for name in ("price", "deposit", "swap_wanted", "condition"):
            if name not in self.fields:
                setattr(self.instance, name, None if name in ("price", "deposit") else "")
        if self.kind in (Kind.GIVE, Kind.SWAP):
            self.instance.price_unit = PriceUnit.NONE
        super()._post_clean()  # type: ignore[misc]

    def _update_errors(self, errors: ValidationError) -> None:
        # A model rule about a field this kind does not show becomes a form-wide error.
        if hasattr(errors, "error_dict"):
            for name in list(errors.error_dict):
                if name not in self.fields and name != NON_FIELD_ERRORS:
                    errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)  # type: ignore[misc]

    def listing_values(self) -> dict[str, Any]:
        """What the services need: every listing field, the kind's own included."""
        values = {name: self.cleaned_data[name] for name in self.fields if name not in ("circles", "photos")}
        values["kind"], values["intent"] = self.kind, self.intent
        values["price_unit"] = self.derived_price_unit
        for name in ("price", "deposit"):
            values.setdefault(name, None)
        for name in ("swap_wanted", "condition"):
            values.setdefault(name, "")
        return values


class PhotoUploadForm(forms.Form):
    photos = MultipleImageField(label=_("Add photos"), required=True)

    def __init__(self, *args: Any, existing_photos: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_photos = existing_photos

    def clean_photos(self) -> list[Any]:
        photos: list[Any] = self.cleaned_data["photos"]
        if self.existing_photos + len(photos) > MAX_PHOTOS:
            raise ValidationError(
                _("A listing has at most %(max)d photos: you can add %(left)d more."),
                params={"max": MAX_PHOTOS, "left": max(0, MAX_PHOTOS - self.existing_photos)},
            )
        return photos


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


SORT_CHOICES = [
    ("", _("Best match")),
    ("newest", _("Newest first")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("trust", _("Most trusted owners first")),
]
MAX_AVAILABILITY_DAYS = 365


class SearchBarForm(forms.Form):
    """The words to look for: the search bar of the home page, the first field of the search."""

    # Every filter is optional: saying so beside each of them would say nothing.
    hide_optional_marker = True

    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("A drill, a bike, a babysitter…")}),
    )


class SearchForm(SearchBarForm):
    """The search filters. Invalid filters show an error and are ignored; valid ones still apply."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices], widget=forms.Select
    )
    intent = forms.ChoiceField(
        label=_("Offers or requests"),
        required=False,
        choices=[("", _("Offers and requests")), (Intent.OFFER, _("Offers")), (Intent.REQUEST, _("Requests"))],
        widget=forms.Select,
    )
    category = forms.ChoiceField(label=_("Category"), required=False, widget=forms.Select)
    where = forms.CharField(
        label=_("City or postcode"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    max_price = forms.DecimalField(
        label=_("Max price (€)"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "decimal"}),
    )
    circle = forms.ChoiceField(label=_("Circle"), required=False, widget=forms.Select)
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DateInput())
    available_to = forms.DateField(label=_("to"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES, widget=forms.Select)
    trusted = forms.BooleanField(label=_("Trusted members only"), required=False, widget=forms.CheckboxInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, tree: list[CategoryNode], circles: list[Circle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {node.category.slug: node.category for node in tree}
        choices: list[Any] = [("", _("All categories"))]
        for node in tree:
            self.categories.update({child.slug: child for child in node.children})
            group = [(node.category.slug, _("All of %(name)s") % {"name": node.category.name})]
            group += [(child.slug, child.name) for child in node.children]
            choices.append((node.category.name, group) if node.children else (node.category.slug, node.category.name))
        self.fields["category"].choices = choices  # type: ignore[attr-defined]
        self.circles = {str(circle.pk): circle for circle in circles}
        self.fields["circle"].choices = [  # type: ignore[attr-defined]
            ("", _("All my circles and public")),
            *((str(circle.pk), circle.name) for circle in circles),
        ]
        if not circles:
            del self.fields["circle"]

    def clean_category(self) -> Category | None:
        slug = self.cleaned_data.get("category")
        return self.categories.get(slug) if slug else None

    def clean_circle(self) -> Circle | None:
        value = self.cleaned_data.get("circle")
        return self.circles.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        start, end = data.get("available_from"), data.get("available_to")
        if start or end:
            today = timezone.localdate()
            if not (start and end):
                self.add_error("available_to", _("Give both dates, or neither."))
            elif start > end:
                self.add_error("available_to", _("The end date must come after the start date."))
            elif start < today:
                self.add_error("available_from", _("The start date is in the past."))
            elif end > today + datetime.timedelta(days=MAX_AVAILABILITY_DAYS):
                self.add_error("available_to", _("Search at most one year ahead."))
        return data
