"""The booking page says what happens next, to each member in their words, and "you" for themselves."""

import pytest
from django.urls import reverse

from bookings.services import booking_act, booking_request
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import BookableListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan(alice, bob):
    drill = BookableListingFactory(
        owner=alice, kind="lend", title="Perceuse", price_unit="per_day", price="3.00", deposit="40.00"
    )
    return booking_request(listing=drill, requester=bob, start_date=in_days(3), end_date=in_days(5), message="")


def page(client, member, booking) -> str:
    return login(client, member).get(reverse("bookings:detail", args=[booking.pk])).content.decode()


def test_the_owner_is_told_to_answer_within_72_hours(client, alice, loan):
    assert "Répondez sous 72\u00a0heures" in page(client, alice, loan)


def test_once_accepted_the_borrower_learns_the_deposit_and_the_return_date(client, alice, bob, loan):
    booking_act(booking_id=loan.pk, actor=alice, action="accept")
    html = page(client, bob, loan)
    assert "laissez la caution de 40,00\u00a0€" in html and "Retour prévu le" in html


def test_the_timeline_says_you_for_ones_own_steps(client, bob, loan):
    html = page(client, bob, loan)
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]
    assert "par vous" in timeline and "Bob B." not in timeline


def test_the_other_member_sees_the_name(client, alice, loan):
    html = page(client, alice, loan)
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]
    assert "par Bob B." in timeline
