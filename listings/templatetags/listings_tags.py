"""Template helpers for listing pages."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from circles.models import Circle
from listings import cards
from listings.models import Listing
from listings.selectors import SearchParams, search_listings

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    """The URL of a stored file name (covers are stored as names, not FieldFiles)."""
    return default_storage.url(name) if name else ""


@register.simple_tag
def kind_icon(kind: str) -> SafeString:
    return cards.kind_icon(kind)


@register.simple_tag
def listing_grid(
    listings: Iterable[Listing],
    badges: Mapping[int, str] | None = None,
    show_status: bool = False,
    empty_title: str = "",
    empty_text: str = "",
) -> SafeString:
    """``{% listing_grid page.items badges=badges empty_title=_("…") %}``: the cards, or an empty state."""
    return cards.listing_grid(
        listings, badges=badges, show_status=show_status, empty_title=empty_title, empty_text=empty_text
    )


@register.filter
def ago(value: datetime.datetime | None) -> str:
    """ "3 days", "2 weeks": the largest unit only, as people say it."""
    return timesince(value, depth=1) if value else ""


CIRCLE_PAGE_LISTINGS = 8


@register.simple_tag(takes_context=True)
def circle_listings(context: template.Context, circle: Circle) -> list[Listing]:
    """The newest listings of a circle that the viewer may see: shared with it, or posted
    publicly by its members. For the circle page, which circles cannot build itself (listings
    sits above circles): ``{% circle_listings circle as listings %}``."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    page = search_listings(viewer=viewer, params=SearchParams(circle=circle, sort="newest"))
    return page.items[:CIRCLE_PAGE_LISTINGS]
