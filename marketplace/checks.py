"""System checks of the project's own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_trusted_proxy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Behind a proxy, allauth must know where the client's address is, or its per-IP limits are site-wide."""
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
        return []
    return [
        Warning(
            "No trusted proxy is configured: behind the TLS proxy, every request comes from the proxy's "
            "address and the per-IP limits of logins and sign-ups apply to the whole site at once.",
            hint="Set ALLAUTH_TRUSTED_PROXY_COUNT (or ALLAUTH_TRUSTED_CLIENT_IP_HEADER); if the site is "
            "really served without a proxy, add marketplace.W001 to SILENCED_SYSTEM_CHECKS.",
            id="marketplace.W001",
        )
    ]
