"""factory_boy factories for the whole suite, one section per app."""

import secrets
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from circles.models import Circle, CircleKind, Invitation, JoinPolicy, Membership, MembershipRole, MembershipStatus

DEFAULT_PASSWORD = "un-mot-de-passe-solide"


# --- accounts
class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    city = "Lyon"
    postcode = "69003"
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Members are verified unless a test says otherwise: UserFactory(verified=False)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


# --- circles: this app's factories go below this line (keep the blank lines around).


class CircleFactory(factory.django.DjangoModelFactory):
    """A circle with no members: add them with MembershipFactory (or circle_create for a real admin)."""

    class Meta:
        model = Circle

    name = factory.Sequence(lambda n: f"Cercle {n}")
    slug = factory.Sequence(lambda n: f"cercle-{n}")
    kind = CircleKind.NEIGHBOURHOOD
    join_policy = JoinPolicy.OPEN
    city = "Lyon"
    description = "Un cercle de voisins."


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member by default; MembershipFactory(admin=True) or (pending=True)."""

    class Meta:
        model = Membership

    class Params:
        admin = factory.Trait(role=MembershipRole.ADMIN)
        pending = factory.Trait(status=MembershipStatus.PENDING, joined_at=None)

    circle = factory.SubFactory(CircleFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    circle = factory.SubFactory(CircleFactory, join_policy=JoinPolicy.INVITATION)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=7))
    max_uses = 10


# --- listings: this app's factories go below this line (keep the blank lines around).


class ListingFactory(factory.django.DjangoModelFactory):
    """A published public loan of a drill in Lyon, unless told otherwise.

    ``ListingFactory(circles=[circle])`` shares it with circles only.
    """

    class Meta:
        model = "listings.Listing"
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    kind = "lend"
    intent = "offer"
    title = factory.Sequence(lambda n: f"Perceuse sans fil n°{n}")
    description = "Perceuse-visseuse avec deux batteries et un jeu de forets. À prendre et rendre au 3e étage."
    category = factory.LazyFunction(lambda: _category("power-tools"))
    condition = "good"
    price_unit = "none"
    city = "Lyon"
    postcode = "69003"
    status = "active"
    published_at = factory.LazyFunction(lambda: _now())

    @factory.post_generation
    def circles(obj, create: bool, extracted, **kwargs: object) -> None:
        if create and extracted:
            obj.visibility = "circles"
            obj.save(update_fields=["visibility"])
            obj.circles.set(extracted)

    @factory.post_generation
    def search_vector(obj, create: bool, extracted, **kwargs: object) -> None:
        if create:
            from listings.search import update_search_vectors

            update_search_vectors([obj.pk])


def _now():
    from django.utils import timezone

    return timezone.now()


def _category(slug: str):
    from listings.models import Category

    return Category.objects.get(slug=slug)


class FavouriteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "listings.Favourite"

    user = factory.SubFactory(UserFactory)
    listing = factory.SubFactory(ListingFactory)


# --- bookings: this app's factories go below this line (keep the blank lines around).
class BookableListingFactory(factory.django.DjangoModelFactory):
    """A published listing to book (a drill to lend by default), in a seeded category."""

    class Meta:
        model = "listings.Listing"

    owner = factory.SubFactory(UserFactory)
    kind = "lend"
    intent = "offer"
    title = "Perceuse-visseuse Bosch"
    description = "Avec deux batteries et un jeu de mèches."
    category = factory.LazyFunction(lambda: _first_category())
    city = "Lyon"
    postcode = "69003"
    status = "active"
    published_at = factory.LazyFunction(timezone.now)
    price_unit = "none"


def _first_category():  # type: ignore[no-untyped-def]
    from listings.models import Category

    return Category.objects.filter(parent__isnull=False).order_by("pk").first() or Category.objects.create(
        slug="bricolage-test", name_fr="Bricolage", name_en="DIY"
    )


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written directly (tests of the state machine put it in any state)."""

    class Meta:
        model = "bookings.Booking"

    listing = factory.SubFactory(BookableListingFactory)
    kind = factory.SelfAttribute("listing.kind")
    owner = factory.SelfAttribute("listing.owner")
    requester = factory.SubFactory(UserFactory)
    state = "requested"


# --- reviews: this app's factories go below this line (keep the blank lines around).
def reviews_listing(*, owner: User, kind: str = "lend", title: str = "Perceuse Bosch"):
    """A published listing of ``owner`` (the reviews tests need one behind each booking)."""
    from django.utils import timezone

    from listings.models import Category, Listing

    return Listing.objects.create(
        owner=owner,
        kind=kind,
        title=title,
        description="Une annonce pour les tests des avis.",
        # transaction=True tests flush the categories the migration seeded: make one then.
        category=Category.objects.order_by("pk").first()
        or Category.objects.create(slug="avis-test", name_fr="Divers", name_en="Other"),
        city="Lyon",
        postcode="69003",
        status="active",
        published_at=timezone.now(),
    )


def reviews_booking(*, owner: User, requester: User, state: str = "completed", completed_at=None, **extra):
    """A booking between ``owner`` and ``requester``, completed at ``completed_at`` (default: now)."""
    from django.utils import timezone

    from bookings.models import Booking

    listing = reviews_listing(owner=owner, kind=extra.pop("kind", "give"))
    if state == "completed" and completed_at is None:
        completed_at = timezone.now()
    return Booking.objects.create(
        listing=listing,
        kind=listing.kind,
        owner=owner,
        requester=requester,
        state=state,
        completed_at=completed_at if state == "completed" else None,
        **extra,
    )


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review; give ``booking`` and ``author`` (the subject is the other member)."""

    class Meta:
        model = "reviews.Review"

    rating = 5
    comment = "Échange parfait, très aimable et ponctuel."
    subject = factory.LazyAttribute(lambda o: o.booking.requester if o.author == o.booking.owner else o.booking.owner)


class VouchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Vouch"

    voucher = factory.SubFactory(UserFactory)
    vouchee = factory.SubFactory(UserFactory)
    text = "Ma voisine depuis des années."


# --- moderation: this app's factories go below this line (keep the blank lines around).
class ModeratorFactory(UserFactory):
    """A staff member in the "Moderators" group (created by moderation's data migration)."""

    is_staff = True

    @factory.post_generation
    def moderators_group(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        from moderation.groups import moderators_group_sync

        if create:
            obj.groups.add(moderators_group_sync())
