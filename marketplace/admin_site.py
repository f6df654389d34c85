"""The Django admin, reached only through the site's own (allauth) login.

Django's admin brings a login form of its own, without allauth's rate limits and without the
two-factor step: a second door beside the one we guard. Here it has no form at all. Every
admin URL sends a visitor to the site's login, and a signed-in member who is not staff gets a
404, as if the admin did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class CercleAdminSite(admin.AdminSite):
    site_header = "Cercle — administration"
    site_title = "Cercle"

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        guarded = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    # Not a redirect to a login page: it would only invite them to try a staff password.
                    raise Http404("No such page.")
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            return guarded(request, *args, **kwargs)

        return cast(View, update_wrapper(inner, view))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No form here, whatever is posted: the site's login, then back to the admin."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, settings.LOGIN_URL)

    def password_change(  # type: ignore[override]  # a redirect where Django renders a page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        """Staff change their password where members do, with allauth's limit and notice."""
        return redirect("account_change_password")
