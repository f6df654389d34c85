"""The compact trust card, as members read it on a listing page, a booking or a conversation."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from reviews.models import TrustSummary
from reviews.selectors import TrustCard

JOINED = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)  # 1 April in Paris


def render_trust_card(card: TrustCard | None, *, title: str = "") -> str:
    """The card as a page draws it: ``{% trust_card_of card title %}``."""
    template = Template("{% load reviews_tags %}{% trust_card_of card title %}")
    return template.render(Context({"card": card, "title": title}))


def card(**summary: object) -> TrustCard:
    values: dict[str, object] = {"user_id": 1, "bayesian_rating": Decimal("4.000"), "level": "newcomer"}
    values.update(summary)
    return TrustCard(
        user_id=1,
        member_since=JOINED,
        email_verified=True,
        has_2fa=False,
        summary=TrustSummary(**values),
    )


def test_a_rated_member_shows_stars_average_and_review_count():
    html = render_trust_card(card(rating_count=12, rating_average=Decimal("4.75"), level="trusted"))
    assert 'aria-label="4.8 sur 5"' in html and "<strong>4,8</strong>" in html and "(12 avis)" in html


def test_a_member_without_reviews_says_so():
    assert "Pas encore d\u2019avis" in render_trust_card(card())


def test_exchanges_and_vouches_use_plural_forms():
    html = render_trust_card(card(exchanges_as_owner=2, exchanges_as_requester=1, vouch_count=1))
    assert "3 échanges terminés" in html and "1 recommandation<" in html


def test_the_level_badge_carries_its_mark_and_tooltip():
    html = render_trust_card(card(level="trusted"))
    assert 'title="Niveau de confiance"><span aria-hidden="true">◆</span> De confiance</span>' in html


def test_identity_checks_are_listed():
    verified = render_trust_card(card())
    unverified = render_trust_card(TrustCard(1, JOINED, False, True, card().summary))
    assert "E-mail vérifié" in verified and "E-mail non vérifié" in unverified


def test_a_members_two_factor_setting_is_never_shown_to_others():
    """Issue 23: a card told others who had two-factor off, which is a hint for an attacker."""
    on, off = (render_trust_card(TrustCard(1, JOINED, True, has, card().summary)) for has in (True, False))
    assert "double authentification" not in (on + off).lower()


def test_response_rate_and_time_are_shown_once_there_were_requests():
    html = render_trust_card(card(requests_received=4, requests_answered=3, median_response_seconds=7200))
    assert "Répond à 75 % des demandes, en 2 heures" in html


def test_no_response_rate_before_any_request():
    assert "Répond à" not in render_trust_card(card())


def test_member_since_is_the_month_in_the_sites_time_zone():
    assert "Membre depuis avril 2024" in render_trust_card(card())


def test_a_title_is_escaped():
    assert '<h2 class="trust-card__title">&lt;b&gt;Propriétaire&lt;/b&gt;</h2>' in render_trust_card(
        card(), title="<b>Propriétaire</b>"
    )


def test_the_card_is_in_english_on_an_english_page():
    with translation.override("en"):
        html = render_trust_card(card(exchanges_as_owner=1, rating_count=1, rating_average=Decimal("5")))
    assert "1 exchange completed" in html and "(1 review)" in html and "Member since April 2024" in html


def test_no_card_renders_nothing():
    assert render_trust_card(None).strip() == ""
