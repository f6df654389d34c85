"""The site header: the desktop bar and avatar menu, and a member's tab bar on a phone."""

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def header(client, url: str = "/") -> str:
    """The header and, for members, the tab bar that follows it."""
    page = client.get(url).content.decode()
    return page[page.index('<header class="site-header">') : page.index('<main id="main">')]


def test_a_visitor_is_offered_to_log_in_or_sign_up(client):
    html = header(client)
    assert f'href="{reverse("account_login")}"' in html and f'href="{reverse("account_signup")}"' in html


def test_a_visitor_sees_no_member_link_and_no_tab_bar(client):
    html = header(client)
    assert reverse("bookings:dashboard") not in html and 'class="tab-bar"' not in html


def test_a_member_gets_their_exchanges_and_messages_in_the_bar_and_the_tab_bar(client, alice):
    html = header(login(client, alice))
    assert all(html.count(f'href="{reverse(name)}"') == 2 for name in ("bookings:dashboard", "bookings:inbox"))


def test_the_avatar_menu_holds_profile_listings_favourites_settings_and_log_out(client, alice):
    html = header(login(client, alice))
    menu = html[html.index('<details class="account-menu">') : html.index("</details>")]
    links = [reverse("accounts:profile", args=[alice.pk]), reverse("listings:mine"), reverse("listings:favourites")]
    assert all(f'href="{url}"' in menu for url in [*links, reverse("accounts:settings")])
    assert f'action="{reverse("account_logout")}"' in menu


def test_log_out_is_no_longer_a_top_level_button(client, alice):
    html = header(login(client, alice))
    assert html.index(f'action="{reverse("account_logout")}"') > html.index('<details class="account-menu">')


def test_the_tab_bar_offers_find_publish_exchanges_messages_and_me(client, alice):
    html = header(login(client, alice))
    bar = html[html.index('<nav class="tab-bar"') :]
    names = ("listings:search", "listings:create", "bookings:dashboard", "bookings:inbox", "accounts:settings")
    assert [bar.index(f'href="{reverse(name)}"') for name in names] == sorted(
        bar.index(f'href="{reverse(name)}"') for name in names
    )


def test_the_tab_bar_shows_the_unread_count(client, alice, bob):
    from bookings.services import conversation_ask
    from tests.factories import BookableListingFactory

    conversation_ask(listing=BookableListingFactory(owner=alice), member=bob, body="Une question")
    html = header(login(client, alice))
    assert '<span class="badge-count tab-bar__badge">1</span>' in html[html.index('<nav class="tab-bar"') :]


def test_the_current_page_is_marked_in_the_header(client):
    search = reverse("listings:search")
    assert f'<a href="{search}" aria-current="page">' in header(client, search)


def test_other_pages_are_not_marked_current(client):
    assert 'aria-current="page"' not in header(client, "/")


def test_the_header_is_in_english_for_an_english_page(client):
    client.cookies["django_language"] = "en"
    assert ">Find<" in header(client) and ">Circles<" in header(client)
