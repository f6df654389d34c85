"""The pages: reviews to write, the reply form, the trust page, the profile; query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewReply
from reviews.services import review_create, trust_summaries_refresh
from tests.conftest import login
from tests.factories import ReviewFactory, UserFactory, VouchFactory, reviews_booking

from .conftest import COMPLETED, in_window

pytestmark = pytest.mark.django_db


def test_reviews_to_write_lists_the_completed_exchange_with_its_deadline(client, booking, bob):
    with time_machine.travel(in_window(2), tick=False):
        page = login(client, bob).get("/confiance/avis-a-ecrire/").content.decode()
    assert "Évaluer Alice M." in page and "16 mars 2026" in page


def test_reviews_to_write_forgets_an_exchange_once_reviewed(client, booking, bob):
    review_create(booking_id=booking.pk, author=bob, rating=5, comment="Top", now=in_window(1))
    with time_machine.travel(in_window(2), tick=False):
        page = login(client, bob).get("/confiance/avis-a-ecrire/").content.decode()
    assert f"/confiance/echanges/{booking.pk}/avis/" not in page


def test_reviews_to_write_forgets_an_exchange_after_fourteen_days(client, booking, bob):
    with time_machine.travel(COMPLETED + timedelta(days=15), tick=False):
        page = login(client, bob).get("/confiance/avis-a-ecrire/").content.decode()
    assert f"/confiance/echanges/{booking.pk}/avis/" not in page


def test_reviews_to_write_needs_login(client):
    assert client.get("/confiance/avis-a-ecrire/").status_code == 302


@pytest.mark.parametrize("count", [1, 12])
def test_reviews_to_write_is_constant_in_queries(client, bob, count, django_assert_max_num_queries):
    for _ in range(count):
        reviews_booking(owner=UserFactory(), requester=bob, completed_at=timezone.now() - timedelta(days=1))
    login(client, bob)
    with django_assert_max_num_queries(6):
        client.get("/confiance/avis-a-ecrire/")


@pytest.fixture
def published(booking, alice, bob):
    review_create(booking_id=booking.pk, author=bob, rating=4, comment="Bien", now=in_window(1))
    review_create(booking_id=booking.pk, author=alice, rating=5, comment="Super", now=in_window(2))
    return Review.objects.get(author=bob)


def test_subject_replies_once(client, published, alice):
    response = login(client, alice).post(f"/confiance/avis/{published.pk}/repondre/", {"text": "Merci Bob !"})
    assert response.status_code == 302
    assert ReviewReply.objects.get().text == "Merci Bob !"


def test_second_reply_is_refused(client, published, alice):
    login(client, alice).post(f"/confiance/avis/{published.pk}/repondre/", {"text": "Merci Bob !"})
    response = client.post(f"/confiance/avis/{published.pk}/repondre/", {"text": "Encore moi"})
    assert response.status_code == 400 and ReviewReply.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_the_subject_may_reply(client, published, who, request):
    response = login(client, request.getfixturevalue(who)).get(f"/confiance/avis/{published.pk}/repondre/")
    assert response.status_code == 404


def test_reply_appears_under_the_review_on_the_profile(client, published, alice, charlie):
    login(client, alice).post(f"/confiance/avis/{published.pk}/repondre/", {"text": "Merci Bob !"})
    page = login(client, charlie).get(f"/membres/{alice.pk}/").content.decode()
    assert page.index("Bien") < page.index("Merci Bob !")


def test_published_review_cannot_be_written_again(client, published, bob, booking):
    with time_machine.travel(in_window(3), tick=False):
        response = login(client, bob).post(
            f"/confiance/echanges/{booking.pk}/avis/", {"rating": "1", "comment": "Changé"}
        )
    assert response.status_code == 400 and Review.objects.get(author=bob).comment == "Bien"


def test_profile_lists_published_reviews_newest_first(client, alice, charlie):
    for days, comment in [(30, "Ancien avis"), (3, "Avis récent")]:
        booking = reviews_booking(owner=alice, requester=UserFactory())
        ReviewFactory(
            booking=booking,
            author=booking.requester,
            comment=comment,
            published_at=timezone.now() - timedelta(days=days),
        )
    page = login(client, charlie).get(f"/membres/{alice.pk}/").content.decode()
    assert page.index("Avis récent") < page.index("Ancien avis")


@pytest.mark.parametrize("count", [1, 10])
def test_profile_with_trust_is_constant_in_queries(client, alice, charlie, count, django_assert_max_num_queries):
    for _ in range(count):
        booking = reviews_booking(owner=alice, requester=UserFactory())
        ReviewFactory(booking=booking, author=booking.requester, published_at=timezone.now())
        VouchFactory(vouchee=alice)
    trust_summaries_refresh(user_ids=[alice.pk])
    login(client, charlie)
    # One more than before issue 23: the profile lists the member's listings.
    with django_assert_max_num_queries(11):
        client.get(f"/membres/{alice.pk}/")


def test_trust_page_of_an_unknown_member_is_404(client, charlie):
    assert login(client, charlie).get("/confiance/membres/987654/").status_code == 404


def test_profile_shows_the_level_and_rating(client, alice, charlie):
    booking = reviews_booking(owner=alice, requester=charlie)
    ReviewFactory(booking=booking, author=charlie, rating=4, published_at=timezone.now())
    trust_summaries_refresh(user_ids=[alice.pk])
    page = login(client, charlie).get(f"/membres/{alice.pk}/").content.decode()
    assert "Nouveau membre" in page and "1 avis" in page


def test_anonymous_visitor_is_sent_to_log_in_for_a_trust_page(client, alice):
    response = client.get(f"/confiance/membres/{alice.pk}/")
    assert response.url == f"{reverse('account_login')}?next=/confiance/membres/{alice.pk}/"


def test_a_script_cannot_read_the_trust_pages_by_id_without_an_account(client, alice, bob, charlie):
    statuses = {client.get(f"/confiance/membres/{member.pk}/").status_code for member in (alice, bob, charlie)}
    assert statuses == {302}


def test_anonymous_visitor_is_asked_to_sign_in_for_the_trust_page(client, alice):
    """The trust page is the profile's now, which members only see."""
    response = client.get(f"/confiance/membres/{alice.pk}/", follow=True)
    assert (
        response.redirect_chain[-1][0].startswith("/compte/login/") and "/recommander/" not in response.content.decode()
    )


def test_my_exchanges_links_to_the_reviews_to_write(client, bob):
    page = login(client, bob).get(reverse("bookings:dashboard")).content.decode()
    assert f'href="{reverse("reviews:to_write")}"' in page
