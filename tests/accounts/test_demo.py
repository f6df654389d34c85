import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts import demo
from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(_media_root):
    demo.seed(io.StringIO())


def test_demo_creates_sixteen_members_and_an_admin(seeded):
    assert User.objects.filter(is_superuser=False).count() == 16
    assert User.objects.get(email="admin@example.fr").is_superuser


def test_demo_is_safe_to_run_twice(seeded, _media_root):
    files_before = sorted(_media_root.rglob("*"))
    demo.seed(io.StringIO())
    assert User.objects.count() == 17
    assert sorted(_media_root.rglob("*")) == files_before


def test_demo_members_have_generated_avatars_that_open(seeded, _media_root):
    marie = User.objects.get(email="marie.dupont@example.fr")
    assert Image.open(_media_root / marie.avatar_thumb.name).size == (128, 128)


def test_marie_logs_in_with_the_demo_password(client, seeded):
    client.post(reverse("account_login"), {"login": "marie.dupont@example.fr", "password": demo.DEMO_PASSWORD})
    assert client.session["_auth_user_id"]


def test_demo_members_live_in_lyon_villeurbanne_and_paris(seeded):
    cities = set(User.objects.exclude(city="").values_list("city", flat=True))
    assert cities == {"Lyon", "Villeurbanne", "Paris"}


def test_demo_portraits_are_drawn_faces_not_initials(seeded, _media_root):
    """Illustrated portraits: skin, hair and clothes make many colours; initials on a disc make few."""
    marie = User.objects.get(email="marie.dupont@example.fr")
    with Image.open(_media_root / marie.avatar.name) as image:
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 1000
