"""The "Moderators" group, with only the permissions they need (see ``moderation.groups``)."""

from django.db import migrations


def create_group(apps, schema_editor):
    from moderation.groups import moderators_group_sync

    moderators_group_sync(apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("circles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
