"""factory_boy factories for the whole suite, one section per app."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

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


# --- reviews: this app's factories go below this line (keep the blank lines around).


# --- moderation: this app's factories go below this line (keep the blank lines around).
