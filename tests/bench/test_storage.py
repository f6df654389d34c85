"""bench/storage.py: what counts as search storage, whatever the listings app builds."""

import pytest
from django.db import connection

from bench import storage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_index_on_the_search_vector_counts_as_search_storage():
    with connection.cursor() as cursor:
        measured = storage.measure(cursor)
    assert any("search_vector" in index.definition for index in measured.search_indexes)


def test_the_listings_primary_key_is_not_search_storage():
    with connection.cursor() as cursor:
        measured = storage.measure(cursor)
    assert "listings_listing_pkey" in {index.name for index in measured.other_indexes}


def test_a_search_side_table_counts_whole_with_its_indexes():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE listings_searchprobe (word text)")
        cursor.execute("INSERT INTO listings_searchprobe SELECT 'mot' || n FROM generate_series(1, 2000) AS n")
        cursor.execute("CREATE INDEX listings_searchprobe_word ON listings_searchprobe (word)")
        cursor.execute("SELECT pg_total_relation_size('listings_searchprobe')")
        whole = cursor.fetchone()[0]
        measured = storage.measure(cursor)
    assert ("listings_searchprobe", whole) in measured.side_tables
