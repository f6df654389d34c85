"""Listing cards and the kind icon, rendered in Python rather than through templates.

A grid of 24 cards through ``{% include %}`` cost more Python than the search itself: Django's
template engine resolves every variable and tag of every card. Here each value is escaped into
the same markup, and what the cards share (labels, the URL pattern) is worked out once per grid.
Used through ``listings_tags`` (``{% listing_grid %}``, ``{% kind_icon %}``), on every page that
lists listings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Category, Listing, ListingPhoto, Status, Visibility

if TYPE_CHECKING:
    from .selectors import CategoryNode

# Line icons (inline SVG: no emoji font needed), drawn on a 24 x 24 grid.
KIND_ICON_PATHS = {
    "lend": '<path d="M4 12a8 8 0 0 1 13.7-5.6L20 8.7"/><path d="M20 4v4.7h-4.7"/>'
    '<path d="M20 12a8 8 0 0 1-13.7 5.6L4 15.3"/><path d="M4 20v-4.7h4.7"/>',
    "sell": '<path d="M3 12V4h8l10 10-8 8L3 12z"/><circle cx="7.5" cy="7.5" r="1.5"/>',
    "swap": '<path d="M4 8h14"/><path d="M14 4l4 4-4 4"/><path d="M20 16H6"/><path d="M10 12l-4 4 4 4"/>',
    "give": '<rect x="3" y="8" width="18" height="4" rx="1"/><path d="M5 12v8h14v-8"/><path d="M12 8v12"/>'
    '<path d="M12 8c-2-4-6-4-6-1.5S9 8 12 8zM12 8c2-4 6-4 6-1.5S15 8 12 8z"/>',
    "service": '<path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"/>',
}
KIND_ICON = (
    '<svg class="kind-icon" viewBox="0 0 24 24" width="48" height="48" fill="none" stroke="currentColor" '
    'stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">'
    "{paths}</svg>"
)


def kind_icon(kind: str) -> SafeString:
    """The line icon of a kind of listing (the service one for an unknown kind)."""
    return mark_safe(KIND_ICON.format(paths=KIND_ICON_PATHS.get(kind, KIND_ICON_PATHS["service"])))  # constants only


_PK_MARKER = 987654321987  # no listing has this key: it marks where the key goes in the URL


@dataclass(frozen=True)
class _GridText:
    """What the cards of one grid share, translated and escaped once."""

    reserved: str
    circles_only: str
    url_head: str  # a listing's URL is url_head + its key + url_tail (one reverse() per grid)
    url_tail: str

    @classmethod
    def for_active_language(cls) -> _GridText:
        head, _marker, tail = reverse("listings:detail", kwargs={"pk": _PK_MARKER}).partition(str(_PK_MARKER))
        return cls(reserved=escape(_("Reserved")), circles_only=escape(_("Circles only")), url_head=head, url_tail=tail)


def _status_badge(listing: Listing, text: _GridText, *, show_status: bool) -> str:
    if show_status and listing.status != Status.ACTIVE:
        return f'<span class="badge badge--warning">{escape(listing.get_status_display())}</span>'
    if listing.status == Status.RESERVED:
        return f'<span class="badge badge--warning">{text.reserved}</span>'
    return ""


def _card(listing: Listing, text: _GridText, *, badge: str, show_status: bool) -> str:
    # Every value is escaped here (stdlib escape: Django's adds a lazy-string check per call,
    # which on 24 cards of ten values each cost as much as the rest of the card).
    if listing.cover_thumbnail:
        src = escape(default_storage.url(listing.cover_thumbnail))
        media = f'<img src="{src}" alt="" width="480" height="360" loading="lazy" decoding="async">'
    else:
        media = f'<div class="listing-card__placeholder">{kind_icon(listing.kind)}</div>'
    circles_only = (
        f'<span class="listing-card__circles">{text.circles_only}</span>'
        if listing.visibility == Visibility.CIRCLES
        else ""
    )
    return (
        f'<article class="listing-card"><div class="listing-card__media">{media}</div>'
        f'<div class="listing-card__tags"><span class="badge badge--solid">{escape(listing.kind_label)}</span>'
        f"{_status_badge(listing, text, show_status=show_status)}</div>"
        f'<div class="listing-card__body"><h3 class="listing-card__title">'
        f'<a href="{text.url_head}{listing.pk}{text.url_tail}">{escape(listing.title)}</a></h3>'
        f'<span class="listing-card__price">{escape(listing.price_label)}</span>{badge}'
        f'<div class="listing-card__meta"><span>{escape(listing.city)}</span>{circles_only}</div></div></article>'
    )


def listing_grid(
    listings: Iterable[Listing],
    *,
    badges: Mapping[int, str] | None = None,
    show_status: bool = False,
    empty_title: str = "",
    empty_text: str = "",
) -> SafeString:
    """The cards of ``listings``, or an empty state. ``badges``: trust badge HTML by owner id."""
    badges = badges or {}
    text = _GridText.for_active_language()
    cards = [
        _card(listing, text, badge=badges.get(listing.owner_id, ""), show_status=show_status) for listing in listings
    ]
    if cards:
        return mark_safe(f'<div class="grid grid--cards">{"".join(cards)}</div>')  # every value escaped in _card
    paragraph = format_html("<p>{}</p>", empty_text) if empty_text else ""
    return format_html('<div class="empty-state"><h3>{}</h3>{}</div>', empty_title or _("Nothing here yet"), paragraph)


def listing_gallery(listing: Listing, photos: Sequence[ListingPhoto], selected: int) -> SafeString:
    """The listing page's photos: the ``selected`` one large, every one as a thumbnail link
    (``?photo=N`` without JavaScript; listings.js swaps the large one in place), or the icon."""
    if not photos:
        return mark_safe(f'<div class="gallery__empty">{kind_icon(listing.kind)}</div>')
    main = photos[selected]
    large = (
        f'<figure class="gallery__main"><img id="gallery-main" src="{escape(main.image.url)}" '
        f'alt="{escape(listing.title)}" width="{main.width or 1600}" height="{main.height or 1200}"></figure>'
    )
    if len(photos) == 1:
        return mark_safe(large)
    thumbs = []
    for index, photo in enumerate(photos):
        current = ' aria-current="true"' if index == selected else ""
        alt = escape(_("Photo %(number)s") % {"number": index + 1})
        thumbs.append(
            f'<li><a href="?photo={index}" data-display="{escape(photo.image.url)}"{current}>'
            f'<img src="{escape(photo.thumbnail.url)}" alt="{alt}" width="120" height="90" loading="lazy"></a></li>'
        )
    return mark_safe(f'{large}\n      <ul class="gallery__thumbs list-plain">{"".join(thumbs)}</ul>')


_SLUG_MARKER = "cercle-slug-marker"  # no category has this slug: it marks where the slug goes in the URL


def category_tree_list(tree: Sequence[CategoryNode]) -> SafeString:
    """The home page's categories: each top-level one as a card with its sub-categories.

    ``tree`` is ``selectors.category_tree()``. One reverse() for the whole tree (a reverse per
    link was a sixteenth of the home page's Python), names escaped.
    """
    head, _marker, tail = reverse("listings:category", kwargs={"slug": _SLUG_MARKER}).partition(_SLUG_MARKER)

    def link(category: Category) -> str:
        return f'<a href="{head}{escape(category.slug)}{tail}">{escape(category.name)}</a>'

    cards = []
    for node in tree:
        children = ""
        if node.children:
            items = "".join(f"<li>{link(child)}</li>" for child in node.children)
            children = f'<ul class="list-plain category-tree__children">{items}</ul>'
        cards.append(
            f'<li class="card category-tree__node"><h3 class="category-tree__title">{link(node.category)}</h3>'
            f"{children}</li>"
        )
    return mark_safe(f'<ul class="category-tree list-plain">{"".join(cards)}</ul>')  # every value escaped
