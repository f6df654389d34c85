"""The admin pages of reviews, and the demo data."""

import io

import pytest
from django.utils import timezone

from reviews.models import Review, ReviewFlag, TrustSummary, Vouch
from reviews.services import review_create
from tests.factories import ReviewFactory, VouchFactory, reviews_booking

from .conftest import in_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_of_everything(booking, alice, bob):
    review_create(
        booking_id=booking.pk, author=bob, rating=1, comment="Cassé", private_note="À vérifier", now=in_window()
    )
    review_create(booking_id=booking.pk, author=alice, rating=5, comment="Super", now=in_window(2))
    VouchFactory(vouchee=alice)


@pytest.mark.parametrize("model", ["review", "reviewreply", "reviewflag", "vouch", "trustsummary", "reviewnotice"])
def test_admin_list_pages_open(admin_client, some_of_everything, model):
    assert admin_client.get(f"/admin/reviews/{model}/").status_code == 200


@pytest.mark.parametrize("visibility", ["hidden", "published", "removed"])
def test_admin_filters_reviews_by_visibility(admin_client, some_of_everything, visibility):
    assert admin_client.get(f"/admin/reviews/review/?visibility={visibility}").status_code == 200


def test_admin_shows_the_private_note_on_the_flag(admin_client, some_of_everything):
    flag = ReviewFlag.objects.get()
    assert "À vérifier" in admin_client.get(f"/admin/reviews/reviewflag/{flag.pk}/change/").content.decode()


def test_admin_review_page_opens(admin_client, some_of_everything):
    review = Review.objects.first()
    assert admin_client.get(f"/admin/reviews/review/{review.pk}/change/").status_code == 200


def test_members_cannot_open_the_review_admin(client, alice):
    from tests.conftest import login

    assert login(client, alice).get("/admin/reviews/review/").status_code == 404


def test_demo_spans_the_three_levels_and_is_idempotent():
    from accounts import demo as accounts_demo
    from reviews import demo

    out = io.StringIO()
    accounts_demo.seed(out)
    demo.seed(out)
    counts = (Review.objects.count(), Vouch.objects.count())
    demo.seed(out)
    assert (Review.objects.count(), Vouch.objects.count()) == counts
    assert set(TrustSummary.objects.values_list("level", flat=True)) == {"newcomer", "regular", "trusted"}


def test_demo_leaves_a_hidden_review_and_replies():
    from accounts import demo as accounts_demo
    from reviews import demo

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert Review.objects.hidden().exists() and Review.objects.filter(reply__isnull=False).exists()


def test_review_factory_makes_a_published_review(alice, bob):
    review = ReviewFactory(booking=reviews_booking(owner=alice, requester=bob), author=bob, published_at=timezone.now())
    assert review.subject == alice
