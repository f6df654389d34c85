"""Template helpers for account pages."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from accounts.models import SPOKEN_LANGUAGES

register = template.Library()

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


@register.simple_tag(takes_context=True)
def current_page(context: template.Context, url_name: str, exact: bool = False) -> SafeString | str:
    """` aria-current="page"` when the request is for ``url_name`` (or below it unless ``exact``)."""
    request = context.get("request")
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    if request is None:
        return ""
    if request.path == url or (not exact and request.path.startswith(url)):
        return mark_safe(' aria-current="page"')
    return ""


@register.filter
def language_names(codes: list[str] | None) -> list[str]:
    """Language codes ("fr", "en") as their names in the current language, in the order given."""
    return [str(_LANGUAGE_NAMES[code]) for code in codes or [] if code in _LANGUAGE_NAMES]
