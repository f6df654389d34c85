"""PostgreSQL full-text search: unaccent + French stemming, and a GIN index on the stored vector.

On SQLite this migration does nothing (search falls back to icontains there).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE; this wrapper pins the dictionary so it can be used in indexes.
    """
    CREATE OR REPLACE FUNCTION cercle_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cercle_fr') THEN
            CREATE TEXT SEARCH CONFIGURATION cercle_fr (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION cercle_fr
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS listing_search_vector_gin ON listings_listing USING gin (search_vector)",
]

DROP = [
    "DROP INDEX IF EXISTS listing_search_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cercle_fr",
    "DROP FUNCTION IF EXISTS cercle_unaccent(text)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
