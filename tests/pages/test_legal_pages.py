"""Legal and help pages: linked from every page, in both languages, edited in the admin."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from pages.models import Page
from tests.conftest import login

pytestmark = pytest.mark.django_db

PAGES = ["pages:legal", "pages:terms", "pages:privacy", "pages:help"]


@pytest.mark.parametrize("name", [*PAGES, "pages:contact"])
def test_every_page_links_to_the_legal_pages_in_its_footer(client, name):
    html = client.get(reverse("home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse(name)}"' in footer


@pytest.mark.parametrize("name", PAGES)
def test_a_visitor_reads_each_page_in_french(client, name):
    page = Page.objects.get(slug=name.split(":")[1])
    response = client.get(reverse(name))
    assert response.status_code == 200 and f"<h1>{escape(page.title_fr)}</h1>" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_a_visitor_reads_each_page_in_english(client, name):
    client.cookies["django_language"] = "en"
    page = Page.objects.get(slug=name.split(":")[1])
    assert f"<h1>{escape(page.title_en)}</h1>" in client.get(reverse(name)).content.decode()


def test_the_privacy_policy_says_no_tracking_cookie_is_used(client):
    assert "aucun cookie de suivi" in client.get(reverse("pages:privacy")).content.decode()


def test_the_privacy_policy_tells_how_to_export_and_delete(client):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "télécharger toutes vos données" in html and "supprimer votre compte" in html


def test_the_legal_notice_shows_a_placeholder_for_an_unset_publisher(client, settings):
    settings.LEGAL_PUBLISHER_NAME = ""
    assert "LEGAL_PUBLISHER_NAME" in client.get(reverse("pages:legal")).content.decode()


def test_the_legal_notice_shows_the_publisher_from_settings(client, settings):
    settings.LEGAL_PUBLISHER_NAME = "Association Cercle Lyon"
    html = client.get(reverse("pages:legal")).content.decode()
    assert "Association Cercle Lyon" in html and "LEGAL_PUBLISHER_NAME" not in html


def test_headings_and_lists_of_a_body_are_drawn_by_the_template(client):
    html = client.get(reverse("pages:terms")).content.decode()
    assert "<h2>Votre compte</h2>" in html and "<li>Un compte par personne, à votre vrai nom.</li>" in html


def test_markup_typed_in_a_page_is_shown_as_text(client):
    Page.objects.filter(slug="help").update(body_fr="<script>alert(1)</script>")
    html = client.get(reverse("pages:help")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_french_spacing_is_added_to_a_french_body(client):
    Page.objects.filter(slug="help").update(body_fr="Une question ? Écrivez-nous : merci !")
    html = client.get(reverse("pages:help")).content.decode()
    assert "Une question\u202f? Écrivez-nous\u00a0: merci\u202f!" in html


def test_a_page_missing_from_the_database_shows_its_shipped_text(client):
    Page.objects.filter(slug="help").delete()
    assert "<h2>Les cercles</h2>" in client.get(reverse("pages:help")).content.decode()


def test_staff_edit_a_page_in_the_admin_and_visitors_see_it_at_once(client, admin_user):
    url = reverse("pages:help")
    client.get(url)  # now in the visitors' cache
    page = Page.objects.get(slug="help")
    admin = login(client, admin_user)
    admin.post(
        reverse("admin:pages_page_change", args=[page.pk]),
        {"title_fr": "Aide et questions", "body_fr": "Bonjour", "title_en": "Help", "body_en": "Hello"},
    )
    admin.logout()
    assert "<h1>Aide et questions</h1>" in client.get(url).content.decode()


def test_staff_cannot_add_or_delete_a_page(client, admin_user):
    page = Page.objects.get(slug="help")
    admin = login(client, admin_user)
    assert admin.get(reverse("admin:pages_page_add")).status_code == 403
    assert admin.post(reverse("admin:pages_page_delete", args=[page.pk]), {"post": "yes"}).status_code == 403


def test_a_visitors_page_carries_no_csrf_token_so_it_is_cached(client):
    assert "csrfmiddlewaretoken" not in client.get(reverse("pages:terms")).content.decode()
