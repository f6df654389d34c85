"""The dashboard, the booking page, the inbox and conversations, as a member sees them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Conversation, Message
from bookings.services import booking_act, booking_request, conversation_ask, message_send
from tests.bookings.conftest import in_days, join
from tests.conftest import login
from tests.factories import BookableListingFactory, BookingFactory, UserFactory


def _many_bookings(owner, count: int) -> None:
    """``count`` incoming requests from different members, each with a message, in several states."""
    for index in range(count):
        listing = BookableListingFactory(owner=owner, kind="give", title=f"Objet {index}")
        requester = UserFactory()
        booking = booking_request(listing=listing, requester=requester, message=f"Bonjour {index}")
        if index % 3 == 1:
            booking.state = "accepted"
            booking.save()
        message_send(conversation=booking.conversation, sender=requester, body="Encore moi")


def test_dashboard_groups_incoming_requests_by_state(client, alice, bob, drill):
    booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    response = login(client, alice).get(reverse("bookings:dashboard"))
    assert response.status_code == 200
    assert response.context["dashboard"].incoming[0].state == "requested"


def test_dashboard_offers_the_next_actions_as_buttons(client, alice, bob, drill):
    booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    content = login(client, alice).get(reverse("bookings:dashboard")).content.decode()
    assert 'name="action" value="accept"' in content
    assert 'name="action" value="decline"' in content


def test_owner_sees_the_circles_shared_with_the_requester(client, alice, bob, dana, drill):
    booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    content = login(client, alice).get(reverse("bookings:dashboard")).content.decode()
    assert "Résidence Les Tilleuls" in content


def test_accepting_from_the_dashboard_comes_back_to_it(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    response = login(client, alice).post(
        reverse("bookings:action", args=[booking.pk]), {"action": "accept", "next": "dashboard"}
    )
    assert response["Location"] == reverse("bookings:dashboard")


def _queries(client, url: str) -> int:
    client.get(url)  # warm up: session, unread counters
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_queries_do_not_grow_with_bookings(client, alice, bob):
    login(client, alice)
    _many_bookings(alice, 1)
    one = _queries(client, reverse("bookings:dashboard"))
    _many_bookings(alice, 15)
    assert _queries(client, reverse("bookings:dashboard")) == one <= 12


def test_inbox_queries_do_not_grow_with_conversations(client, alice):
    login(client, alice)
    _many_bookings(alice, 1)
    one = _queries(client, reverse("bookings:inbox"))
    _many_bookings(alice, 15)
    assert _queries(client, reverse("bookings:inbox")) == one <= 12


def test_booking_page_queries_do_not_grow_with_messages(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    booking_act(booking_id=booking.pk, actor=alice, action="accept", note="OK")
    url = reverse("bookings:detail", args=[booking.pk])
    login(client, alice)
    one = _queries(client, url)
    for index in range(30):
        message_send(conversation=booking.conversation, sender=bob if index % 2 else alice, body=f"Message {index}")
    assert _queries(client, url) == one <= 12


def test_listing_page_with_the_booking_panel_stays_within_budget(client, bob, drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(4))
    login(client, bob)
    assert _queries(client, drill.get_absolute_url()) <= 12


def test_booking_page_shows_the_timeline(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    login(client, alice).post(reverse("bookings:action", args=[booking.pk]), {"action": "accept"})
    content = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "Bob B." in content
    assert content.count('class="timeline__item ') == 2


def test_messages_are_escaped(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    message_send(conversation=booking.conversation, sender=bob, body="<b>gras</b>")
    content = login(client, alice).get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "&lt;b&gt;gras&lt;/b&gt;" in content


def test_too_long_a_message_is_refused_with_a_form_error(client, alice, bob, drill):
    conversation = conversation_ask(listing=drill, member=bob, body="Une question")
    response = login(client, alice).post(reverse("bookings:conversation", args=[conversation.pk]), {"body": "x" * 2001})
    assert response.status_code == 400
    assert Message.objects.count() == 1


def test_an_empty_message_is_refused(client, alice, bob, drill):
    conversation = conversation_ask(listing=drill, member=bob, body="Une question")
    response = login(client, alice).post(reverse("bookings:conversation", args=[conversation.pk]), {"body": "   "})
    assert response.status_code == 400


def test_member_asks_a_question_from_the_listing(client, alice, bob, drill):
    response = login(client, bob).post(reverse("bookings:ask", args=[drill.pk]), {"body": "Elle est sans fil ?"})
    conversation = Conversation.objects.get()
    assert response["Location"] == reverse("bookings:conversation", args=[conversation.pk])
    assert (conversation.owner, conversation.member, conversation.owner_unread) == (alice, bob, 1)


def test_a_second_question_goes_into_the_same_thread(client, bob, drill):
    login(client, bob).post(reverse("bookings:ask", args=[drill.pk]), {"body": "Une question"})
    client.post(reverse("bookings:ask", args=[drill.pk]), {"body": "Et une autre"})
    assert Conversation.objects.get().messages.count() == 2


def test_owner_cannot_ask_about_their_own_listing(client, alice, drill):
    response = login(client, alice).post(reverse("bookings:ask", args=[drill.pk]), {"body": "Moi ?"})
    assert response.status_code == 404


def test_question_thread_is_carried_into_the_booking(bob, drill):
    question = conversation_ask(listing=drill, member=bob, body="Elle est sans fil ?")
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    assert booking.conversation == question


def test_inbox_shows_unread_counts(client, alice, bob, drill):
    conversation = conversation_ask(listing=drill, member=bob, body="Une question")
    message_send(conversation=conversation, sender=bob, body="Et une autre")
    response = login(client, alice).get(reverse("bookings:inbox"))
    assert [row.unread for row in response.context["rows"]] == [2]


def test_header_shows_the_unread_count(client, alice, bob, drill):
    conversation_ask(listing=drill, member=bob, body="Une question")
    response = login(client, alice).get(reverse("bookings:dashboard"))
    assert '<span class="badge-count">1</span>' in response.content.decode()


def test_the_header_count_follows_new_messages_and_reading_at_once(client, alice, bob, drill):
    """The count is kept in the cache; posting and reading change it on the very next page."""
    login(client, alice)
    dashboard = reverse("bookings:dashboard")
    assert "badge-count" not in client.get(dashboard).content.decode()
    conversation = conversation_ask(listing=drill, member=bob, body="Une question")
    assert '<span class="badge-count">1</span>' in client.get(dashboard).content.decode()
    client.get(reverse("bookings:conversation", args=[conversation.pk]))
    assert "badge-count" not in client.get(dashboard).content.decode()


def test_reading_the_conversation_clears_the_count(client, alice, bob, drill):
    conversation = conversation_ask(listing=drill, member=bob, body="Une question")
    login(client, alice).get(reverse("bookings:conversation", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.owner_unread == 0


def test_the_unread_count_adds_the_conversations_a_member_owns_and_those_they_started(alice, bob, drill):
    from bookings.selectors import unread_message_count

    asked = conversation_ask(listing=drill, member=bob, body="Une question")  # bob asks alice
    message_send(conversation=asked, sender=bob, body="Et une autre")
    message_send(conversation=asked, sender=alice, body="Bonjour Bob")
    assert unread_message_count(user=alice) == 2
    assert unread_message_count(user=bob) == 1
    assert unread_message_count(user=UserFactory()) == 0


def test_unread_count_costs_one_query(alice, bob, drill, django_assert_num_queries):
    from bookings.selectors import unread_message_count

    conversation_ask(listing=drill, member=bob, body="Une question")
    with django_assert_num_queries(1):
        assert unread_message_count(user=alice) == 1


def test_listing_page_shows_the_request_form_and_calendar(client, bob, drill):
    content = login(client, bob).get(drill.get_absolute_url()).content.decode()
    assert 'name="start_date"' in content
    assert "calendar__day" in content


def test_listing_page_shows_the_question_form(client, bob, bike):
    content = login(client, bob).get(bike.get_absolute_url()).content.decode()
    assert reverse("bookings:ask", args=[bike.pk]) in content


def test_listing_page_tells_the_owner_where_requests_go(client, alice, drill):
    content = login(client, alice).get(drill.get_absolute_url()).content.decode()
    assert 'name="start_date"' not in content


def test_search_available_between_excludes_booked_listings(client, bob, drill):
    BookingFactory(listing=drill, state="accepted", start_date=in_days(2), end_date=in_days(4))
    from listings.models import Listing
    from listings.selectors import _filter_available

    free = _filter_available(Listing.objects.all(), in_days(3), in_days(5))
    later = _filter_available(Listing.objects.all(), in_days(5), in_days(6))
    assert (list(free), list(later)) == ([], [drill])


def test_fellow_circle_member_can_book_a_circle_listing(client, alice, bob, circle):
    join(alice, circle)
    join(bob, circle)
    secret = BookableListingFactory(owner=alice, visibility="circles")
    secret.circles.add(circle)
    response = login(client, bob).post(
        reverse("bookings:request", args=[secret.pk]),
        {"start_date": in_days(2).isoformat(), "end_date": in_days(3).isoformat()},
    )
    assert response.status_code == 302


def test_search_for_free_dates_leaves_out_a_drill_lent_then(client, bob, drill):
    BookingFactory(listing=drill, state="ongoing", start_date=in_days(2), end_date=in_days(4))
    url = reverse("listings:search")
    login(client, bob)
    taken = client.get(url, {"available_from": in_days(3).isoformat(), "available_to": in_days(5).isoformat()})
    free = client.get(url, {"available_from": in_days(5).isoformat(), "available_to": in_days(6).isoformat()})
    assert (drill.title in taken.content.decode(), drill.title in free.content.decode()) == (False, True)


def test_owner_sees_the_requesters_trust_summary(client, alice, bob, drill):
    booking = booking_request(listing=drill, requester=bob, start_date=in_days(2), end_date=in_days(3))
    content = login(client, alice).get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "trust-card" in content
