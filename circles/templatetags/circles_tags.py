"""Template helpers for circle pages."""

from __future__ import annotations

from typing import Any

from django import template

from circles.models import Circle
from circles.selectors import shared_circles

register = template.Library()


@register.inclusion_tag("partials/member_chip.html")
def member_chip(member: Any, size: str = "sm") -> dict[str, Any]:
    """A member's public identity (avatar and "Marie D.") linking to their profile."""
    return {"member": member, "size": size}


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
