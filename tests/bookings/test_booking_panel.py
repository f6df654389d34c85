"""The listing page's booking panel remembers what the member already did about the listing."""

import pytest
from django.urls import reverse

from bookings.selectors import panel_state_for
from bookings.services import booking_act, booking_request, conversation_ask
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def panel_of(client, member, listing) -> str:
    return login(client, member).get(listing.get_absolute_url()).content.decode()


def test_a_member_who_asked_a_question_is_led_back_to_the_conversation(client, bob, drill):
    thread = conversation_ask(listing=drill, member=bob, body="Elle marche sur le béton ?")
    assert reverse("bookings:conversation", args=[thread.pk]) in panel_of(client, bob, drill)


def test_a_member_with_an_open_request_is_told_and_led_to_it(client, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    page = panel_of(client, bob, drill)
    assert "Vous avez déjà une demande sur cette annonce (demandée)" in page
    assert reverse("bookings:detail", args=[booking.pk]) in page


def test_a_declined_request_is_no_longer_open(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    booking_act(booking_id=booking.pk, actor=alice, action="decline")
    assert "Vous avez déjà une demande" not in panel_of(client, bob, drill)


def test_another_members_question_and_request_are_not_shown(client, bob, drill):
    other = UserFactory()
    conversation_ask(listing=drill, member=other, body="Disponible samedi ?")
    booking_request(listing=drill, requester=other, start_date=in_days(2), end_date=in_days(3))
    page = panel_of(client, bob, drill)
    assert "Vous avez déjà une demande" not in page and "Voir votre conversation" not in page


def test_the_panel_reads_question_and_request_in_two_queries(bob, drill, django_assert_num_queries):
    conversation_ask(listing=drill, member=bob, body="Une question")
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    with django_assert_num_queries(2):
        state = panel_state_for(user=bob, listing=drill)
        assert (state.open_request.pk, state.open_request.get_state_display()) == (booking.pk, "Demandée")
