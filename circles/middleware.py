"""Bring someone who followed an invitation link while logged out back to it once they are logged in.

The invitation page remembers the token in the session; signing up means verifying an email
address and then logging in, after which allauth sends people home. On the first ordinary page
a signed-in member opens, this middleware sends them back to the invitation instead, once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_KEY = "circles_pending_invitation"
REMEMBER_SECONDS = 60 * 60 * 24 * 2
# Pages that must never be interrupted: the login steps themselves, files, the admin, probes.
SKIPPED_PREFIXES = ("/compte/", "/admin/", "/healthz/", "/i18n/", "/cercles/invitation/")


def remember_invitation(request: HttpRequest, token: str) -> None:
    request.session[SESSION_KEY] = {"token": token, "at": int(time.time())}


class PendingInvitationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.skipped = (*SKIPPED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and request.method == "GET"
            and SESSION_KEY in session
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.skipped)
        ):
            pending = session.pop(SESSION_KEY)
            token = pending.get("token") if isinstance(pending, dict) else None
            if token and time.time() - pending.get("at", 0) < REMEMBER_SECONDS:
                return redirect("circles:invitation", token=token)
        return self.get_response(request)
