from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    # Not "Accounts": allauth's own app is called that ("Comptes") in the same admin.
    verbose_name = _("Members")
