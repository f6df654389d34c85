"""The site header: the same links in the desktop bar and the phone menu, for visitors and members."""

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def header(client, url: str = "/") -> str:
    page = client.get(url).content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_a_visitor_is_offered_to_log_in_or_sign_up_in_both_menus(client):
    html = header(client)
    assert (
        html.count(f'href="{reverse("account_login")}"') == 2 and html.count(f'href="{reverse("account_signup")}"') == 2
    )


def test_a_visitor_sees_no_member_link(client):
    assert reverse("bookings:dashboard") not in header(client)


def test_a_member_gets_their_exchanges_messages_and_listings_in_both_menus(client, alice):
    html = header(login(client, alice))
    assert all(
        html.count(f'href="{reverse(name)}"') == 2 for name in ("bookings:dashboard", "bookings:inbox", "listings:mine")
    )


def test_a_member_can_post_and_log_out_from_the_header(client, alice):
    html = header(login(client, alice))
    assert f'href="{reverse("listings:create")}"' in html and f'action="{reverse("account_logout")}"' in html


def test_the_current_page_is_marked_in_the_header(client):
    search = reverse("listings:search")
    assert f'<a href="{search}" aria-current="page">' in header(client, search)


def test_other_pages_are_not_marked_current(client):
    assert 'aria-current="page"' not in header(client, "/")


def test_the_header_is_in_english_for_an_english_page(client):
    client.cookies["django_language"] = "en"
    assert ">Find<" in header(client) and ">Circles<" in header(client)
