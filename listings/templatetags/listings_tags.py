"""Template helpers for listing pages: ``{% load listings_tags %}``.

* ``{% listing_grid listings badges=badges show_status=True empty_title=_("…") empty_text=text %}``
  — cards in a grid, or an empty state (``listings/partials/grid.html``, one
  ``listings/partials/card.html`` a listing); ``badges`` come from reviews' ``{% trust_badges %}``;
* ``{% listing_gallery listing photos selected %}`` — the listing page's photos;
* ``{{ listing.cover_thumbnail|media_url }}``, ``{% circle_listings circle as listings %}``,
  ``{% listings_of_member member as listings %}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.utils.translation import get_language

from circles.models import Circle
from listings.models import Listing, ListingPhoto
from listings.selectors import SearchParams, member_listings, search_listings
from marketplace.cache import MAX_AGE, digest

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    """The URL of a stored file name (covers are stored as names, not FieldFiles)."""
    return default_storage.url(name) if name else ""


@register.inclusion_tag("listings/partials/grid.html")
def listing_grid(
    listings: Iterable[Listing],
    badges: Mapping[int, Any] | None = None,
    show_status: bool = False,
    empty_title: str = "",
    empty_text: str = "",
) -> dict[str, Any]:
    """The cards of ``listings``, or an empty state; ``badges``: trust badges by owner id.

    An inclusion tag rather than an ``{% include %}``: a grid sees only what it is given, so that
    one page's empty text never shows in another grid of the same page. The cards are kept in
    the cache (``{% cache %}`` in the template) under ``grid_key``: every listing's id and
    ``updated_at`` (which every change of a listing moves), its owner's badge, the flag and the
    language; nothing in a card depends on who looks at it.
    """
    listings = list(listings)
    shown = [(listing.pk, listing.updated_at, badges.get(listing.owner_id) if badges else None) for listing in listings]
    return {
        "grid_key": digest(shown, show_status, get_language()),
        "max_age": MAX_AGE,
        "listings": listings,
        "badges": badges,
        "show_status": show_status,
        "empty_title": empty_title,
        "empty_text": empty_text,
    }


@register.inclusion_tag("listings/partials/gallery.html")
def listing_gallery(listing: Listing, photos: Sequence[ListingPhoto], selected: int) -> dict[str, Any]:
    """The listing page's photos, the ``selected`` one large (kept in range here), and the
    numbers of the photos before and after it (the last one's next is the first). ``photos``
    may be given as a function: the template calls it when the gallery is drawn, so that a
    gallery taken from the cache costs no query."""
    count = len(photos)
    selected = max(0, min(count - 1, selected))
    return {
        "listing": listing,
        "photos": photos,
        "main": photos[selected] if photos else None,
        "selected": selected,
        "previous": (selected - 1) % count if count else None,
        "next": (selected + 1) % count if count else None,
    }


CIRCLE_PAGE_LISTINGS = 8


@register.simple_tag(takes_context=True)
def circle_listings(context: template.Context, circle: Circle) -> list[Listing]:
    """The newest listings of a circle that the viewer may see: shared with it, or posted
    publicly by its members. For the circle page, which circles cannot build itself (listings
    sits above circles): ``{% circle_listings circle as listings %}``."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    page = search_listings(viewer=viewer, params=SearchParams(circle=circle, sort="newest"), count=False)
    return page.items[:CIRCLE_PAGE_LISTINGS]


@register.simple_tag(takes_context=True)
def listings_of_member(context: template.Context, member: Any) -> list[Listing]:
    """The newest listings of ``member`` that the viewer may see, for their profile (which
    accounts cannot build itself: listings sits above accounts):
    ``{% listings_of_member member as listings %}``."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    return member_listings(viewer=viewer, member_id=member.pk)
