"""The account menu tells a member (and their screen reader) which page they are on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_links(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    menu = html[html.index('<ul class="list-plain manage__links">') :]
    menu = menu[: menu.index("</ul>")]
    return [part.split('"')[0] for part in menu.split('<a href="')[1:] if 'aria-current="page"' in part.split(">")[0]]


def test_the_page_a_member_is_on_is_marked_in_the_menu(alice_client):
    assert current_links(alice_client, reverse("accounts:preferences")) == [reverse("accounts:preferences")]


def test_the_overview_is_marked_only_on_itself(alice_client):
    assert current_links(alice_client, reverse("accounts:settings")) == [reverse("accounts:settings")]
