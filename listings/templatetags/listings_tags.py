"""Template helpers for listing pages."""

from __future__ import annotations

import datetime

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
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


# {% kind_icon listing.kind %}; {% listing_grid page.items badges=badges empty_title=_("…") %}
register.simple_tag(cards.kind_icon, name="kind_icon")
register.simple_tag(cards.listing_grid, name="listing_grid")
register.simple_tag(cards.listing_gallery, name="listing_gallery")  # {% listing_gallery listing photos selected %}
register.simple_tag(cards.category_tree_list, name="category_tree_list")  # {% category_tree_list tree %}


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
