"""The logged-in home greets the member, lists what waits for them and their first steps."""

import pytest
from django.urls import reverse

from bookings.services import booking_request, conversation_ask
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import BookableListingFactory
from tests.listings.conftest import make_circle

pytestmark = pytest.mark.django_db


def home(client, member) -> str:
    return login(client, member).get(reverse("home")).content.decode()


def test_the_home_greets_the_member_in_its_heading(client, alice):
    assert "<h1" in home(client, alice) and "Bonjour Alice" in home(client, alice)


def test_a_request_waiting_for_an_answer_is_listed_with_a_link(client, alice, bob):
    drill = BookableListingFactory(owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00")
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(3), end_date=in_days(5), message="")
    html = home(client, alice)
    assert "Bob B. demande «\u00a0Perceuse\u00a0»" in html and reverse("bookings:detail", args=[booking.pk]) in html


def test_unread_messages_are_counted(client, alice, bob):
    conversation_ask(listing=BookableListingFactory(owner=alice), member=bob, body="Libre samedi ?")
    assert "1 message non lu" in home(client, alice)


def test_nothing_waiting_says_so(client, alice):
    assert "Rien ne vous attend" in home(client, alice)


def test_a_new_member_gets_the_first_steps(client, alice):
    html = home(client, alice)
    assert "Vos premiers pas" in html and reverse("circles:directory") in html


def test_the_first_steps_go_once_all_are_done(client, alice, bob):
    alice.bio, alice.phone, alice.avatar = "Voisine", "0612345678", "avatars/a.webp"
    alice.save()
    make_circle("Les Tilleuls", alice, bob)
    assert "Vos premiers pas" not in home(client, alice)


def test_a_member_without_circles_is_offered_to_find_or_create_one(client, alice):
    html = home(client, alice)
    assert reverse("circles:create") in html


def test_answering_a_request_takes_it_off_the_home_at_once(client, alice, bob):
    from bookings.services import booking_act

    drill = BookableListingFactory(owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00")
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(3), end_date=in_days(5), message="")
    assert "Bob B. demande" in home(client, alice)  # now in the cache
    booking_act(booking_id=booking.pk, actor=alice, action="decline")
    assert "Bob B. demande" not in home(client, alice)


def test_a_new_request_shows_at_once_on_a_cached_home(client, alice, bob):
    drill = BookableListingFactory(owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00")
    assert "Rien ne vous attend" in home(client, alice)  # now in the cache
    booking_request(listing=drill, requester=bob, start_date=in_days(3), end_date=in_days(5), message="")
    assert "Bob B. demande" in home(client, alice)
