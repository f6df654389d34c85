"""Template helpers for circle pages."""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

from circles.models import Circle
from circles.selectors import shared_circles

register = template.Library()


@register.simple_tag(takes_context=True)
def member_chip(context: Any, member: Any, size: str = "sm") -> SafeString:
    """A member's public identity (avatar and "Marie D.") linking to their profile."""
    chip = get_template("partials/member_chip.html")
    request = context.get("request")
    # A rendered Django template is already a SafeString; the stubs only say str.
    return cast(SafeString, chip.render({"member": member, "size": size}, request))


@register.simple_tag(takes_context=True)
def shared_circles_with(context: Any, member: Any) -> list[Circle]:
    """The circles the signed-in viewer shares with ``member``: ``{% shared_circles_with member as shared %}``.

    For one member (a profile page). Pages listing many members call
    ``shared_circles_by_member`` once in their view instead.
    """
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if viewer is None or member is None:
        return []
    return shared_circles(viewer=viewer, member=member)
