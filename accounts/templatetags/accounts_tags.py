"""Template helpers for account pages."""

from typing import Any

from django import template
from django.urls import reverse

from accounts.models import SPOKEN_LANGUAGES

register = template.Library()

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


@register.inclusion_tag("accounts/partials/manage_link.html", takes_context=True)
def manage_link(context: template.Context, url_name: str, label: str, exact: bool = False) -> dict[str, Any]:
    """A link of the account menu, marked as the current page when the request is for ``url_name``
    (or a page below it, unless ``exact``): ``{% manage_link "accounts:preferences" _("Preferences") %}``."""
    url = reverse(url_name)
    path = getattr(context.get("request"), "path", "")
    return {"url": url, "label": label, "current": path == url or (not exact and path.startswith(url))}


@register.filter
def language_names(codes: list[str] | None) -> list[str]:
    """Language codes ("fr", "en") as their names in the current language, in the order given."""
    return [str(_LANGUAGE_NAMES[code]) for code in codes or [] if code in _LANGUAGE_NAMES]
