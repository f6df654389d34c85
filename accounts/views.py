from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from circles.selectors import shared_circles

from .forms import PreferencesForm, ProfileForm
from .models import User
from .selectors import member_get_public, user_has_totp, user_primary_email
from .services import PREFERENCE_FIELDS, PROFILE_FIELDS, user_set_language, user_update_preferences, user_update_profile


def _signed_in(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's public profile: never their email, last name, phone or postcode."""
    member = member_get_public(pk=pk)
    context = {
        "member": member,
        "shared": shared_circles(viewer=_signed_in(request), member=member),
        "is_me": member.pk == request.user.pk,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in PROFILE_FIELDS + PREFERENCE_FIELDS}
        try:
            user_update_profile(
                user=user,
                changes=changes,
                avatar=form.cleaned_data["avatar_upload"],
                remove_avatar=form.cleaned_data["remove_avatar"],
            )
        except ValidationError as exc:
            form.add_error("avatar_upload", exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return _redirect_in_language("accounts:profile_edit", changes["preferred_language"])
    user.refresh_from_db()  # a rejected form must not show unsaved values as if they were stored
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in PREFERENCE_FIELDS}
        user_update_preferences(user=user, changes=changes)
        messages.success(request, _("Your preferences are saved."))
        return _redirect_in_language("accounts:preferences", changes["preferred_language"])
    return render(request, "accounts/preferences.html", {"form": form})


def _redirect_in_language(url_name: str, language: str) -> HttpResponse:
    """Redirect and make the browser's language cookie follow the preference just saved."""
    return _with_language_cookie(redirect(url_name), language)


def _with_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """The member's account hub: profile, email, password, two-factor, preferences."""
    user = _signed_in(request)
    context = {"has_totp": user_has_totp(user=user), "primary_email": user_primary_email(user=user)}
    return render(request, "accounts/settings.html", context)


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer switch. Members post it: Django's set_language, plus their saved preference.
    Visitors follow a link (GET), which only sets the language cookie: their pages then carry
    no CSRF token, so that every visitor gets the same page and it can be cached."""
    if request.method == "POST":
        response = django_set_language(request)
        if request.user.is_authenticated:
            user_set_language(user=_signed_in(request), language=request.POST.get("language", ""))
        return response
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    language = request.GET.get("language", "")
    if check_for_language(language):
        return _with_language_cookie(redirect(target), language)
    return redirect(target)
