"""Trust on any page: ``{% load reviews_tags %}``. Every piece is a template of reviews/partials/.

* ``{% trust_card member %}`` — the compact card of one member (one query); ``{% owner_trust_card
  listing %}`` and ``{% trust_card_of card %}`` draw it from what the page already read (no query);
* ``{% trust_badges objects "owner_id" as badges %}`` then ``{% trust_badge member badges=badges %}``
  — list pages: the one-line badge of every row, in one query (also for
  ``{% listing_grid ... badges=badges %}``, whose cards draw each owner's badge);
* ``{% owner_trust_badges listings as badges %}`` — the same, for listings whose own query read
  their owners' badge columns (search results): no query;
* ``{% trust_profile member %}`` — the full summary, vouches and published reviews (profile page);
* ``{% stars rating %}`` and ``{{ seconds|response_time }}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import selectors
from reviews.forms import VouchForm
from reviews.selectors import TrustBadge, TrustCard

register = template.Library()


def _pk(member: Any) -> int | None:
    if member is None:
        return None
    if isinstance(member, int):
        return member
    return getattr(member, "pk", None)


def _as_list(objects: Any) -> list[Any]:
    if objects is None:
        return []
    if isinstance(objects, str) or not hasattr(objects, "__iter__"):
        return [objects]
    return list(objects)


@register.simple_tag
def trust_badges(objects: Any, *paths: str) -> dict[int, TrustBadge]:
    """The trust badges of the members at ``paths`` of each object, in one query."""
    return selectors.trust_badges_for_objects(objects=_as_list(objects), paths=paths or ("pk",))


@register.simple_tag
def owner_trust_badges(listings: Any) -> dict[int, TrustBadge]:
    """The trust badges of the owners of ``listings`` whose query read them with the listings
    (search results): no query."""
    return selectors.trust_badges_read_with(listings=_as_list(listings))


@register.inclusion_tag("reviews/partials/trust_badge.html")
def trust_badge(member: Any, badges: dict[int, TrustBadge] | None = None) -> dict[str, Any]:
    """The badge ``trust_badges`` found for ``member``; never queries (nothing without ``badges``)."""
    pk = _pk(member)
    return {"badge": (badges or {}).get(pk) if pk is not None else None}


@register.inclusion_tag("reviews/partials/trust_card.html")
def trust_card(member: Any, title: str = "") -> dict[str, Any]:
    """The compact card of one member (one query): conversations."""
    pk = _pk(member)
    return {"card": selectors.trust_card_for(user_id=pk) if pk is not None else None, "title": title}


@register.inclusion_tag("reviews/partials/trust_card.html")
def owner_trust_card(listing: Any, title: str = "") -> dict[str, Any]:
    """The card of a listing's owner on the listing page (no query: read with the listing)."""
    return {"card": selectors.owner_trust_card(listing=listing), "title": title}


@register.inclusion_tag("reviews/partials/trust_card.html")
def trust_card_of(card: TrustCard | None, title: str = "") -> dict[str, Any]:
    """The compact card of a member whose card the page already has (booking pages)."""
    return {"card": card, "title": title}


@register.inclusion_tag("reviews/partials/booking_trust.html", takes_context=True)
def booking_trust(context: template.Context, booking: Any) -> dict[str, Any]:
    """On a booking page: the other member's trust card and, once completed, the review to write."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if viewer is None or not viewer.is_authenticated or viewer.pk not in (booking.owner_id, booking.requester_id):
        return {"card": None}
    other_id = booking.requester_id if viewer.pk == booking.owner_id else booking.owner_id
    return {"card": selectors.trust_card_for(user_id=other_id), **selectors.review_prompt(user=viewer, booking=booking)}


@register.inclusion_tag("reviews/partials/trust_profile.html", takes_context=True)
def trust_profile(context: template.Context, member: Any, shared: list[Any] | None = None) -> dict[str, Any]:
    """``shared``: the circles the page already fetched (viewer and member), to save a query."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    profile = selectors.trust_profile(viewer=viewer, member=member, shared=shared) if viewer is not None else None
    vouch_form = None
    if profile is not None and profile.can_vouch and not profile.viewer_vouch:
        # Posted to the vouch page (reviews:vouch), which reads the same form; its own ids, as the
        # profile page may hold other forms.
        vouch_form = VouchForm(auto_id="id_vouch_%s")
        vouch_form.fields["text"].label = _("I know %(name)s in real life") % {"name": member.public_name}
    return {
        "member": member,
        "profile": profile,
        "vouch_form": vouch_form,
        # A page that passes ``shared`` already shows the circles in common: not twice.
        "show_shared": shared is None,
        "viewer": viewer,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/partials/stars.html")
def stars(rating: Any) -> dict[str, Any]:
    """★★★★☆ with an accessible label ("4.5 out of 5"); ``rating`` may be a decimal average."""
    if rating is None:
        return {"value": None}
    value = float(rating)
    full = round(value)
    return {"value": f"{value:.1f}".rstrip("0").rstrip("."), "full": "★" * full, "off": "★" * (5 - full)}


@register.filter
def response_time(seconds: int | None) -> str:
    """A typical response time in words: "within an hour", "within 5 hours", "within 2 days"."""
    if seconds is None:
        return ""
    hours = seconds / 3600
    if hours <= 1:
        return _("within an hour")
    if hours < 48:
        count = int(-(-hours // 1))
        return ngettext("within %(count)d hour", "within %(count)d hours", count) % {"count": count}
    days = int(-(-hours // 24))
    return ngettext("within %(count)d day", "within %(count)d days", days) % {"count": days}
