"""The cast for listings: alice owns, bob shares her circle, dave is in another circle, charlie is a stranger."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from circles.models import Circle, CircleKind, JoinPolicy, Membership, MembershipRole, MembershipStatus
from tests.factories import UserFactory


def make_circle(name: str, *members, admin=None) -> Circle:
    slug = name.lower().replace(" ", "-")
    circle = Circle.objects.create(name=name, slug=slug, kind=CircleKind.BUILDING, join_policy=JoinPolicy.REQUEST)
    for member in members:
        Membership.objects.create(
            circle=circle,
            user=member,
            role=MembershipRole.ADMIN if member == admin else MembershipRole.MEMBER,
            status=MembershipStatus.ACTIVE,
            joined_at=timezone.now(),
        )
    return circle


def png(name: str = "photo.png", size: tuple[int, int] = (64, 48), colour: str = "teal") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def not_an_image(name: str = "notes.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is a text file, not a picture", content_type="image/png")


@pytest.fixture(autouse=True)
def _category_tree(db) -> None:
    """The seeded tree, even after a transactional test elsewhere flushed the database."""
    from listings.categories import seed_categories
    from listings.models import Category

    if not Category.objects.exists():
        seed_categories(Category)


@pytest.fixture
def dave(db):
    """A member of another circle than alice's."""
    return UserFactory(first_name="Dave", last_name="Roux", email="dave@example.fr")


@pytest.fixture
def tilleuls(alice, bob):
    """Alice's and Bob's building."""
    return make_circle("Résidence Les Tilleuls", alice, bob, admin=alice)


@pytest.fixture
def other_circle(dave):
    return make_circle("Club de foot", dave)
