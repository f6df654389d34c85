"""Only the two members of a booking or conversation ever reach it: everyone else gets a 404."""

import pytest
from django.urls import reverse

from bookings.models import Booking, Message
from bookings.services import booking_request, conversation_ask
from tests.bookings.conftest import in_days
from tests.conftest import login


@pytest.fixture
def booking(drill, bob, dana) -> Booking:
    return booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3), message="Salut")


@pytest.fixture
def question(drill, bob, dana):
    return conversation_ask(listing=drill, member=bob, body="Elle est sans fil ?")


CAST = [("alice", 200), ("bob", 200), ("charlie", 404), ("dana", 404)]


@pytest.mark.parametrize(("who", "status"), CAST)
def test_booking_page(client, request, booking, who, status):
    response = login(client, request.getfixturevalue(who)).get(reverse("bookings:detail", args=[booking.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("charlie", 404), ("dana", 404)])
def test_booking_action_by_an_outsider(client, request, booking, who, status):
    url = reverse("bookings:action", args=[booking.pk])
    response = login(client, request.getfixturevalue(who)).post(url, {"action": "accept"})
    booking.refresh_from_db()
    assert (response.status_code, booking.state) == (status, "requested")


def test_requester_cannot_accept_their_own_request(client, bob, booking):
    response = login(client, bob).post(reverse("bookings:action", args=[booking.pk]), {"action": "accept"})
    booking.refresh_from_db()
    assert (response.status_code, booking.state) == (403, "requested")


def test_a_refused_transition_is_a_clear_409(client, alice, booking):
    login(client, alice).post(reverse("bookings:action", args=[booking.pk]), {"action": "decline"})
    response = client.post(reverse("bookings:action", args=[booking.pk]), {"action": "accept"})
    assert response.status_code == 409
    assert "refusée" in response.content.decode() or "declined" in response.content.decode()


def test_an_unknown_action_is_a_400(client, alice, booking):
    response = login(client, alice).post(reverse("bookings:action", args=[booking.pk]), {"action": "explode"})
    assert response.status_code == 400


def test_actions_need_post(client, alice, booking):
    response = login(client, alice).get(reverse("bookings:action", args=[booking.pk]))
    assert response.status_code == 405


def test_owner_accepts_from_the_page(client, alice, booking):
    response = login(client, alice).post(
        reverse("bookings:action", args=[booking.pk]), {"action": "accept", "note": "Avec plaisir"}
    )
    booking.refresh_from_db()
    assert (response.status_code, booking.state) == (302, "accepted")


@pytest.mark.parametrize(("who", "status"), CAST)
def test_booking_conversation_page(client, request, booking, who, status):
    url = reverse("bookings:conversation", args=[booking.conversation.pk])
    assert login(client, request.getfixturevalue(who)).get(url).status_code == status


@pytest.mark.parametrize(("who", "status"), CAST)
def test_question_conversation_page(client, request, question, who, status):
    url = reverse("bookings:conversation", args=[question.pk])
    assert login(client, request.getfixturevalue(who)).get(url).status_code == status


@pytest.mark.parametrize(("who", "status"), [("charlie", 404), ("dana", 404)])
def test_outsider_cannot_post_into_a_conversation(client, request, question, who, status):
    url = reverse("bookings:conversation", args=[question.pk])
    response = login(client, request.getfixturevalue(who)).post(url, {"body": "Coucou"})
    assert response.status_code == status
    assert Message.objects.count() == 1


@pytest.mark.parametrize("url_name", ["bookings:dashboard", "bookings:inbox"])
def test_anonymous_visitors_are_sent_to_log_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302


def test_dashboard_shows_only_the_members_own_bookings(client, charlie, booking):
    response = login(client, charlie).get(reverse("bookings:dashboard"))
    assert "Perceuse" not in response.content.decode()


def test_inbox_shows_only_the_members_own_conversations(client, charlie, question):
    response = login(client, charlie).get(reverse("bookings:inbox"))
    assert "Elle est sans fil" not in response.content.decode()


def test_blocked_members_cannot_write_to_each_other(client, alice, bob, question):
    from accounts.models import Block

    Block.objects.create(blocker=alice, blocked=bob)
    response = login(client, bob).post(reverse("bookings:conversation", args=[question.pk]), {"body": "Allô ?"})
    assert response.status_code == 400
    assert Message.objects.count() == 1


def test_a_blocked_member_cannot_book(client, alice, bob, drill):
    from accounts.models import Block

    Block.objects.create(blocker=bob, blocked=alice)
    response = login(client, bob).post(
        reverse("bookings:request", args=[drill.pk]),
        {"start_date": in_days(2).isoformat(), "end_date": in_days(3).isoformat()},
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_a_request_from_a_member_blocked_since_cannot_be_accepted(client, alice, bob, booking):
    from accounts.models import Block

    Block.objects.create(blocker=alice, blocked=bob)
    response = login(client, alice).post(reverse("bookings:action", args=[booking.pk]), {"action": "accept"})
    assert response.status_code == 409
