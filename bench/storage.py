"""What search costs in storage, found from PostgreSQL's catalogue, whatever the listings app builds.

Counted as search storage:

- every index on ``listings_listing`` whose access method is GIN or RUM (the site has no other
  use for them: they index the search vector), or whose name or definition mentions "search";
- every table whose name starts with ``listings_search``, whole: its heap, its TOAST and its
  indexes.

It is compared with the heap of ``listings_listing`` (its main fork: without its TOAST and
indexes). The other indexes of the listings table are reported beside it, not counted.

The catalogue queries are raw SQL: the ORM has no view of PostgreSQL's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LISTINGS_TABLE = "listings_listing"
SIDE_TABLE_PREFIX = "listings_search"

_INDEXES = """
    SELECT i.relname, pg_get_indexdef(i.oid), am.amname, pg_relation_size(i.oid),
           EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = i.oid)
    FROM pg_index AS x
    JOIN pg_class AS i ON i.oid = x.indexrelid
    JOIN pg_class AS t ON t.oid = x.indrelid
    JOIN pg_am AS am ON am.oid = i.relam
    WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace
    ORDER BY i.relname
"""
_SIDE_TABLES = """
    SELECT relname, pg_total_relation_size(oid)
    FROM pg_class
    WHERE relkind IN ('r', 'p', 'm') AND relnamespace = current_schema()::regnamespace
      AND starts_with(relname, %s)
    ORDER BY relname
"""


@dataclass(frozen=True)
class Index:
    name: str
    definition: str
    method: str
    bytes: int
    backs_constraint: bool

    @property
    def serves_search(self) -> bool:
        return self.method in ("gin", "rum") or "search" in self.name.lower() or "search" in self.definition.lower()


@dataclass
class SearchStorage:
    listings_heap_bytes: int = 0
    search_indexes: list[Index] = field(default_factory=list)
    other_indexes: list[Index] = field(default_factory=list)
    side_tables: list[tuple[str, int]] = field(default_factory=list)

    @property
    def search_bytes(self) -> int:
        return sum(index.bytes for index in self.search_indexes) + sum(size for _name, size in self.side_tables)

    @property
    def ratio(self) -> float:
        return self.search_bytes / self.listings_heap_bytes if self.listings_heap_bytes else 0.0

    def figures(self) -> dict[str, Any]:
        """The run's JSON keys: sizes in bytes, the ratio, and the names of what was counted."""
        return {
            "listings_heap_bytes": self.listings_heap_bytes,
            "search_index_bytes": sum(index.bytes for index in self.search_indexes),
            "search_side_table_bytes": sum(size for _name, size in self.side_tables),
            "search_storage_bytes": self.search_bytes,
            "search_storage_ratio": round(self.ratio, 3),
            "other_listing_index_bytes": sum(index.bytes for index in self.other_indexes),
            "search_storage_counted": [index.name for index in self.search_indexes]
            + [name for name, _size in self.side_tables],
        }

    def summary(self) -> str:
        counted = ", ".join(
            [f"{index.name} {_mb(index.bytes)}" for index in self.search_indexes]
            + [f"table {name} with its indexes {_mb(size)}" for name, size in self.side_tables]
        )
        return (
            f"search storage: {_mb(self.search_bytes)} = {self.ratio:.2f} x the listings heap "
            f"({_mb(self.listings_heap_bytes)}); counted: {counted or 'nothing'}; other indexes of "
            f"{LISTINGS_TABLE} (not counted): {_mb(sum(index.bytes for index in self.other_indexes))}"
        )


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def listing_indexes(cursor: Any) -> list[Index]:
    cursor.execute(_INDEXES, [LISTINGS_TABLE])
    return [Index(str(n), str(d), str(m), int(b), bool(c)) for n, d, m, b, c in cursor.fetchall()]


def side_tables(cursor: Any) -> list[tuple[str, int]]:
    cursor.execute(_SIDE_TABLES, [SIDE_TABLE_PREFIX])
    return [(str(name), int(size)) for name, size in cursor.fetchall()]


def side_table_indexes(cursor: Any) -> list[Index]:
    """The indexes of the side tables (for the seed, which rebuilds them after its bulk update)."""
    found = []
    for name, _size in side_tables(cursor):
        cursor.execute(_INDEXES, [name])
        found += [Index(str(n), str(d), str(m), int(b), bool(c)) for n, d, m, b, c in cursor.fetchall()]
    return found


def measure(cursor: Any) -> SearchStorage:
    """Sizes as PostgreSQL reports them now (run after VACUUM for figures that mean something)."""
    cursor.execute("SELECT pg_relation_size(%s::regclass, 'main')", [LISTINGS_TABLE])
    heap = int(cursor.fetchone()[0])
    indexes = listing_indexes(cursor)
    return SearchStorage(
        listings_heap_bytes=heap,
        search_indexes=[index for index in indexes if index.serves_search],
        other_indexes=[index for index in indexes if not index.serves_search],
        side_tables=side_tables(cursor),
    )
