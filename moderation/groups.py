"""The "Moderators" group: staff members who work the report queue, with only what they need.

They view reports, members, listings, reviews, bookings and messages and take the moderation
decisions (the custom ``moderation.moderate`` permission). They cannot change passwords,
groups or permissions, nor edit a member, a listing or a review by hand, nor touch the audit
trail: every decision goes through an admin action, hence a service, hence the audit trail.
"""

from __future__ import annotations

from typing import Any

MODERATORS = "Moderators"
PERMISSIONS: list[tuple[str, str]] = [
    ("moderation", "view_report"),
    ("moderation", "moderate"),
    ("moderation", "view_moderationaction"),
    ("moderation", "view_membermoderation"),
    ("moderation", "view_flaggedreview"),
    ("accounts", "view_user"),
    ("accounts", "view_block"),
    ("listings", "view_listing"),
    ("listings", "view_listingphoto"),
    ("reviews", "view_review"),
    ("reviews", "view_reviewflag"),
    ("reviews", "view_reviewreply"),
    ("bookings", "view_booking"),
    ("bookings", "view_message"),
    ("bookings", "view_conversation"),
]


def moderators_group_sync(apps: Any = None) -> Any:
    """Create the group (or reset its permissions); ``apps`` is the migration's app registry."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as live_apps
        from django.contrib.auth.models import Group

        existing = Group.objects.filter(name=MODERATORS).first()
        if existing is not None and existing.permissions.count() == len(PERMISSIONS):
            return existing
        apps = live_apps
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
    else:
        # Permissions are normally created after all migrations; the group needs them now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=MODERATORS)
    perms = [
        perm
        for app_label, codename in PERMISSIONS
        if (perm := permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first())
    ]
    group.permissions.set(perms)
    return group
