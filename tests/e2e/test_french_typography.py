"""French pages follow French typography: non-breaking spaces before : ; ! ? and inside « »,
months in lower case ("12 déc. 2026"), "il y a 5 minutes" rather than "0 minute" or "6 jours, 10 heures"."""

import re

import pytest
from playwright.sync_api import Browser

from .world import build_world, log_in, main_pages

pytestmark = pytest.mark.django_db(transaction=True)

# The text of a page as a reader gets it: every text node but scripts, styles and what members type in fields.
TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, textarea, option")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
  return parts.join("");
}"""
WRONG = {
    "a plain space before : ; ! ?": re.compile(r"\w \s*[:;!?](?=\s|$)"),
    "no non-breaking space inside « »": re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»"),
    "a capitalised month": re.compile(r"\b\d{1,2} (Jan|Fév|Mar|Avr|Mai|Juin|Juil|Aoû|Sep|Oct|Nov|Déc)\w*\.? \d{4}"),
    "an abbreviated month without its dot": re.compile(r"\b\d{1,2} (janv|févr|avr|juil|sept|oct|nov|déc) \d{4}"),
    "a zero duration": re.compile(r"\b0 (minute|heure|jour)s?\b"),
    "a two-unit duration": re.compile(r"\d+ (jours?|heures?), \d+ (heures?|minutes?)"),
}


def problems(text: str) -> list[str]:
    return [
        f"{what}: …{text[max(0, m.start() - 30) : m.end() + 10]}…"
        for what, rule in WRONG.items()
        for m in rule.finditer(text)
    ]


def test_no_french_page_breaks_french_typography(live_server, browser: Browser):
    world = build_world()
    found = {}
    pages = {**main_pages(world), "privacy": ("/confidentialite/", False), "terms": ("/conditions-utilisation/", False)}
    pages["booking"] = (f"/echanges/{world.drill.bookings.first().pk}/", "alice")
    pages["my listings"] = ("/annonces/mes-annonces/", "alice")
    for who in (None, world.bob.email, world.alice.email):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        if who:
            log_in(page, live_server.url, who)
        for name, (url, viewer) in pages.items():
            wanted = {False: None, True: world.bob.email, "alice": world.alice.email}[viewer]
            if wanted == who:
                page.goto(f"{live_server.url}{url}")
                found[name] = problems(page.evaluate(TEXT))
        context.close()
    assert {name: issues for name, issues in found.items() if issues} == {}


def test_the_scan_catches_the_wrong_forms():
    """The control: each rule finds what it is meant to."""
    samples = ["Prix : 5 €", "« Perceuse »", "12 Déc 2026", "12 déc 2026", "il y a 0 minute", "6 jours, 10 heures"]
    assert [bool(problems(sample)) for sample in samples] == [True] * len(samples)
