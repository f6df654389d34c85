"""The "Moderators" group: staff members who work the report queue, with only what they need.

They view reports, members, listings, reviews, bookings and messages; they take the moderation
decisions (the custom ``moderation.moderate`` permission). They cannot change passwords,
groups or permissions, nor edit a member, a listing or a review by hand, nor touch the audit
trail: every decision goes through an admin action, hence a service, hence the audit trail.
"""

from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [
    ("moderation", "report", ["view", "change"]),
    ("moderation", "moderationaction", ["view"]),
    ("moderation", "membermoderation", ["view"]),
    ("moderation", "flaggedreview", ["view"]),
    ("accounts", "user", ["view"]),
    ("accounts", "block", ["view"]),
    ("listings", "listing", ["view"]),
    ("listings", "listingphoto", ["view"]),
    ("reviews", "review", ["view"]),
    ("reviews", "reviewflag", ["view"]),
    ("reviews", "reviewreply", ["view"]),
    ("bookings", "booking", ["view"]),
    ("bookings", "message", ["view"]),
    ("bookings", "conversation", ["view"]),
]
CUSTOM = [("moderation", "moderate")]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = []
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            wanted.append((app_label, f"{action}_{model}"))
    wanted += CUSTOM
    perms = []
    for app_label, codename in wanted:
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            perms.append(perm)
    group.permissions.set(perms)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("circles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
