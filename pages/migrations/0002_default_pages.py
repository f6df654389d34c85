from django.db import migrations


def create_pages(apps, schema_editor):
    from pages.defaults import DEFAULTS

    Page = apps.get_model("pages", "Page")
    for slug, texts in DEFAULTS.items():
        Page.objects.get_or_create(slug=slug, defaults=texts)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
