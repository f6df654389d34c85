from django.apps import AppConfig

# The module, not its AdminConfig: Django would take an AppConfig imported here for the marketplace app's own.
from django.contrib.admin import apps as admin_apps


class MarketplaceConfig(AppConfig):
    name = "marketplace"

    def ready(self) -> None:
        from . import checks  # noqa: F401 — registers the project's system checks


class CercleAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (see admin_site.py); not the config of the marketplace app."""

    default = False
    default_site = "marketplace.admin_site.CercleAdminSite"
