"""axe-core finds no serious or critical violation on the ten main pages, at phone and desktop
widths, in French and English; the focus ring shows on the dark-green hero."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from .world import build_world, log_in, main_pages

pytestmark = pytest.mark.django_db(transaction=True)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize(("width", "language"), [(1280, "fr"), (390, "fr"), (1280, "en")])
def test_the_main_pages_have_no_serious_violation(live_server, browser: Browser, width, language):
    world = build_world()
    found = {}
    for member in (False, True):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        if member:
            log_in(page, live_server.url, world.bob.email)
        for name, (url, for_member) in main_pages(world).items():
            if for_member == member:
                page.goto(f"{live_server.url}{url}")
                found[name] = serious_violations(page)
        context.close()
    assert {name: issues for name, issues in found.items() if issues} == {}


def test_the_focus_ring_shows_on_the_hero(live_server, browser: Browser):
    build_world()
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.locator(".hero a").first.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(255, 210, 122)"
