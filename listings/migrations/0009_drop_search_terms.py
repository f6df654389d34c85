"""Search reads the listings' own vectors again: the search terms table and its key function go.

The GIN index on the active listings' vector, kind, intent and category (migration 0007) stays.
On a big site this only drops a table and a function: no rewrite.
"""

from django.db import migrations


def drop_key_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS cercle_search_key(text)")


class Migration(migrations.Migration):
    dependencies = [("listings", "0008_search_terms_place")]

    operations = [
        migrations.DeleteModel(name="SearchTerm"),
        # Irreversible past this point in practice: the terms would have to be rewritten (0007).
        migrations.RunPython(drop_key_function, migrations.RunPython.noop, elidable=True),
    ]
