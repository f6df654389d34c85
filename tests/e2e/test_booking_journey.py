"""A neighbour borrows a drill for three days: request, acceptance, handover, return — two browsers."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from bookings.models import Booking
from tests.bookings.conftest import categories_back_after_flushes, in_days
from tests.factories import DEFAULT_PASSWORD, BookableListingFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["categories_back_after_flushes"]  # the fixture puts the seeded categories back after the flush


def _log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()


def test_member_borrows_a_drill_for_three_days(page: Page, browser: Browser, live_server):
    alice = UserFactory(first_name="Alice", last_name="Martin", email="alice@example.fr")
    bob = UserFactory(first_name="Bob", last_name="Bernard", email="bob@example.fr")
    drill = BookableListingFactory(
        owner=alice, kind="lend", title="Perceuse-visseuse", price_unit="per_day", price="3.00", deposit="40.00"
    )
    start, end = in_days(2), in_days(4)

    # Bob chooses three days in the calendar of the listing and asks.
    _log_in(page, live_server.url, bob.email)
    page.goto(f"{live_server.url}/echanges/demander/{drill.pk}/")
    page.locator(f'.calendar__pick[data-date="{start.isoformat()}"]').click()
    page.locator(f'.calendar__pick[data-date="{end.isoformat()}"]').click()
    expect(page.get_by_label("Premier jour")).to_have_value(start.isoformat())
    expect(page.get_by_label("Dernier jour (retour)")).to_have_value(end.isoformat())
    expect(page.locator("[data-quote]")).to_contain_text(re.compile(r"3 jours · 9,00\s€"))
    page.get_by_label(re.compile("Message au propriétaire")).fill("Pour fixer des étagères, merci !")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator(".booking-state")).to_have_text("Demandée")

    # Alice, in her own browser, accepts from her exchanges, then records the handover and the return.
    owner_context = browser.new_context(locale="fr-FR")
    owner = owner_context.new_page()
    _log_in(owner, live_server.url, alice.email)
    owner.goto(f"{live_server.url}/echanges/")
    expect(owner.get_by_text("Bob B.")).to_be_visible()
    owner.get_by_role("button", name="Accepter").click()
    owner.get_by_role("link", name="Perceuse-visseuse").click()
    owner.get_by_label(re.compile("État de l.objet à la remise")).fill("Très bon état, deux batteries")
    owner.get_by_label(re.compile("J.ai reçu la caution")).check()
    owner.get_by_role("button", name="Confirmer la remise").click()
    expect(owner.locator(".booking-state")).to_have_text("En cours")
    owner.get_by_label(re.compile("État de l.objet au retour")).fill("Rendue propre, merci")
    owner.get_by_label(re.compile("J.ai rendu la caution")).check()
    owner.get_by_role("button", name="Confirmer le retour").click()
    expect(owner.locator(".booking-state")).to_have_text("Terminée")
    expect(owner.locator(".timeline__item")).to_have_count(4)

    # Bob sees the same completed timeline.
    page.reload()
    expect(page.locator(".booking-state")).to_have_text("Terminée")
    expect(page.locator(".timeline__item")).to_have_count(4)
    expect(page.get_by_text("Rendue propre, merci").first).to_be_visible()
    owner_context.close()

    booking = Booking.objects.get()
    assert (booking.state, booking.days, booking.deposit_received, booking.deposit_returned) == (
        "completed",
        3,
        True,
        True,
    )
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert [to for to, _ in sent] == ["alice@example.fr", "bob@example.fr", "bob@example.fr", "bob@example.fr"]
