from typing import Any

from allauth.mfa import admin as mfa_admin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "first_name", "last_name", "city", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "first_name", "last_name", "city", "postcode"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Profile"), {"fields": ("avatar", "avatar_thumb", "city", "postcode", "bio", "languages")}),
        (
            _("Preferences"),
            {
                "fields": (
                    "preferred_language",
                    "email_on_bookings",
                    "email_on_messages",
                    "email_on_reviews",
                    "email_on_circles",
                )
            },
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )


class AuthenticatorAdmin(mfa_admin.AuthenticatorAdmin):
    """Support may delete a member's lost authenticator; making one, or editing its secret, is the
    member's own doing (scanning the code on their two-factor page)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(Authenticator)
admin.site.register(Authenticator, AuthenticatorAdmin)
