"""The search filters as a visitor sees them: labelled, keeping what was chosen, escaping what was typed."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def filters(client, query: str = "") -> str:
    page = client.get(reverse("listings:search") + query).content.decode()
    start = page.index('<details class="search-filters')
    return page[start : page.index("</details>", start)]


def test_every_filter_has_a_label(client):
    html = filters(client)
    ids = re.findall(r'<(?:select|input)[^>]* id="(id_[a-z_]+)"', html)
    assert ids and all(f'for="{field_id}"' in html for field_id in ids)


def test_the_chosen_kind_and_sort_stay_selected(client):
    html = filters(client, "?kind=lend&sort=price_asc")
    assert '<option value="lend" selected>' in html and '<option value="price_asc" selected>' in html


def test_only_the_chosen_kind_is_selected(client):
    html = filters(client, "?kind=lend")
    kinds = html[html.index('<select name="kind"') : html.index("</select>", html.index('<select name="kind"'))]
    assert kinds.count(" selected>") == 1


def test_categories_are_grouped_under_their_parent(client):
    html = filters(client)
    assert '<optgroup label="Sports et plein air">' in html and '<option value="cycling">' in html


def test_a_typed_city_is_kept_and_escaped(client):
    html = filters(client, "?where=%22%3E%3Cscript%3E")
    assert 'value="&quot;&gt;&lt;script&gt;"' in html and "<script>" not in html


def test_the_typed_text_is_kept_in_the_filters_form(client):
    assert '<input type="hidden" name="q" value="vélo">' in filters(client, "?q=v%C3%A9lo")


def test_the_trusted_checkbox_stays_checked(client):
    assert re.search(r'<input type="checkbox" name="trusted"[^>]* checked', filters(client, "?trusted=on"))


def test_the_filters_are_in_english_on_an_english_page(client):
    client.cookies["django_language"] = "en"
    html = filters(client)
    assert "All kinds" in html and "Sort by" in html


def test_a_wrong_filter_says_what_is_wrong_beside_it(client):
    html = filters(client, "?max_price=-3")
    field = html[html.index('id="field-max_price"') :]
    assert 'class="field field--error" id="field-max_price"' in html
    assert "supérieure ou égale à 0" in field[: field.index("</div>")]
