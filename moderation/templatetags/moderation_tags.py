from __future__ import annotations

from django import template

from ..selectors import Dashboard, admin_dashboard

register = template.Library()


@register.simple_tag
def moderation_dashboard() -> Dashboard:
    """The admin index's counts (new members, listings, bookings by state, open reports)."""
    return admin_dashboard()
