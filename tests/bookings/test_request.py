"""Making a request from a listing: per kind, and everything a member may not do."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings.messaging import message_post
from bookings.models import Booking, BookingState
from bookings.services import booking_act, booking_request
from tests.bookings.conftest import in_days
from tests.conftest import login
from tests.factories import BookableListingFactory, BookingFactory


def _request_url(listing) -> str:
    return reverse("bookings:request", kwargs={"listing_pk": listing.pk})


def _ask_to_borrow(client, drill, start: int, end: int):
    return client.post(
        _request_url(drill),
        {"start_date": in_days(start).isoformat(), "end_date": in_days(end).isoformat(), "message": "Pour une étagère"},
    )


def test_member_requests_to_borrow_for_three_days(client, bob, drill):
    response = _ask_to_borrow(login(client, bob), drill, 2, 4)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.state, booking.days, booking.price, booking.deposit) == (
        "requested",
        3,
        Decimal("9.00"),
        Decimal("50.00"),
    )


def test_owner_is_emailed_about_a_new_request(client, bob, drill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _ask_to_borrow(login(client, bob), drill, 2, 4)
    assert [m.to for m in mail.outbox if "Perceuse" in m.subject] == [["alice@example.fr"]]


def test_the_request_message_starts_the_conversation(client, bob, drill):
    _ask_to_borrow(login(client, bob), drill, 2, 4)
    booking = Booking.objects.get()
    assert [m.body for m in booking.conversation.messages.all()] == ["Pour une étagère"]


def test_request_page_shows_the_calendar_and_the_price(client, bob, drill):
    response = login(client, bob).get(_request_url(drill))
    assert b"calendar__day--free" in response.content
    assert "3,00 €".encode() in response.content or b"3.00" in response.content


def test_booked_days_are_marked_in_the_calendar(client, bob, drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(1), end_date=in_days(2))
    response = login(client, bob).get(_request_url(drill))
    assert response.content.count(b"calendar__day--booked") >= 2


def test_owner_cannot_book_their_own_listing(client, alice, drill):
    response = _ask_to_borrow(login(client, alice), drill, 2, 4)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_dates_in_the_past_are_refused(client, bob, drill):
    response = _ask_to_borrow(login(client, bob), drill, -2, 1)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_end_before_start_is_refused(client, bob, drill):
    response = _ask_to_borrow(login(client, bob), drill, 5, 3)
    assert response.status_code == 400


def test_days_already_booked_are_refused(client, bob, drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(3), end_date=in_days(6))
    response = _ask_to_borrow(login(client, bob), drill, 2, 4)
    assert response.status_code == 400
    assert "déjà réservés" in response.content.decode() or "already booked" in response.content.decode()


@pytest.mark.parametrize("status", ["paused", "closed", "reserved"])
def test_an_unavailable_listing_cannot_be_booked(client, bob, drill, status):
    drill.status = status
    drill.save()
    response = _ask_to_borrow(login(client, bob), drill, 2, 4)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_listing_the_member_cannot_see_is_a_404(client, bob, circle, alice):
    from tests.bookings.conftest import join

    join(alice, circle)
    secret = BookableListingFactory(owner=alice, visibility="circles")
    secret.circles.add(circle)
    response = _ask_to_borrow(login(client, bob), secret, 2, 4)
    assert response.status_code == 404


def test_a_draft_is_a_404(client, bob, alice):
    draft = BookableListingFactory(owner=alice, status="draft", published_at=None)
    assert login(client, bob).get(_request_url(draft)).status_code == 404


def test_a_second_waiting_request_is_refused(client, bob, drill):
    _ask_to_borrow(login(client, bob), drill, 2, 4)
    response = _ask_to_borrow(client, drill, 6, 7)
    assert response.status_code == 400
    assert Booking.objects.count() == 1


def test_anonymous_visitor_is_sent_to_log_in(client, drill):
    response = client.get(_request_url(drill))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_purchase_request_snapshots_the_price(client, bob, bike):
    login(client, bob).post(_request_url(bike), {"message": "Je peux passer ce soir"})
    assert Booking.objects.get().price == Decimal("120.00")


def test_swap_offer_of_own_listing(client, bob, alice):
    wanted = BookableListingFactory(owner=alice, kind="swap", title="Jeu de Go")
    mine = BookableListingFactory(owner=bob, kind="swap", title="Échecs")
    login(client, bob).post(_request_url(wanted), {"offered_listing": mine.pk})
    assert Booking.objects.get().offered_listing == mine


def test_swap_offer_of_someone_elses_listing_is_refused(client, bob, alice, charlie):
    wanted = BookableListingFactory(owner=alice, kind="swap", title="Jeu de Go")
    not_mine = BookableListingFactory(owner=charlie, kind="swap", title="Échecs")
    response = login(client, bob).post(_request_url(wanted), {"offered_listing": not_mine.pk})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_swap_needs_an_offer(client, bob, alice):
    wanted = BookableListingFactory(owner=alice, kind="swap", title="Jeu de Go")
    response = login(client, bob).post(_request_url(wanted), {"offer_text": ""})
    assert response.status_code == 400


def test_service_request_with_date_time_and_duration(client, bob, alice):
    tutoring = BookableListingFactory(
        owner=alice, kind="service", title="Cours de maths", price_unit="per_hour", price="20.00"
    )
    login(client, bob).post(
        _request_url(tutoring), {"date": in_days(3).isoformat(), "start_time": "17:30", "duration": "90"}
    )
    booking = Booking.objects.get()
    assert (booking.duration_minutes, booking.price) == (90, Decimal("30.00"))
    assert timezone.localtime(booking.service_start).time() == datetime.time(17, 30)


def test_service_in_the_past_is_refused(client, bob, alice):
    tutoring = BookableListingFactory(owner=alice, kind="service", title="Cours de maths")
    response = login(client, bob).post(
        _request_url(tutoring), {"date": in_days(-1).isoformat(), "start_time": "17:30", "duration": "60"}
    )
    assert response.status_code == 400


def test_answer_to_a_wanted_listing_needs_a_message(client, bob, alice):
    wanted = BookableListingFactory(owner=alice, kind="lend", intent="request", title="Cherche escabeau")
    response = login(client, bob).post(_request_url(wanted), {"message": ""})
    assert response.status_code == 400


def test_answer_to_a_wanted_listing_completes_directly(client, bob, alice):
    wanted = BookableListingFactory(owner=alice, kind="lend", intent="request", title="Cherche escabeau")
    login(client, bob).post(_request_url(wanted), {"message": "J'en ai un, 3 marches"})
    booking = Booking.objects.get()
    booking_act(booking_id=booking.pk, actor=alice, action="accept")
    booking_act(booking_id=booking.pk, actor=bob, action="complete")
    booking.refresh_from_db()
    assert booking.state == BookingState.COMPLETED


def test_a_loan_request_with_a_message_costs_at_most_16_queries(client, bob, drill, django_assert_max_num_queries):
    login(client, bob)
    client.get(reverse("home"))  # bob's circles and blocks are in the cache after his first page
    # Session, member, listing, then in one transaction: the locked listing, the checks, the
    # booking, its transition, its conversation and message, the notification (was 30).
    with django_assert_max_num_queries(16):
        response = _ask_to_borrow(client, drill, 2, 4)
    assert response.status_code == 302


def test_an_empty_message_body_is_still_refused_without_the_constraint_query(bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    with pytest.raises(ValidationError):
        message_post(booking=booking, sender=bob, body="   ")
