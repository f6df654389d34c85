"""The site's header: ``{% site_nav as nav %}`` in ``partials/header.html``.

The header shows the main links twice (the desktop bar and the phone menu) on every page: each
URL is reversed once here, in Python, instead of once per ``{% url %}`` tag and menu.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool = False
    count: Any = 0  # unread messages (a lazy count: queried only when the header shows it)


@dataclass(frozen=True)
class SiteNav:
    home: str
    links: list[NavLink] = field(default_factory=list)
    # For members: posting, settings and logging out; for visitors: logging in and signing up.
    create: str = ""
    settings: str = ""
    logout: str = ""
    login: str = ""
    signup: str = ""


def _links(path: str, entries: list[tuple[str, str, Any]]) -> list[NavLink]:
    links = []
    for url_name, label, count in entries:
        url = reverse(url_name)
        links.append(NavLink(url=url, label=label, current=path == url, count=count))
    return links


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SiteNav:
    """The header's links for the visitor of this page, the current one marked."""
    request = context.get("request")
    path = getattr(request, "path", "")
    user: Any = context.get("user")
    entries: list[tuple[str, str, Any]] = [("listings:search", _("Find"), 0), ("circles:directory", _("Circles"), 0)]
    if user is None or not user.is_authenticated:
        return SiteNav(
            home=reverse("home"),
            links=_links(path, entries),
            login=reverse("account_login"),
            signup=reverse("account_signup"),
        )
    entries += [
        ("bookings:dashboard", _("My exchanges"), 0),
        ("bookings:inbox", _("Messages"), context.get("unread_message_count", 0)),
        ("listings:mine", _("My listings"), 0),
    ]
    return SiteNav(
        home=reverse("home"),
        links=_links(path, entries),
        create=reverse("listings:create"),
        settings=reverse("accounts:settings"),
        logout=reverse("account_logout"),
    )
