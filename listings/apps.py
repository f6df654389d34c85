from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listings"
    verbose_name = _("Listings")

    def ready(self) -> None:
        from .search import register_sqlite_fold

        # Infrastructure, not business logic: SQLite needs the function on every new connection.
        connection_created.connect(register_sqlite_fold, dispatch_uid="listings_sqlite_fold")
