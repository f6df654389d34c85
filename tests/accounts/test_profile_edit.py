from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import login

from .images import jpeg_bytes, upload

URL = reverse("accounts:profile_edit")


def form_data(**overrides):
    return {
        "city": "Lyon",
        "postcode": "69007",
        "bio": "Bricoleur du dimanche.",
        "languages": ["fr", "en"],
        "preferred_language": "fr",
        "email_on_bookings": "on",
        "email_on_messages": "on",
        **overrides,
    }


def files_in(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def test_member_saves_city_bio_languages_and_preferences(alice_client, alice):
    alice_client.post(URL, form_data())
    alice.refresh_from_db()
    assert (alice.city, alice.postcode, alice.languages) == ("Lyon", "69007", ["fr", "en"])
    assert (alice.email_on_bookings, alice.email_on_reviews) == (True, False)


@pytest.mark.parametrize("postcode", ["6900", "690077", "ABCDE", "00123", "99000"])
def test_a_postcode_that_is_not_french_gets_a_form_error(alice_client, alice, postcode):
    response = alice_client.post(URL, form_data(postcode=postcode))
    assert response.context["form"].errors["postcode"]
    alice.refresh_from_db()
    assert alice.postcode == "69003"


def test_a_postcode_with_a_space_is_accepted_and_compacted(alice_client, alice):
    alice_client.post(URL, form_data(postcode="69 007"))
    alice.refresh_from_db()
    assert alice.postcode == "69007"


def test_an_unknown_language_is_refused(alice_client):
    response = alice_client.post(URL, form_data(languages=["klingon"]))
    assert response.context["form"].errors["languages"]


def test_member_uploads_an_avatar_in_two_sizes(alice_client, alice, _media_root):
    alice_client.post(URL, form_data(avatar_upload=upload(jpeg_bytes(size=(800, 600)))))
    alice.refresh_from_db()
    assert alice.avatar.name.startswith("avatars/") and alice.avatar_thumb.name.endswith("_thumb.webp")
    assert len(files_in(_media_root)) == 2


def test_replacing_the_avatar_deletes_the_old_files(client, alice, _media_root, django_capture_on_commit_callbacks):
    login(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(avatar_upload=upload(jpeg_bytes(colour="red"))))
        client.post(URL, form_data(avatar_upload=upload(jpeg_bytes(colour="blue"))))
    alice.refresh_from_db()
    assert files_in(_media_root) == sorted([_media_root / alice.avatar.name, _media_root / alice.avatar_thumb.name])


def test_removing_the_avatar_deletes_its_files(client, alice, _media_root, django_capture_on_commit_callbacks):
    login(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(avatar_upload=upload(jpeg_bytes())))
        client.post(URL, form_data(remove_avatar="on"))
    alice.refresh_from_db()
    assert (alice.avatar.name, files_in(_media_root)) == ("", [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image", "pas une image valide"),
        (jpeg_bytes(size=(600, 400))[:700], "pas une image valide"),
    ],
    ids=["non-image", "truncated-jpeg"],
)
def test_a_bad_avatar_gets_a_clear_error_and_nothing_is_stored(alice_client, alice, _media_root, data, message):
    response = alice_client.post(URL, form_data(avatar_upload=upload(data)))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["avatar_upload"])
    assert files_in(_media_root) == []


def test_a_50_megapixel_png_avatar_is_refused(alice_client, _media_root):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 6250)).save(buffer, "PNG")
    response = alice_client.post(URL, form_data(avatar_upload=upload(buffer.getvalue(), "big.png", "image/png")))
    assert "40 mégapixels" in " ".join(response.context["form"].errors["avatar_upload"])


def test_a_rejected_avatar_leaves_the_rest_unsaved(alice_client, alice):
    alice_client.post(URL, form_data(city="Paris", avatar_upload=upload(b"nope")))
    alice.refresh_from_db()
    assert alice.city == "Lyon"


def test_an_oversized_avatar_is_refused(alice_client, _media_root):
    data = jpeg_bytes() + b"\0" * (10 * 1024 * 1024)
    response = alice_client.post(URL, form_data(avatar_upload=upload(data)))
    assert "10 Mo" in " ".join(response.context["form"].errors["avatar_upload"])


def test_the_edit_page_shows_the_current_values(alice_client):
    html = alice_client.get(URL).content.decode()
    assert 'value="69003"' in html


def test_preferences_page_saves_language_and_sets_the_cookie(alice_client, alice):
    response = alice_client.post(reverse("accounts:preferences"), {"preferred_language": "en"})
    alice.refresh_from_db()
    assert alice.preferred_language == "en"
    assert response.cookies["django_language"].value == "en"


def test_preferences_turn_off_an_email(alice_client, alice):
    alice_client.post(reverse("accounts:preferences"), {"preferred_language": "fr", "email_on_bookings": "on"})
    alice.refresh_from_db()
    assert (alice.email_on_bookings, alice.email_on_messages) == (True, False)


def test_the_footer_switch_saves_the_language_of_a_member(alice_client, alice):
    response = alice_client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.preferred_language == "en"
    assert response.status_code == 302


def test_the_footer_switch_works_for_visitors_with_a_cookie(client, db):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"


def test_the_footer_switch_ignores_an_unknown_language(alice_client, alice):
    alice_client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    alice.refresh_from_db()
    assert alice.preferred_language == "fr"


def test_visitors_switch_language_with_a_link(client, db):
    response = client.get(reverse("accounts:set_language"), {"language": "en", "next": "/annonces/recherche/"})
    assert (response.status_code, response["Location"]) == (302, "/annonces/recherche/")
    assert response.cookies["django_language"].value == "en"


def test_the_language_link_never_sends_visitors_to_another_site(client, db):
    response = client.get(reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_language_link_does_not_change_a_member_saved_preference(alice_client, alice):
    alice_client.get(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.preferred_language == "fr"


def test_a_member_preference_applies_without_a_cookie(client, db):
    from tests.factories import UserFactory

    english = UserFactory(preferred_language="en")
    html = login(client, english).get(reverse("accounts:settings")).content.decode()
    assert 'lang="en"' in html


def test_pages_switch_to_english(client, db):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert "Welcome back" in client.get(reverse("account_login")).content.decode()


def test_user_model_never_exposes_last_name_in_public_name(db):
    assert User(first_name="Marie", last_name="dupont").public_name == "Marie D."


def test_the_edit_page_ticks_the_languages_already_chosen(alice_client, alice):
    alice.languages = ["es"]
    alice.save()
    html = alice_client.get(URL).content.decode()
    assert 'value="es" id="id_languages_2" checked' in html
