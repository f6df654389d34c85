"""How the site talks to its database, beyond what settings can say."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def planned_for_their_values() -> Iterator[None]:
    """Queries inside are planned for their own values, never from a prepared statement.

    The site prepares the queries a connection repeats (settings: prepared statements), and
    PostgreSQL may then reuse one plan for every value. That suits a lookup by key, not a query
    whose best plan depends on its values: the words of a search, the size of a category. With
    one plan for all, text searches on 10,000 listings cost 29-32 ms of CPU instead of 18-19.
    """
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    previous = driver.prepare_threshold
    driver.prepare_threshold = None  # psycopg: no preparation, no use of prepared ones
    try:
        yield
    finally:
        driver.prepare_threshold = previous
