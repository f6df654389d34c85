"""Listings: what members lend, sell, swap, give or offer as a service, and what they look for.

Kind-specific rules live in ``Listing.clean()`` (clear form errors) and again in database
constraints (so no code path — admin, bulk insert, a future API — can store an impossible row).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_PHOTOS = 8
MAX_PRICE = Decimal("100000.00")
MAX_DEPOSIT = Decimal("10000.00")
MIN_PRICE = Decimal("0.01")


class Category(models.Model):
    """A node of the category tree (two levels: "Sports & outdoor > Cycling"). Seeded by a migration."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_is_not_its_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("listings:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """The name in the active language (French unless the page is in English)."""
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class Kind(models.TextChoices):
    LEND = "lend", _("Lend")
    SELL = "sell", _("Sell")
    SWAP = "swap", _("Swap")
    GIVE = "give", _("Give")
    SERVICE = "service", _("Service")


OBJECT_KINDS = (Kind.LEND, Kind.SELL, Kind.SWAP, Kind.GIVE)


class Intent(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    LIKE_NEW = "like_new", _("Like new")
    GOOD = "good", _("Good condition")
    FAIR = "fair", _("Fair condition")
    FOR_PARTS = "for_parts", _("For parts or repair")


class PriceUnit(models.TextChoices):
    NONE = "none", _("Free")
    PER_DAY = "per_day", _("per day")
    PER_HOUR = "per_hour", _("per hour")
    FIXED = "fixed", _("fixed price")


# Which price units each kind accepts: the model's clean() and the database agree on this table.
PRICE_UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.LEND: (PriceUnit.NONE, PriceUnit.PER_DAY),
    Kind.SELL: (PriceUnit.FIXED, PriceUnit.NONE),  # NONE only for a request without a budget
    Kind.SWAP: (PriceUnit.NONE,),
    Kind.GIVE: (PriceUnit.NONE,),
    Kind.SERVICE: (PriceUnit.NONE, PriceUnit.PER_HOUR, PriceUnit.FIXED),
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    CIRCLES = "circles", _("Only my chosen circles")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Published")
    PAUSED = "paused", _("Paused")
    RESERVED = "reserved", _("Reserved")
    CLOSED = "closed", _("Closed")
    REMOVED = "removed", _("Removed by moderation")


def effective_price() -> Coalesce:
    """The price to sort by: a listing without a price is free (0). Indexed, so sorting is cheap."""
    return Coalesce("price", Value(Decimal("0")), output_field=models.DecimalField(max_digits=8, decimal_places=2))


postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a French postcode of 5 digits."))


def _price_units_rule() -> Q:
    rule = Q()
    for kind, units in PRICE_UNITS_BY_KIND.items():
        rule |= Q(kind=kind, price_unit__in=units)
    return rule


# Statuses a listing page shows to others (with a notice when it is not available); only
# active listings are discoverable (search, home, categories). Drafts and listings removed by
# moderation are their owner's alone.
VIEWABLE_STATUSES = (Status.ACTIVE, Status.RESERVED, Status.PAUSED, Status.CLOSED)


class ListingQuerySet(models.QuerySet["Listing"]):
    def visible_to(self, viewer: Any) -> ListingQuerySet:
        """THE rule of who may see a listing; every surface that shows one, or anything about one,
        goes through it (pages, reviews, messages, emails, the admin's member pages, the API).

        A member sees their own listings in any status. Anyone else's, only when it is viewable
        (``VIEWABLE_STATUSES``), its owner is not suspended (``accounts.models.suspended_at``),
        neither of the two blocked the other, and it is public or shared with one of the open
        circles the viewer actively belongs to. Visitors see public listings only. The viewer's
        circles and blocks come from the cache (``circles.selectors.circle_ids_for_user``,
        ``accounts.selectors.blocked_member_ids``), deleted by the services that change them.
        """
        from accounts.models import suspended_at
        from accounts.selectors import blocked_member_ids
        from circles.selectors import circle_ids_for_user

        others = Q(status__in=VIEWABLE_STATUSES) & ~suspended_at(timezone.now(), prefix="owner__")
        if viewer is None or not viewer.is_authenticated:
            return self.filter(others, visibility=Visibility.PUBLIC)
        audience = Q(visibility=Visibility.PUBLIC)
        circle_ids = circle_ids_for_user(user=viewer)
        if circle_ids:
            shared = Listing.circles.through.objects.filter(listing_id=OuterRef("pk"), circle_id__in=circle_ids)
            audience |= Q(Q(visibility=Visibility.CIRCLES), Exists(shared))
        blocked = blocked_member_ids(user_id=viewer.pk)
        if blocked:
            others &= ~Q(owner_id__in=blocked)
        return self.filter(Q(owner_id=viewer.pk) | (others & audience))

    def discoverable(self) -> ListingQuerySet:
        """The ones search, home and category pages list: active (the visibility rule aside)."""
        return self.filter(status=Status.ACTIVE)


# The badge of a kind, as an offer and as a request (translated when shown).
KIND_LABELS = {
    Kind.LEND.value: (_("To lend"), _("Wanted to borrow")),
    Kind.SELL.value: (_("For sale"), _("Wanted to buy")),
    Kind.SWAP.value: (_("To swap"), _("Looking to swap")),
    Kind.GIVE.value: (_("To give away"), _("Looking for a gift")),
    Kind.SERVICE.value: (_("Service offered"), _("Service wanted")),
}


class Listing(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings", verbose_name=_("owner")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    intent = models.CharField(_("offer or request"), max_length=10, choices=Intent.choices, default=Intent.OFFER)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="listings", verbose_name=_("category")
    )
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, blank=True)
    price = models.DecimalField(
        _("price (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_PRICE), MaxValueValidator(MAX_PRICE)],
    )
    price_unit = models.CharField(_("price"), max_length=10, choices=PriceUnit.choices, default=PriceUnit.NONE)
    deposit = models.DecimalField(
        _("deposit (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_DEPOSIT)],
        help_text=_("Optional: an amount the borrower leaves with you and gets back on return."),
    )
    swap_wanted = models.CharField(
        _("what you would like in exchange"),
        max_length=300,
        blank=True,
        help_text=_("For example: a board game, plants, a few hours of help…"),
    )
    city = models.CharField(_("city"), max_length=80)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    circles = models.ManyToManyField("circles.Circle", blank=True, related_name="listings", verbose_name=_("circles"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Denormalised from the photo at position 0, so list pages show a cover without another query.
    cover_thumbnail = models.CharField(_("cover thumbnail"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept up to date by listings.search.update_search_vectors() (PostgreSQL only; null on SQLite).
    # Its GIN index is created by a PostgreSQL-only migration.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], condition=Q(status="active"), name="listing_active_recent_idx"
            ),
            # Sorting by price walks these instead of sorting every active listing.
            models.Index(
                effective_price().asc(),
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="active"),
                name="listing_active_price_asc_idx",
            ),
            models.Index(
                effective_price().desc(),
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="active"),
                name="listing_active_price_desc_idx",
            ),
            models.Index(fields=["owner", "status"], name="listing_owner_status_idx"),
            models.Index(fields=["category", "status"], name="listing_category_status_idx"),
            # The search filter "circle": the listings of the circle's members, read from the index
            # alone (no heap access), a few thousand rows whatever the size of the site.
            models.Index(fields=["owner", "status", "visibility", "id"], name="listing_owner_discover_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="listing_kind_valid"),
            models.CheckConstraint(condition=Q(intent__in=Intent.values), name="listing_intent_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="listing_status_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="listing_visibility_valid"),
            models.CheckConstraint(
                condition=Q(condition="") | Q(condition__in=Condition.values), name="listing_condition_valid"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=MIN_PRICE, price__lte=MAX_PRICE),
                name="listing_price_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(price_unit=PriceUnit.NONE, price__isnull=True)
                | (~Q(price_unit=PriceUnit.NONE) & Q(price__isnull=False)),
                name="listing_price_iff_unit",
            ),
            models.CheckConstraint(condition=_price_units_rule(), name="listing_price_unit_fits_kind"),
            models.CheckConstraint(
                condition=~Q(kind=Kind.SELL, intent=Intent.OFFER) | Q(price_unit=PriceUnit.FIXED),
                name="listing_sale_offer_has_price",
            ),
            models.CheckConstraint(
                condition=Q(deposit__isnull=True) | Q(kind=Kind.LEND, deposit__gte=0, deposit__lte=MAX_DEPOSIT),
                name="listing_deposit_only_for_lend",
            ),
            models.CheckConstraint(
                condition=Q(swap_wanted="") | Q(kind=Kind.SWAP), name="listing_swap_wanted_only_for_swap"
            ),
            models.CheckConstraint(
                condition=Q(condition="") | ~Q(kind=Kind.SERVICE), name="listing_no_condition_for_services"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(published_at__isnull=False),
                name="listing_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("listings:detail", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> str:
        """The badge on cards: "To lend", "Wanted to borrow", …"""
        pair = KIND_LABELS.get(self.kind)
        if pair is None:
            return self.kind
        return str(pair[0] if self.intent == Intent.OFFER else pair[1])

    @property
    def price_label(self) -> str:
        """The price as members read it: "Free", "5 € / day", "120 €", "Budget: 50 €", "To swap"."""
        if self.kind == Kind.SWAP:
            return str(_("Swap"))
        if self.price is None:
            if self.intent == Intent.REQUEST and self.kind in (Kind.SELL, Kind.LEND, Kind.SERVICE):
                return str(_("Budget open"))
            return str(_("Free"))
        price = self.price
        decimals = 0 if price == price.to_integral_value() else 2
        amount = f"{number_format(price, decimal_pos=decimals, force_grouping=True)}\u00a0€"
        if self.price_unit == PriceUnit.PER_DAY:
            label = _("%(amount)s / day") % {"amount": amount}
        elif self.price_unit == PriceUnit.PER_HOUR:
            label = _("%(amount)s / hour") % {"amount": amount}
        else:
            label = amount
        if self.intent == Intent.REQUEST:
            return str(_("Budget: %(price)s") % {"price": label})
        return str(label)

    @property
    def deposit_label(self) -> str:
        if self.deposit is None:
            return ""
        decimals = 0 if self.deposit == self.deposit.to_integral_value() else 2
        return f"{number_format(self.deposit, decimal_pos=decimals, force_grouping=True)}\u00a0€"

    @property
    def is_object(self) -> bool:
        return self.kind in OBJECT_KINDS

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_visible_to_others(self) -> bool:
        """Whether anyone but the owner may see it (published, reserved or not)."""
        return self.status in (Status.ACTIVE, Status.RESERVED)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        units = PRICE_UNITS_BY_KIND.get(self.kind, ())
        if self.kind in (Kind.GIVE, Kind.SWAP):
            if self.price is not None:
                errors["price"] = _("A listing to give or to swap has no price.")
            self.price_unit = PriceUnit.NONE
        elif self.price_unit not in units:
            errors["price_unit"] = _("This kind of price does not fit this kind of listing.")
        elif self.price_unit == PriceUnit.NONE and self.price is not None:
            errors["price"] = _("A free listing has no price: choose a price type, or leave the price empty.")
        elif self.price_unit != PriceUnit.NONE and self.price is None:
            errors["price"] = _("Enter a price.")
        if self.kind == Kind.SELL and self.intent == Intent.OFFER and self.price_unit != PriceUnit.FIXED:
            errors["price"] = _("Enter the price you are asking.")
        if self.deposit is not None and self.kind != Kind.LEND:
            errors["deposit"] = _("Only a loan can ask for a deposit.")
        if self.swap_wanted and self.kind != Kind.SWAP:
            errors["swap_wanted"] = _("Only a swap says what is wanted in exchange.")
        if self.condition and self.kind == Kind.SERVICE:
            errors["condition"] = _("A service has no condition.")
        if errors:
            raise ValidationError(errors)


class ListingPhoto(models.Model):
    """One of a listing's photos (at most 8). The photo at position 0 is the cover."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos", verbose_name=_("listing"))
    image = models.ImageField(_("image"), max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "position"], name="listing_photo_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} #{self.position}"

    @property
    def is_cover(self) -> bool:
        return self.position == 0


class PendingPhoto(models.Model):
    """A photo the owner sent, waiting for a worker to decode and store it (``photos_prepare``).

    Decoding a phone's photo takes a good part of a second; eight of them in the request would
    hold a web process for seconds. The upload's bytes wait here, in the database the web
    processes and the workers share, never in the media folder: they still carry their EXIF and
    GPS. The row goes once its photo is stored; one that cannot be used keeps, without its
    bytes, the reason to tell the owner on their photos page.
    """

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="pending_photos", verbose_name=_("listing")
    )
    name = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(editable=False)
    error = models.CharField(_("why it cannot be used"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo being prepared")
        verbose_name_plural = _("photos being prepared")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.name}"


class Favourite(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites", verbose_name=_("member")
    )
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="favourites", verbose_name=_("listing"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "listing"], name="one_favourite_per_member_and_listing")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.listing_id}"
