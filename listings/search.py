"""Full-text search plumbing: the stored vector and the query built from what a member types.

On PostgreSQL each listing keeps a ``search_vector`` (title weight A, category names B,
description C) in the ``cercle_fr`` configuration (unaccent + French stemming, created by
migration 0002), in a GIN index with kind, intent and category (migration 0007). On SQLite
there is no vector: search falls back to a LIKE over accent-folded text (``cercle_fold``,
registered on each SQLite connection).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Lower

SEARCH_CONFIG = "cercle_fr"
MAX_QUERY_WORDS = 8
MIN_PLURAL_STEM = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Unaccent(Func):
    """``cercle_unaccent``: PostgreSQL's unaccent with its dictionary pinned, so that it is
    immutable and can be indexed (migration 0002; the city index of migration 0005)."""

    function = "cercle_unaccent"
    output_field = CharField()


class SqliteFold(Func):
    """``cercle_fold``: lower case without accents, a Python function given to SQLite."""

    function = "cercle_fold"
    output_field = CharField()


def folded(field: str) -> Func:
    """``field`` lower-cased and without accents, as the search compares text: "Vénissieux" → "venissieux"."""
    return Lower(Unaccent(F(field))) if is_postgres() else SqliteFold(F(field))


def update_search_vectors(listing_ids: Iterable[int] | None = None) -> None:
    """Recompute the stored vector of these listings (all listings when ``None``).

    Called by the services after every change to a listing's text or category, and by bulk
    loaders (the benchmark) after inserting rows. One UPDATE per category concerned (a listing's
    vector holds its category's names, which an UPDATE cannot join). A no-op on SQLite.
    """
    from .models import Category, Listing

    if not is_postgres():
        return
    listings = Listing.objects.all()
    if listing_ids is not None:
        listings = listings.filter(pk__in=list(listing_ids))
    category_ids = set(listings.order_by().values_list("category_id", flat=True).distinct())
    for category in Category.objects.filter(pk__in=category_ids).select_related("parent"):
        names = [category.name_fr, category.name_en]
        if category.parent is not None:
            names += [category.parent.name_fr, category.parent.name_en]
        listings.filter(category_id=category.pk).update(
            search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector(Value(" ".join(names)), weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        )


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased, without punctuation (so no tsquery syntax gets through)."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_QUERY_WORDS]


def _word_variants(word: str) -> list[str]:
    """The word with and without a plural ending.

    The French Snowball stemmer keeps the final "s" after a vowel ("vélos" stays "velos"), so a
    query for "vélos" would miss "vélo". Each word therefore matches its singular and plurals.
    """
    if word.isdigit():
        return [word]
    base = word[:-1] if len(word) > MIN_PLURAL_STEM and word[-1] in "sx" else word
    variants = [word, base, f"{base}x" if base.endswith("u") else f"{base}s"]  # jeu/jeux, vélo/vélos
    return list(dict.fromkeys(variants))


def build_search_query(text: str) -> SearchQuery | None:
    """A tsquery where every word must match (in any of its singular/plural forms), or None."""
    words = query_words(text)
    if not words:
        return None
    raw = " & ".join("(" + " | ".join(_word_variants(word)) + ")" for word in words)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents: "Vélo" → "velo" (used by the SQLite fallback)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def register_sqlite_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give SQLite a ``cercle_fold`` SQL function so the fallback search ignores accents too."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("cercle_fold", 1, fold, deterministic=True)


def sqlite_fallback_stem(word: str) -> str:
    """The part of a word every form of it contains ("vélos" → "velo"), for a LIKE search."""
    return min(_word_variants(fold(word)), key=len)
