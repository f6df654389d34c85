"""Who may review, and when: the two members of a completed booking, once each, within 14 days."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from reviews.models import Review
from reviews.services import review_create
from tests.conftest import login
from tests.factories import reviews_booking

from .conftest import COMPLETED, in_window

pytestmark = pytest.mark.django_db


def write(booking, author, *, rating=5, comment="Très bien", note="", now=None):
    return review_create(
        booking_id=booking.pk, author=author, rating=rating, comment=comment, private_note=note, now=now or in_window()
    )


def test_requester_can_review_the_owner(booking, alice, bob):
    review = write(booking, bob)
    assert review.subject == alice


def test_owner_can_review_the_requester(booking, alice, bob):
    assert write(booking, alice).subject == bob


def test_review_before_completion_is_refused(alice, bob):
    accepted = reviews_booking(owner=alice, requester=bob, state="accepted")
    with pytest.raises(ValidationError, match="une fois terminé"):
        write(accepted, bob)


def test_review_after_fourteen_days_is_refused(booking, bob):
    with pytest.raises(ValidationError, match="14 jours"):
        write(booking, bob, now=COMPLETED + timedelta(days=14, seconds=1))


def test_review_on_the_last_minute_of_the_window_is_accepted(booking, bob):
    assert write(booking, bob, now=COMPLETED + timedelta(days=14, seconds=-60)).pk


def test_second_review_by_the_same_member_is_refused(booking, bob):
    write(booking, bob)
    with pytest.raises(ValidationError, match="déjà évalué"):
        write(booking, bob)


def test_stranger_cannot_review(booking, charlie):
    with pytest.raises(ValidationError, match="Seuls les deux membres"):
        write(booking, charlie)
    assert not Review.objects.exists()


def test_nobody_reviews_themselves_model_check(booking, alice):
    review = Review(booking=booking, author=alice, subject=alice, rating=5, comment="Moi")
    with pytest.raises(ValidationError):
        review.full_clean()


def test_nobody_reviews_themselves_database_constraint(booking, alice):
    with pytest.raises(IntegrityError):
        Review.objects.create(booking=booking, author=alice, subject=alice, rating=5, comment="Moi")


def test_rating_out_of_range_is_refused_by_the_database(booking, alice, bob):
    with pytest.raises(IntegrityError):
        Review.objects.create(booking=booking, author=alice, subject=bob, rating=6, comment="Trop")


def test_stranger_gets_404_on_the_review_form(client, booking, charlie):
    response = login(client, charlie).get(f"/confiance/echanges/{booking.pk}/avis/")
    assert response.status_code == 404


def test_stranger_post_gets_404_and_writes_nothing(client, booking, charlie):
    response = login(client, charlie).post(
        f"/confiance/echanges/{booking.pk}/avis/", {"rating": "1", "comment": "Je ne le connais pas"}
    )
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, booking):
    response = client.get(f"/confiance/echanges/{booking.pk}/avis/")
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_form_refuses_a_review_after_the_window(client, booking, bob):
    with time_machine.travel(COMPLETED + timedelta(days=15), tick=False):
        response = login(client, bob).post(
            f"/confiance/echanges/{booking.pk}/avis/", {"rating": "4", "comment": "Bien, un peu tard"}
        )
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_form_on_an_unfinished_booking_says_so(client, alice, bob):
    accepted = reviews_booking(owner=alice, requester=bob, state="accepted")
    response = login(client, bob).get(f"/confiance/echanges/{accepted.pk}/avis/")
    assert re.search("once it is completed|une fois terminé", response.content.decode())


def test_member_writes_a_review_through_the_form(client, booking, bob):
    with time_machine.travel(in_window(), tick=False):
        response = login(client, bob).post(
            f"/confiance/echanges/{booking.pk}/avis/", {"rating": "4", "comment": "Perceuse en bon état, merci !"}
        )
    assert response.status_code == 302
    assert Review.objects.get().rating == 4


def test_form_without_a_rating_shows_an_error(client, booking, bob):
    with time_machine.travel(in_window(), tick=False):
        response = login(client, bob).post(f"/confiance/echanges/{booking.pk}/avis/", {"comment": "Sans note"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_form_rejects_get_on_nothing_else(client, booking, bob):
    response = login(client, bob).put(f"/confiance/echanges/{booking.pk}/avis/")
    assert response.status_code == 405


def test_one_star_review_flags_the_booking(booking, bob):
    review = write(booking, bob, rating=1, comment="Objet cassé")
    assert review.flag.low_rating


def test_private_note_flags_the_booking(booking, bob):
    review = write(booking, bob, rating=4, note="Il m'a demandé de payer en liquide hors site")
    assert review.flag.has_private_note and not review.flag.low_rating


def test_a_good_review_without_note_flags_nothing(booking, bob):
    review = write(booking, bob)
    assert not hasattr(review, "flag") or review.flag is None
