"""Trust on any page: ``{% load reviews_tags %}``.

* ``{% trust_card member %}`` — the compact card of one member (one query);
* ``{% trust_badges objects "owner_id" as badges %}`` then ``{% trust_badge member badges=badges %}``
  — list pages: the one-line badge of every row, rendered, in one query (also for
  ``{% listing_grid ... badges=badges %}``, which listings renders without knowing reviews);
* ``{% owner_trust_badges listings as badges %}`` — the same, for listings whose own query read
  their owners' badge columns (search results): no query;
* ``{% trust_profile member %}`` — the full summary, vouches and published reviews (profile page).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import selectors
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
def trust_badges(objects: Any, *paths: str) -> dict[int, SafeString]:
    """The trust badges of the members at ``paths`` of each object, rendered, in one query."""
    badges = selectors.trust_badges_for_objects(objects=_as_list(objects), paths=paths or ("pk",))
    return render_trust_badges(badges)


@register.simple_tag
def owner_trust_badges(listings: Any) -> dict[int, SafeString]:
    """The trust badges of the owners of ``listings`` whose query read them with the listings
    (search results), rendered: no query."""
    return render_trust_badges(selectors.trust_badges_read_with(listings=_as_list(listings)))


@register.simple_tag
def trust_card(member: Any, title: str = "") -> SafeString:
    """The compact card of one member (one query): listing pages, conversations."""
    pk = _pk(member)
    return render_trust_card(selectors.trust_card_for(user_id=pk) if pk is not None else None, title=title)


@register.simple_tag
def owner_trust_card(listing: Any, title: str = "") -> SafeString:
    """The card of a listing's owner on the listing page (no query: read with the listing)."""
    return render_trust_card(selectors.owner_trust_card(listing=listing), title=title)


@register.simple_tag
def trust_card_of(card: TrustCard | None, title: str = "") -> SafeString:
    """The compact card of a member whose card the page already has (booking pages)."""
    return render_trust_card(card, title=title)


def render_trust_card(card: TrustCard | None, *, title: str = "") -> SafeString:
    """Level, rating, exchanges, vouches, identity checks, answers and seniority of a member.

    In Python rather than a template: it is on every listing page, where its plural forms
    through {% blocktranslate %} cost more than the card's query.
    """
    if card is None:
        return SafeString("")
    summary = card.summary
    heading = f'<h2 class="trust-card__title">{escape(title)}</h2>' if title else ""
    if summary.rating_count:
        reviews = ngettext("(%(counter)s review)", "(%(counter)s reviews)", summary.rating_count) % {
            "counter": summary.rating_count
        }
        rating = (
            f"{stars(summary.rating_average)} <strong>{escape(floatformat(summary.rating_average, '1'))}</strong> "
            f'<span class="muted">{escape(reviews)}</span>'
        )
    else:
        rating = f'<span class="muted">{escape(_("No reviews yet"))}</span>'
    check = '<span class="trust-check" aria-hidden="true">✓</span> '
    identity = f"{check}{escape(_('Email verified'))}" if card.email_verified else escape(_("Email not verified"))
    if card.has_2fa:
        identity += f" · {check}{escape(_('Two-factor on'))}"
    facts = [
        ngettext("%(counter)s exchange completed", "%(counter)s exchanges completed", summary.exchanges)
        % {"counter": summary.exchanges},
        ngettext("%(counter)s vouch", "%(counter)s vouches", summary.vouch_count) % {"counter": summary.vouch_count},
    ]
    items = "".join(f"<li>{escape(fact)}</li>" for fact in facts) + f"<li>{identity}</li>"
    if summary.response_rate is not None:
        answers = _("Answers %(rate)s%% of requests") % {"rate": summary.response_rate}
        if summary.median_response_seconds is not None:
            answers += f", {response_time(summary.median_response_seconds)}"
        items += f"<li>{escape(answers)}</li>"
    since = _("Member since %(since)s") % {"since": date_format(timezone.localtime(card.member_since), "F Y")}
    items += f'<li class="muted">{escape(since)}</li>'
    return SafeString(
        f'<link rel="stylesheet" href="{escape(static("css/reviews.css"))}">\n'
        f'<section class="trust-card" aria-label="{escape(_("Trust"))}"><div class="trust-card__head">{heading}'
        f"{_level_html(card.level, card.level_label, title=_('Trust level'))}"
        f'<span class="trust-card__rating">{rating}</span></div>'
        f'<ul class="trust-card__facts">{items}</ul></section>'
    )


LEVEL_BADGE_CLASSES = {"trusted": "badge--success", "regular": "badge--info"}
LEVEL_MARKS = {"trusted": "◆", "regular": "●"}


def _level_html(level: str, label: str, *, title: str = "") -> str:
    mark = LEVEL_MARKS.get(level)
    marked = f'<span aria-hidden="true">{mark}</span> ' if mark else ""
    tooltip = f' title="{escape(title)}"' if title else ""
    classes = f"badge {LEVEL_BADGE_CLASSES.get(level, '')} trust-level"
    return f'<span class="{classes}"{tooltip}>{marked}{escape(label)}</span>'


@register.simple_tag
def level_badge(level: str, label: str) -> SafeString:
    """A trust level as its badge, with the tooltip that names it (the profile's summary)."""
    return SafeString(_level_html(level, label, title=_("Trust level")))


def render_trust_badges(badges: dict[int, TrustBadge]) -> dict[int, SafeString]:
    """One-line trust summaries for a list (level, then rating), by member id.

    Rendered once per row, so in Python: each level's badge is made once, values are escaped
    with the stdlib (Django's escape adds a lazy-string check per call).
    """
    levels: dict[str, str] = {}
    rating_title = escape(_("Average rating"))
    rendered = {}
    for pk, badge in badges.items():
        if badge.level not in levels:
            levels[badge.level] = _level_html(badge.level, badge.level_label)
        rating = ""
        if badge.rating_count:
            average = escape(floatformat(badge.rating_average, "1"))
            rating = f' <span class="badge" title="{rating_title}">★ {average} ({badge.rating_count})</span>'
        rendered[pk] = SafeString(f'<span class="trust-badge">{levels[badge.level]}{rating}</span>')
    return rendered


@register.simple_tag
def trust_badge(member: Any, badges: dict[int, SafeString] | None = None) -> SafeString:
    """The badge ``trust_badges`` rendered for ``member``; never queries (nothing without ``badges``)."""
    pk = _pk(member)
    return (badges or {}).get(pk, SafeString("")) if pk is not None else SafeString("")


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
    return {
        "member": member,
        "profile": profile,
        # A page that passes ``shared`` already shows the circles in common: not twice.
        "show_shared": shared is None,
        "viewer": viewer,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def stars(rating: Any) -> str:
    """★★★★☆ with an accessible label; ``rating`` may be a decimal average."""
    if rating is None:
        return ""
    value = float(rating)
    full = round(value)
    label = _("%(rating)s out of 5") % {"rating": f"{value:.1f}".rstrip("0").rstrip(".")}
    return format_html(
        '<span class="stars" role="img" aria-label="{}">{}<span class="stars__off">{}</span></span>',
        label,
        "★" * full,
        "★" * (5 - full),
    )


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
