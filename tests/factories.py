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


# --- bookings: this app's factories go below this line (keep the blank lines around).


# --- reviews: this app's factories go below this line (keep the blank lines around).


# --- moderation: this app's factories go below this line (keep the blank lines around).
