"""The moderation cast: a member (reporter), a reported member with a listing, a moderator, a superuser."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import BookableListingFactory, ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _export_root(tmp_path: Path, settings) -> Iterator[Path]:
    settings.MODERATION_EXPORT_ROOT = tmp_path / "exports"
    yield settings.MODERATION_EXPORT_ROOT


@pytest.fixture
def moderator(db):
    return ModeratorFactory(first_name="Modeste", last_name="Garde", email="moderateur@example.fr")


@pytest.fixture
def superuser(db):
    return UserFactory(
        first_name="Sophie", last_name="Admin", email="admin@example.fr", is_staff=True, is_superuser=True
    )


@pytest.fixture
def listing(bob):
    """Bob's public drill, the usual target of a report."""
    return BookableListingFactory(owner=bob, title="Perceuse à percussion")
