"""A hidden review is shown nowhere: not on profiles, cards, emails, the subject's own pages, nor in the sort."""

from decimal import Decimal

import pytest
from django.core import mail

from listings.models import Listing
from reviews.models import TrustSummary
from reviews.selectors import listings_order_by_owner_trust, reviews_for_export, trust_cards_for
from reviews.services import review_create, review_reminders_send, trust_summaries_refresh
from tests.conftest import login
from tests.factories import UserFactory, reviews_booking, reviews_listing

from .conftest import in_window

pytestmark = pytest.mark.django_db

SECRET = "Commentaire encore masqué"


@pytest.fixture
def hidden(booking, bob):
    """bob has reviewed alice; alice has not written yet, so bob's review is hidden."""
    return review_create(booking_id=booking.pk, author=bob, rating=1, comment=SECRET, now=in_window(1))


def test_subject_does_not_see_it_on_their_profile(client, hidden, alice):
    assert SECRET not in login(client, alice).get(f"/membres/{alice.pk}/").content.decode()


def test_others_do_not_see_it_on_the_trust_page(client, hidden, alice, charlie):
    assert SECRET not in login(client, charlie).get(f"/membres/{alice.pk}/").content.decode()


def test_subject_does_not_see_it_on_their_reviews_to_write(client, hidden, alice):
    assert SECRET not in login(client, alice).get("/confiance/avis-a-ecrire/").content.decode()


def test_subject_cannot_reply_to_it(client, hidden, alice):
    assert login(client, alice).get(f"/confiance/avis/{hidden.pk}/repondre/").status_code == 404


def test_subject_review_form_does_not_show_it(client, hidden, alice, booking):
    assert SECRET not in login(client, alice).get(f"/confiance/echanges/{booking.pk}/avis/").content.decode()


def test_trust_card_does_not_count_it(hidden, alice):
    trust_summaries_refresh(user_ids=[alice.pk])
    assert trust_cards_for(user_ids=[alice.pk])[alice.pk].summary.rating_count == 0


def test_reminder_email_to_the_subject_does_not_contain_it(hidden, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(now=in_window(3.5))
    assert mail.outbox and all(SECRET not in m.body and "1/5" not in m.body for m in mail.outbox)


def test_search_sort_ignores_it(hidden, alice):
    rival = UserFactory()
    TrustSummary.objects.create(user=rival, bayesian_rating=Decimal("3.990"), level="newcomer")
    trust_summaries_refresh(user_ids=[alice.pk])
    listings = [reviews_listing(owner=rival), reviews_listing(owner=alice)]
    ordered = listings_order_by_owner_trust(Listing.objects.filter(pk__in=[x.pk for x in listings]))
    assert [x.owner_id for x in ordered] == [alice.pk, rival.pk]  # alice stays at the 4.0 prior


def test_data_export_of_the_subject_leaves_it_out(hidden, alice):
    assert reviews_for_export(user=alice)["received"] == []


def test_data_export_of_the_author_keeps_their_own_words(hidden, bob):
    assert reviews_for_export(user=bob)["written"][0]["comment"] == SECRET


def test_moderators_see_it_in_the_admin(admin_client, hidden):
    response = admin_client.get("/admin/reviews/review/?visibility=hidden")
    assert response.status_code == 200 and str(hidden.booking) in response.content.decode()


def test_it_appears_once_the_other_has_written(client, hidden, alice, booking):
    review_create(booking_id=booking.pk, author=alice, rating=5, comment="Parfait", now=in_window(2))
    assert SECRET in login(client, alice).get(f"/membres/{alice.pk}/").content.decode()


def test_booking_of_another_pair_is_unaffected(hidden, charlie):
    other = reviews_booking(owner=charlie, requester=UserFactory())
    assert not other.reviews.exists()
