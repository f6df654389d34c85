"""The trust summary: figures on a constructed history, the level thresholds, the Bayesian ordering."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from bookings.models import BookingTransition
from listings.models import Listing
from reviews import trust
from reviews.models import Review, TrustSummary, Vouch
from reviews.selectors import (
    listings_from_trusted_owners,
    listings_order_by_owner_trust,
    trust_badges_for,
    trust_cards_for,
)
from reviews.services import trust_record_sanction, trust_summaries_refresh
from tests.factories import UserFactory, VouchFactory, reviews_booking, reviews_listing

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def published_review(booking, author, subject, rating):
    return Review.objects.create(
        booking=booking, author=author, subject=subject, rating=rating, comment="ok", published_at=NOW
    )


@pytest.fixture
def history(alice, bob):
    """alice: 4 exchanges as owner, 1 as requester; reviews 5, 5, 4, 3 published and a hidden 1;
    requests answered in 1 h, 3 h, 5 h and one expired (last 12 months), one old and one withdrawn
    (not counted); one accepted booking cancelled recently (an older one and a withdrawal not
    counted); two active vouches and a withdrawn one."""
    others = UserFactory.create_batch(4)
    for other, rating in zip(others, [5, 5, 4, 3], strict=True):
        published_review(reviews_booking(owner=alice, requester=other), other, alice, rating)
    as_requester = reviews_booking(owner=bob, requester=alice)
    Review.objects.create(booking=as_requester, author=bob, subject=alice, rating=1, comment="caché")
    for hours, state in [(1, "declined"), (3, "accepted"), (5, "declined")]:
        created = NOW - timedelta(days=30)
        reviews_booking(
            owner=alice, requester=bob, state=state, created_at=created, answered_at=created + timedelta(hours=hours)
        )
    reviews_booking(owner=alice, requester=bob, state="expired", created_at=NOW - timedelta(days=20))
    old = NOW - timedelta(days=400)
    reviews_booking(
        owner=alice, requester=bob, state="declined", created_at=old, answered_at=old + timedelta(hours=100)
    )
    reviews_booking(owner=alice, requester=bob, state="cancelled", created_at=NOW - timedelta(days=10))
    for from_state, when in [("accepted", 5), ("ongoing", 400), ("requested", 3)]:
        cancelled = reviews_booking(owner=bob, requester=alice, state="cancelled")
        BookingTransition.objects.create(
            booking=cancelled,
            from_state=from_state,
            to_state="cancelled",
            action="cancel",
            actor=alice,
            created_at=NOW - timedelta(days=when),
        )
    VouchFactory.create_batch(2, vouchee=alice)
    VouchFactory(vouchee=alice, withdrawn_at=NOW)
    trust_summaries_refresh(user_ids=[alice.pk], now=NOW)
    return TrustSummary.objects.get(user=alice)


def test_completed_exchanges_as_owner(history):
    assert history.exchanges_as_owner == 4


def test_completed_exchanges_as_requester(history):
    assert history.exchanges_as_requester == 1


def test_average_rating_counts_only_published_reviews(history):
    assert (history.rating_average, history.rating_count) == (Decimal("4.25"), 4)


def test_bayesian_rating_uses_the_documented_prior(history):
    assert history.bayesian_rating == Decimal("4.111")  # (5 * 4.0 + 17) / (5 + 4)


def test_response_rate_counts_answered_and_expired_requests_of_the_last_year(history):
    assert (history.requests_answered, history.requests_received, history.response_rate) == (3, 4, 75)


def test_median_response_time(history):
    assert history.median_response_seconds == 3 * 3600


def test_cancellations_count_accepted_bookings_cancelled_in_the_last_year(history):
    assert history.cancellations == 1


def test_vouches_count_only_active_ones(history):
    assert history.vouch_count == 2


def test_level_of_the_constructed_history_is_regular(history):
    assert history.level == "regular"


def test_a_member_without_history_is_a_newcomer_at_the_prior(alice):
    trust_summaries_refresh(user_ids=[alice.pk])
    summary = TrustSummary.objects.get(user=alice)
    assert (summary.level, summary.bayesian_rating, summary.response_rate) == ("newcomer", Decimal("4.000"), None)


# --- Levels -------------------------------------------------------------------------------------
def level(exchanges=10, bayesian="4.5", vouches=1, sanction_days_ago=None):
    sanction = NOW - timedelta(days=sanction_days_ago) if sanction_days_ago is not None else None
    return trust.trust_level(
        exchanges=exchanges, bayesian=Decimal(bayesian), vouches=vouches, last_sanction_at=sanction, now=NOW
    )


def test_trusted_at_exactly_the_thresholds():
    assert level() == "trusted"


@pytest.mark.parametrize(
    "changes",
    [{"exchanges": 9}, {"bayesian": "4.499"}, {"vouches": 0}, {"sanction_days_ago": 364}],
    ids=["nine exchanges", "bayesian below 4.5", "no vouch", "sanctioned this year"],
)
def test_one_missing_condition_makes_a_regular(changes):
    assert level(**changes) == "regular"


def test_a_sanction_older_than_a_year_is_forgotten():
    assert level(sanction_days_ago=366) == "trusted"


def test_regular_at_exactly_three_exchanges_and_3_5():
    assert level(exchanges=3, bayesian="3.5", vouches=0) == "regular"


@pytest.mark.parametrize("changes", [{"exchanges": 2}, {"bayesian": "3.499"}], ids=["two exchanges", "low rating"])
def test_below_regular_is_newcomer(changes):
    assert level(**{"vouches": 0, "exchanges": 3, "bayesian": "3.5", **changes}) == "newcomer"


def test_moderation_sanction_removes_the_trusted_level(alice):
    TrustSummary.objects.create(user=alice, bayesian_rating=Decimal("4.9"), level="trusted")
    trust_record_sanction(user_id=alice.pk)
    assert TrustSummary.objects.get(user=alice).level != "trusted"


# --- Bayesian ordering ----------------------------------------------------------------------------
def test_one_five_star_review_does_not_outrank_fifty_at_4_8():
    one = trust.bayesian_rating(rating_sum=5, rating_count=1)
    fifty = trust.bayesian_rating(rating_sum=40 * 5 + 10 * 4, rating_count=50)  # average 4.8
    assert fifty > one


def test_search_sort_puts_the_long_excellent_record_first(alice, bob):
    newcomer_star, veteran = UserFactory(), UserFactory()
    star_listing = reviews_listing(owner=newcomer_star, title="Vélo")
    veteran_listing = reviews_listing(owner=veteran, title="Vélo aussi")
    published_review(reviews_booking(owner=newcomer_star, requester=alice), alice, newcomer_star, 5)
    for index in range(50):
        published_review(reviews_booking(owner=veteran, requester=UserFactory()), None, veteran, 5 if index < 40 else 4)
    trust_summaries_refresh(user_ids=[newcomer_star.pk, veteran.pk])
    ordered = listings_order_by_owner_trust(Listing.objects.filter(pk__in=[star_listing.pk, veteran_listing.pk]))
    assert list(ordered) == [veteran_listing, star_listing]


def test_trusted_only_filter_keeps_trusted_owners(alice, bob):
    TrustSummary.objects.create(user=alice, bayesian_rating=Decimal("4.8"), level="trusted")
    TrustSummary.objects.create(user=bob, bayesian_rating=Decimal("4.0"), level="regular")
    mine, his = reviews_listing(owner=alice), reviews_listing(owner=bob)
    assert list(listings_from_trusted_owners(Listing.objects.filter(pk__in=[mine.pk, his.pk]))) == [mine]


# --- Live identity checks and query counts -------------------------------------------------------
def test_card_shows_verified_email_and_two_factor(alice):
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={})
    card = trust_cards_for(user_ids=[alice.pk])[alice.pk]
    assert (card.email_verified, card.has_2fa) == (True, True)


def test_card_with_a_summary_shows_verified_email_and_two_factor(alice):
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={})
    trust_summaries_refresh(user_ids=[alice.pk])
    card = trust_cards_for(user_ids=[alice.pk])[alice.pk]
    assert (card.email_verified, card.has_2fa) == (True, True)


def test_card_with_a_summary_of_an_unverified_member_says_so():
    member = UserFactory(verified=False)
    trust_summaries_refresh(user_ids=[member.pk])
    card = trust_cards_for(user_ids=[member.pk])[member.pk]
    assert (card.email_verified, card.has_2fa) == (False, False)


def test_card_of_an_unverified_member_says_so():
    member = UserFactory(verified=False)
    assert trust_cards_for(user_ids=[member.pk])[member.pk].email_verified is False


def test_trust_cards_take_one_query_for_any_number_of_members(django_assert_num_queries):
    members = UserFactory.create_batch(20)
    trust_summaries_refresh(user_ids=[m.pk for m in members])
    with django_assert_num_queries(1):
        cards = trust_cards_for(user_ids=[m.pk for m in members])
    assert len(cards) == 20


def test_members_without_a_summary_yet_take_one_more_query(django_assert_num_queries):
    members = UserFactory.create_batch(20)
    trust_summaries_refresh(user_ids=[m.pk for m in members[:10]])
    with django_assert_num_queries(2):
        cards = trust_cards_for(user_ids=[m.pk for m in members])
    assert len(cards) == 20


def test_a_member_without_a_summary_yet_has_a_newcomer_card(alice):
    card = trust_cards_for(user_ids=[alice.pk])[alice.pk]
    assert (card.level, card.member_since, card.email_verified) == ("newcomer", alice.date_joined, True)


def test_a_card_reads_the_member_since_date_with_the_summary(alice):
    trust_summaries_refresh(user_ids=[alice.pk])
    assert trust_cards_for(user_ids=[alice.pk])[alice.pk].member_since == alice.date_joined


def test_trust_badges_take_one_query_for_any_number_of_members(django_assert_num_queries):
    members = UserFactory.create_batch(20)
    trust_summaries_refresh(user_ids=[m.pk for m in members[:10]])
    with django_assert_num_queries(1):
        badges = trust_badges_for(user_ids=[m.pk for m in members])
    assert len(badges) == 20


def test_a_member_without_a_summary_yet_has_a_newcomer_badge(alice):
    assert trust_badges_for(user_ids=[alice.pk])[alice.pk].level == "newcomer"


def test_a_badge_carries_the_level_and_rating_of_the_summary(alice):
    TrustSummary.objects.create(
        user=alice, bayesian_rating=Decimal("4.6"), level="trusted", rating_count=12, rating_average=Decimal("4.75")
    )
    badge = trust_badges_for(user_ids=[alice.pk])[alice.pk]
    assert (badge.level, badge.rating_count, badge.rating_average) == ("trusted", 12, Decimal("4.75"))


@pytest.mark.parametrize("count", [1, 15])
def test_refreshing_summaries_costs_the_same_queries_for_one_or_many(count, django_assert_num_queries):
    members = UserFactory.create_batch(count)
    for member in members:
        VouchFactory(vouchee=member)
        reviews_booking(owner=member, requester=UserFactory())
    # 7 for the figures, the summaries before and the upsert, and the changed owners' listings (for the cache)
    with django_assert_num_queries(11):
        trust_summaries_refresh(user_ids=[m.pk for m in members])


def test_withdrawn_vouch_no_longer_counts(alice, bob):
    from reviews.services import vouch_create, vouch_withdraw
    from tests.reviews.conftest import share_a_circle

    share_a_circle(alice, bob)
    vouch_create(voucher=bob, vouchee=alice, text="Voisine")
    vouch_withdraw(voucher=bob, vouchee=alice)
    assert TrustSummary.objects.get(user=alice).vouch_count == 0
    assert Vouch.objects.count() == 1


def test_a_suspended_member_is_not_trusted(alice):
    alice.is_suspended = True
    alice.save()
    TrustSummary.objects.create(user=alice, bayesian_rating=Decimal("4.9"), level="trusted")
    trust_summaries_refresh(user_ids=[alice.pk])
    assert TrustSummary.objects.get(user=alice).last_sanction_at is not None
