"""The legal and help pages (cached whole for visitors), and the contact form."""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.ratelimits import consume_for
from marketplace.cache import visitor_page

from . import selectors, services
from .forms import ContactForm
from .models import PageSlug


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PageSlug.values:
        raise Http404("No such page.")

    def draw() -> HttpResponse:
        context = {"page": selectors.page_shown(slug=slug), "slug": slug}
        if slug == PageSlug.LEGAL:
            context["publisher"] = selectors.publisher()
        return render(request, "pages/page.html", context)

    return visitor_page(request, name=f"page-{slug}", depends_on=[selectors.page_version(slug)], render=draw)


def _sender_key(request: HttpRequest) -> str:
    """Who is sending, for the rate limit: the member, or a visitor's address (the client's behind
    the trusted proxy, as allauth reads it for its own limits)."""
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    return f"ip:{get_account_adapter().get_client_ip(request)}"


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    member = request.user if isinstance(request.user, User) else None
    initial = {"name": member.public_name, "email": member.email} if member else {}
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_a_trap:
            # Told it worked, like everyone else: a script learns nothing from the answer.
            messages.success(request, _("Thank you: your message is sent. The moderators answer within two days."))
            return redirect("pages:contact")
        if not consume_for(sender=_sender_key(request), action="contact", rates=settings.CONTACT_RATE_LIMITS):
            form.add_error(None, _("You have sent several messages in a short time: please try again in an hour."))
            status = 429
        else:
            data = form.cleaned_data
            services.contact_send(
                sender=member,
                name=data["name"],
                email=data["email"],
                topic=data["topic"],
                body=data["body"],
                language=(get_language() or "fr")[:2],
            )
            messages.success(request, _("Thank you: your message is sent. The moderators answer within two days."))
            return redirect("pages:contact")
    return render(request, "pages/contact.html", {"form": form}, status=status)
