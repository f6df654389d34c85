from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class SuspendedMemberMiddleware:
    """A suspended member is signed out on their next request, whatever session they held.

    Signing in still works for them at the form, but the very next request (the redirect after
    it) ends that session and shows why. A suspension whose end has passed lifts itself here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_suspended", False):
            if user.suspension_in_force:
                until = user.suspended_until
                logout(request)
                request.session["moderation_suspended_until"] = until.isoformat() if until else ""
                return redirect("moderation:suspended")
            from django.utils.translation import gettext

            from .services import member_lift_suspension

            member_lift_suspension(moderator=None, member_id=user.pk, reason=gettext("The suspension came to its end."))
            user.is_suspended = False
        return self.get_response(request)
