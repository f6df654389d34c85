"""Creating and editing circles through their forms, the demo data and the Django admin."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from circles.models import Circle
from tests.conftest import login

pytestmark = pytest.mark.django_db

FIELDS = {"name": "Résidence Les Tilleuls", "kind": "building", "join_policy": "request", "city": "Lyon 3e"}


def _png(size=(900, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (21, 144, 127)).save(buffer, "PNG")
    return SimpleUploadedFile("tilleuls.png", buffer.getvalue(), content_type="image/png")


def test_a_circle_is_created_with_its_picture(alice_client, _media_root):
    alice_client.post(reverse("circles:create"), {**FIELDS, "picture_upload": _png()})
    circle = Circle.objects.get()
    assert circle.picture.name.endswith(".webp")
    assert (Path(_media_root) / circle.picture_thumb.name).exists()


def test_a_file_that_is_not_an_image_is_a_form_error(alice_client):
    fake = SimpleUploadedFile("virus.png", b"not an image at all", content_type="image/png")
    response = alice_client.post(reverse("circles:create"), {**FIELDS, "picture_upload": fake})
    assert response.status_code == 200
    assert "picture_upload" in response.context["form"].errors
    assert not Circle.objects.exists()


def test_a_circle_needs_a_name(alice_client):
    response = alice_client.post(reverse("circles:create"), {**FIELDS, "name": "   "})
    assert "name" in response.context["form"].errors


def test_a_circle_name_with_a_line_break_is_a_form_error(alice_client):
    response = alice_client.post(reverse("circles:create"), {**FIELDS, "name": "Les Tilleuls\r\nBcc: tous"})
    assert "Écrivez ceci sur une seule ligne" in str(response.context["form"].errors["name"])
    assert not Circle.objects.exists()


def test_an_unknown_kind_is_a_form_error(alice_client):
    response = alice_client.post(reverse("circles:create"), {**FIELDS, "kind": "cult"})
    assert "kind" in response.context["form"].errors


def test_editing_keeps_the_address(private_cast):
    url = reverse("circles:edit", args=[private_cast.circle.slug])
    private_cast.client("admin").post(url, {**FIELDS, "name": "Les Tilleuls (bâtiments A à C)"})
    circle = Circle.objects.get(pk=private_cast.circle.pk)
    assert (circle.name, circle.slug) == ("Les Tilleuls (bâtiments A à C)", "residence-les-tilleuls")


def test_replacing_the_picture_deletes_the_old_files(private_cast, _media_root, django_capture_on_commit_callbacks):
    client = private_cast.client("admin")
    url = reverse("circles:edit", args=[private_cast.circle.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**FIELDS, "picture_upload": _png()})
    old = Circle.objects.get(pk=private_cast.circle.pk).picture.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**FIELDS, "picture_upload": _png((600, 400))})
    assert not (Path(_media_root) / old).exists()


def test_removing_the_picture(private_cast, django_capture_on_commit_callbacks):
    client = private_cast.client("admin")
    url = reverse("circles:edit", args=[private_cast.circle.slug])
    client.post(url, {**FIELDS, "picture_upload": _png()})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**FIELDS, "remove_picture": "on"})
    assert not Circle.objects.get(pk=private_cast.circle.pk).picture


def test_the_circle_page_shows_the_picture(private_cast):
    client = private_cast.client("admin")
    client.post(reverse("circles:edit", args=[private_cast.circle.slug]), {**FIELDS, "picture_upload": _png()})
    circle = Circle.objects.get(pk=private_cast.circle.pk)
    assert circle.picture.url in client.get(circle.get_absolute_url()).content.decode()


# --- demo data


def test_seed_demo_creates_circles_and_is_safe_to_run_twice(db):
    from accounts import demo as accounts_demo
    from circles import demo

    for _ in range(2):
        accounts_demo.seed(io.StringIO())
        demo.seed(io.StringIO())
    assert Circle.objects.count() == 6
    assert Circle.objects.filter(memberships__status="pending").distinct().count() == 2


def test_seed_demo_tolerates_missing_members(db):
    from circles import demo

    demo.seed(io.StringIO())
    assert Circle.objects.count() == 0


# --- admin


def test_the_admin_lists_circles_with_member_counts(client, private_cast):
    from accounts.models import User

    staff = User.objects.create_superuser(email="admin@example.fr", password="x", first_name="A", last_name="B")
    login(client, staff)
    response = client.get(reverse("admin:circles_circle_changelist"), {"kind": "neighbourhood", "q": "Tilleuls"})
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].member_count == 2


@pytest.mark.parametrize("model", ["membership", "invitation"])
def test_the_admin_lists_memberships_and_invitations(client, private_cast, model):
    from accounts.models import User

    staff = User.objects.create_superuser(email="admin@example.fr", password="x", first_name="A", last_name="B")
    login(client, staff)
    assert client.get(reverse(f"admin:circles_{model}_changelist"), {"q": "Tilleuls"}).status_code == 200
