"""The home page's categories: every top-level one with its sub-categories, each a link to its page."""

from html import unescape

import pytest
from django.urls import reverse

from listings.models import Category

pytestmark = pytest.mark.django_db


def categories_section(client, language: str = "fr") -> str:
    client.cookies["django_language"] = language
    page = client.get(reverse("home")).content.decode()
    start = page.index('aria-labelledby="categories"')
    return page[start : page.index("</section>", start)]


def test_every_category_links_to_its_page(client):
    html = unescape(categories_section(client))
    for category in Category.objects.all():
        assert f'href="{category.get_absolute_url()}">{category.name_fr}</a>' in html


def test_sub_categories_are_listed_under_their_parent(client):
    html = categories_section(client)
    sports = html[html.index(">Sports et plein air<") :]
    sports = sports[: sports.index("</li></ul></li>")]
    assert ">Vélo<" in sports and ">Ski et glisse<" in sports


def test_categories_are_named_in_the_page_language(client):
    html = categories_section(client, "en")
    assert ">Sports &amp; outdoor</a>" in html and ">Cycling</a>" in html
