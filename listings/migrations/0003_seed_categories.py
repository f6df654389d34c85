"""Seed the category tree (names in French and English). Safe to re-run: matched by slug."""

from django.db import migrations

from listings.categories import CATEGORY_TREE


def seed(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for top_position, (slug, name_fr, name_en, children) in enumerate(CATEGORY_TREE):
        parent, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "position": top_position, "parent": None}
        )
        for position, (child_slug, child_fr, child_en) in enumerate(children):
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={"name_fr": child_fr, "name_en": child_en, "position": position, "parent": parent},
            )


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_search_postgres")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
