"""The search filters: no choice clipped in its select at any width, and they apply as they change."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_listing_page_layout import WIDTHS
from .world import build_world, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# How much wider each select's chosen text is than the room it has beside the select's arrow.
CLIPPED = """() => {
  const context = document.createElement("canvas").getContext("2d");
  return [...document.querySelectorAll(".search-filters select")].map((select) => {
    const style = getComputedStyle(select);
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return [select.name, context.measureText(text).width - room];
  }).filter(([, over]) => over > 0);
}"""


def test_no_filter_is_clipped_at_any_width(live_server, page: Page):
    world = build_world()
    log_in(page, live_server.url, world.bob.email)
    clipped = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/annonces/recherche/")
        page.evaluate("document.querySelector('.search-filters').open = true")
        clipped[width] = page.evaluate(CLIPPED)
    assert {width: found for width, found in clipped.items() if found} == {}


def test_a_filter_applies_as_soon_as_it_changes(live_server, page: Page):
    world = build_world()
    log_in(page, live_server.url, world.bob.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/annonces/recherche/")
    expect(page.get_by_role("button", name="Appliquer")).to_be_hidden()
    page.get_by_label("Type").select_option("lend")
    expect(page).to_have_url(re.compile(r"[?&]kind=lend"))
