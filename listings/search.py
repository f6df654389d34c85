"""Full-text search plumbing: the stored vector and the query built from what a member types.

On PostgreSQL each listing keeps a ``search_vector`` (title weight A, category names B,
description C) in the ``cercle_fr`` configuration (unaccent + French stemming, created by
migration 0002), indexed with GIN. On SQLite there is no vector: search falls back to a
LIKE over accent-folded text (``cercle_fold``, registered on each SQLite connection).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection

from .models import SearchTerm

SEARCH_CONFIG = "cercle_fr"
MAX_QUERY_WORDS = 8
MIN_PLURAL_STEM = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_search_vectors(listing_ids: Iterable[int] | None = None) -> None:
    """Recompute the stored vector of these listings (all listings when ``None``) in one UPDATE.

    Called by the services after every change to a listing's text or category, and usable by
    bulk loaders (the benchmark) after inserting rows. A no-op on SQLite.
    """
    if not is_postgres():
        return
    ids = None if listing_ids is None else list(listing_ids)
    if ids is not None and not ids:
        return
    sql = """
        UPDATE listings_listing AS l SET search_vector =
            setweight(to_tsvector(%(config)s::regconfig, coalesce(l.title, '')), 'A')
            || setweight(to_tsvector(%(config)s::regconfig,
                   coalesce(c.name_fr, '') || ' ' || coalesce(c.name_en, '') || ' '
                   || coalesce(p.name_fr, '') || ' ' || coalesce(p.name_en, '')), 'B')
            || setweight(to_tsvector(%(config)s::regconfig, coalesce(l.description, '')), 'C')
        FROM listings_category AS c
        LEFT JOIN listings_category AS p ON p.id = c.parent_id
        WHERE c.id = l.category_id
    """
    params: dict[str, Any] = {"config": SEARCH_CONFIG}
    if ids is not None:
        sql += " AND l.id = ANY(%(ids)s)"
        params["ids"] = ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        _write_search_terms(cursor, ids)


def update_search_terms(listing_ids: Iterable[int]) -> None:
    """Rewrite the search terms of these listings from their stored vectors (PostgreSQL only).

    For a change that leaves the text alone but not the terms: a draft's first publication
    gives them their date. ``update_search_vectors`` writes them anyway.
    """
    ids = list(listing_ids)
    if not is_postgres() or not ids:
        return
    with connection.cursor() as cursor:
        _write_search_terms(cursor, ids)


def _write_search_terms(cursor: Any, ids: list[int] | None) -> None:
    """Rewrite the search terms of these listings (of all when ``None``) from their vectors.

    A listing has terms once published: they carry its publication date, the order search
    walks them in, and its place: the postcode, and the city accent-folded and lower-cased as
    the "where" filter compares it (``listings.selectors.search_listings``).
    Drafts have none (see ``update_search_terms``).
    """
    terms = SearchTerm._meta.db_table
    select = f"""
        INSERT INTO {terms} (listing_id, key, published_at, city_key, postcode)
        SELECT DISTINCT l.id, cercle_search_key(lexeme), l.published_at,
            lower(cercle_unaccent(l.city::text)), l.postcode
        FROM listings_listing AS l, unnest(tsvector_to_array(l.search_vector)) AS lexeme
        WHERE l.published_at IS NOT NULL
    """
    if ids is None:
        cursor.execute(f"TRUNCATE {terms}")
        cursor.execute(select)
        return
    cursor.execute(f"DELETE FROM {terms} WHERE listing_id = ANY(%s)", [ids])
    cursor.execute(select + " AND l.id = ANY(%s)", [ids])


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


def rarest_word_key_sql(text: str) -> tuple[str, list[Any]]:
    """A query giving the search-term key (``SearchTerm.key``) of the query's rarest word, if any,
    and its share of all terms (0 when it is not among the most common).

    Every listing that matches the query holds each of its words, so walking one word's terms
    finds every match: the rarest word's are the fewest to walk. A word is a candidate when
    all its singular and plural forms share one key (the stemmer may treat them apart) and it
    is not a stop word ("de"); how common each key is comes from PostgreSQL's statistics on
    the terms (a key missing from its most common ones is rarer than all of them). The search
    runs it inside its own query; ``rarest_word_key`` runs it alone.
    """
    forms = [" ".join(_word_variants(word)) for word in query_words(text)]
    sql = f"""
        WITH word_keys AS (
            SELECT form.n, array_agg(DISTINCT cercle_search_key(lexeme)) AS keys
            FROM unnest(%s::text[]) WITH ORDINALITY AS form(text, n),
                 unnest(tsvector_to_array(to_tsvector(%s::regconfig, form.text))) AS lexeme
            GROUP BY form.n
        ), common AS (
            SELECT unnest(most_common_vals::text::text[]) AS key, unnest(most_common_freqs) AS frequency
            FROM pg_stats WHERE tablename = '{SearchTerm._meta.db_table}' AND attname = 'key'
        )
        SELECT word_keys.keys[1] AS key, coalesce(common.frequency, 0) AS frequency
        FROM word_keys LEFT JOIN common ON common.key = word_keys.keys[1]
        WHERE cardinality(word_keys.keys) = 1
        ORDER BY coalesce(common.frequency, 0), length(word_keys.keys[1]) DESC, word_keys.n
        LIMIT 1
    """
    return sql, [forms, SEARCH_CONFIG]


def rarest_word_key(text: str) -> str | None:
    """The key ``rarest_word_key_sql`` chooses, or None (no word, or only stop words)."""
    sql, params = rarest_word_key_sql(text)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


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
