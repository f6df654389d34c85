"""The site's header and a member's tab bar: ``{% site_nav as nav %}`` in ``partials/header.html``.

The header shows its links on every page, once in the desktop bar and, for members, again in the
phone's tab bar: each URL is reversed once here, in Python, instead of once per ``{% url %}`` tag.
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
    icon: str = ""  # the tab bar's icon (partials/nav_icon.html)


@dataclass(frozen=True)
class SiteNav:
    home: str
    links: list[NavLink] = field(default_factory=list)
    # A member's phone tab bar: find, publish, exchanges, messages, me.
    tabs: list[NavLink] = field(default_factory=list)
    # The avatar menu of a member: profile, listings, favourites, settings, logging out.
    create: str = ""
    profile: str = ""
    mine: str = ""
    favourites: str = ""
    settings: str = ""
    logout: str = ""
    # For visitors: logging in and signing up.
    login: str = ""
    signup: str = ""


def _link(path: str, url_name: str, label: str, count: Any = 0, icon: str = "", prefix: bool = False) -> NavLink:
    url = reverse(url_name)
    current = path == url or (prefix and path.startswith(url))
    return NavLink(url=url, label=label, current=current, count=count, icon=icon)


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SiteNav:
    """The header's links for the visitor of this page, the current one marked."""
    request = context.get("request")
    path = getattr(request, "path", "")
    user: Any = context.get("user")
    find = _link(path, "listings:search", _("Find"), icon="find")
    circles = _link(path, "circles:directory", _("Circles"), icon="circles")
    if user is None or not user.is_authenticated:
        return SiteNav(
            home=reverse("home"),
            links=[find, circles],
            login=reverse("account_login"),
            signup=reverse("account_signup"),
        )
    unread = context.get("unread_message_count", 0)
    exchanges = _link(path, "bookings:dashboard", _("My exchanges"), icon="exchanges")
    messages = _link(path, "bookings:inbox", _("Messages"), count=unread, icon="messages")
    create = _link(path, "listings:create", _("Publish"), icon="publish")
    me = _link(path, "accounts:settings", _("Me"), icon="me", prefix=True)
    short_exchanges = NavLink(url=exchanges.url, label=_("Exchanges"), current=exchanges.current, icon="exchanges")
    return SiteNav(
        home=reverse("home"),
        links=[find, circles, exchanges, messages],
        tabs=[find, create, short_exchanges, messages, me],
        create=create.url,
        profile=reverse("accounts:profile", kwargs={"pk": user.pk}),
        mine=reverse("listings:mine"),
        favourites=reverse("listings:favourites"),
        settings=me.url,
        logout=reverse("account_logout"),
    )
