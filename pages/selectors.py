"""Reads of the legal and help pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from .blocks import Block, parse
from .defaults import DEFAULTS
from .models import Page


def page_version(slug: str) -> str:
    """The cache version (``marketplace.cache``) of a page drawn for visitors; ``page_update`` bumps it."""
    return f"pages:{slug}"


@dataclass(frozen=True)
class ShownPage:
    slug: str
    title: str
    blocks: list[Block]
    updated_at: object | None


def page_shown(*, slug: str) -> ShownPage:
    """The page at ``slug`` in the active language, as its template draws it. A page missing from
    the database (a database emptied by hand) shows its shipped text."""
    english = (get_language() or settings.LANGUAGE_CODE).startswith("en")
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        texts = DEFAULTS[slug]
        page = Page(slug=slug, **texts)
        page.updated_at = None  # type: ignore[assignment]
    title = (page.title_en if english else page.title_fr) or page.title_fr
    body = (page.body_en if english else page.body_fr) or page.body_fr
    return ShownPage(slug=slug, title=title, blocks=parse(body, french=not english), updated_at=page.updated_at)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site, for the legal notice (settings ``LEGAL_*``); empty values are shown
    as a placeholder to fill in."""

    name: str
    address: str
    email: str
    director: str
    registration: str
    host: str


def publisher() -> Publisher:
    return Publisher(
        name=settings.LEGAL_PUBLISHER_NAME,
        address=settings.LEGAL_PUBLISHER_ADDRESS,
        email=settings.LEGAL_PUBLISHER_EMAIL,
        director=settings.LEGAL_PUBLICATION_DIRECTOR,
        registration=settings.LEGAL_REGISTRATION,
        host=settings.LEGAL_HOST,
    )
