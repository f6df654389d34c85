"""Two accepted or ongoing loans of one listing never overlap: a PostgreSQL exclusion constraint.

It needs btree_gist (equality on listing_id inside a GiST index). On SQLite nothing is created:
the accept service's row lock and Booking.clean() are all there is.
"""

from django.db import migrations

CONSTRAINT = "booking_loans_never_overlap"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"""
        ALTER TABLE bookings_booking ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (listing_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
        WHERE (kind = 'lend' AND state IN ('accepted', 'ongoing') AND start_date IS NOT NULL)
        """
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
