"""Listing pages. Thin: validate a form, call one service, redirect or render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from circles.selectors import shared_circles
from marketplace.cache import current_version, digest, visitor_page

from . import selectors, services
from .forms import ListingForm, PhotoUploadForm, SearchForm
from .models import MAX_PHOTOS, Intent, Kind, Listing, ListingPhoto, Status, Visibility


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(1000, int(request.GET.get("page", "1"))))
    except ValueError:
        return 1


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _kind_and_intent(request: HttpRequest, listing: Listing | None = None) -> tuple[str, str] | None:
    kind = request.GET.get("kind") or (listing.kind if listing else "")
    intent = request.GET.get("intent") or (listing.intent if listing else Intent.OFFER)
    if kind not in Kind.values or intent not in Intent.values:
        return None
    return kind, intent


# --- Browsing --------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    return visitor_page(
        request, name="search", depends_on=[selectors.LISTINGS_VERSION], render=lambda: _search(request)
    )


def _search(request: HttpRequest) -> HttpResponse:
    tree = selectors.category_tree()
    circles = list(selectors.owner_circles(owner=request.user)) if request.user.is_authenticated else []
    form = SearchForm(request.GET or None, tree=tree, circles=circles)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    params = selectors.SearchParams(
        text=data.get("q") or "",
        kind=data.get("kind") or "",
        intent=data.get("intent") or "",
        category=data.get("category"),
        where=data.get("where") or "",
        max_price=data.get("max_price"),
        circle=data.get("circle"),
        available_from=data.get("available_from"),
        available_to=data.get("available_to"),
        sort=data.get("sort") or "",
        trusted_only=bool(data.get("trusted")),
    )
    page = selectors.search_listings(viewer=request.user, params=params, page=data.get("page") or 1, tree=tree)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "params": params,
        "query_string": query.urlencode(),
        "tree": tree,
        # What the filters show: the query, the member's circles to choose from, the categories.
        "filters_key": digest(
            request.GET.urlencode(),
            [(circle.pk, circle.name) for circle in circles],
            current_version(selectors.CATEGORIES_VERSION),
        ),
    }
    return render(request, "listings/search.html", context)


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    return visitor_page(
        request, name="category", depends_on=[selectors.LISTINGS_VERSION], render=lambda: _category(request, slug)
    )


def _category(request: HttpRequest, slug: str) -> HttpResponse:
    current = selectors.category_get(slug=slug)
    tree = selectors.category_tree()
    page = selectors.category_listings(viewer=request.user, category=current, tree=tree, page=_page_number(request))
    children = next((node.children for node in tree if node.category.pk == current.pk), [])
    return render(
        request, "listings/category.html", {"category": current, "children": children, "page": page, "tree": tree}
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return visitor_page(
        request,
        name="listing",
        depends_on=[selectors.CATEGORIES_VERSION, selectors.listing_version(pk)],
        render=lambda: _detail(request, pk),
    )


def _detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_page(viewer=request.user, pk=pk)
    try:
        selected = max(0, min(MAX_PHOTOS - 1, int(request.GET.get("photo", "0"))))
    except ValueError:
        selected = 0
    is_owner = request.user.is_authenticated and listing.owner_id == request.user.pk
    context = {
        "listing": listing,
        # Called by the gallery when it is drawn: a gallery taken from the cache reads no photo.
        "photos": lambda: selectors.listing_photos(listing=listing),
        "selected": selected,
        # What the gallery and the description show: the cached ones are drawn again when the
        # listing changes (every change moves updated_at) or its category is renamed.
        "fragment_key": digest(listing.pk, listing.updated_at, listing.category.name_fr, listing.category.name_en),
        "is_owner": is_owner,
        "shared": [] if is_owner else shared_circles(viewer=request.user, member=listing.owner),
        "is_favourite": getattr(listing, "is_favourite", False),
        "circles": selectors.listing_circles(listing=listing) if is_owner else [],
    }
    return render(request, "listings/detail.html", context)


@login_required
@require_GET
def favourites(request: HttpRequest) -> HttpResponse:
    page = selectors.favourite_listings(viewer=request.user, page=_page_number(request))
    return render(request, "listings/favourites.html", {"page": page})


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    member = _member(request)
    counts = selectors.my_status_counts(owner=member)
    page = selectors.my_listings(owner=member, status=status, page=_page_number(request))
    tabs = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in Status.choices if counts.get(value)
    ]
    context = {"page": page, "status": status, "tabs": tabs, "query_string": f"status={status}" if status else ""}
    return render(request, "listings/mine.html", context)


# --- Posting and editing ---------------------------------------------------------------------


KIND_CARDS = [
    (
        Kind.LEND,
        gettext_lazy("Lend or borrow"),
        gettext_lazy("A drill, a tent, a raclette set: lend it for a few days, free or for a small fee."),
    ),
    (
        Kind.SELL,
        gettext_lazy("Sell or buy"),
        gettext_lazy("Second-hand objects at a fair price, among people who know each other."),
    ),
    (Kind.SWAP, gettext_lazy("Swap"), gettext_lazy("Exchange an object for another, or for a favour.")),
    (Kind.GIVE, gettext_lazy("Give away"), gettext_lazy("Give a second life to what you no longer use.")),
    (Kind.SERVICE, gettext_lazy("Services"), gettext_lazy("Childcare, tutoring, small jobs, a hand for moving…")),
]


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    # A search without results offers to post a request for what was looked for (?title=...).
    title = " ".join(request.GET.get("title", "").split())[:100]
    chosen = _kind_and_intent(request)
    if chosen is None:
        context = {"cards": _kind_cards(), "title": title, "intent": request.GET.get("intent", "")}
        return render(request, "listings/choose_kind.html", context)
    kind, intent = chosen
    member = _member(request)
    tree = selectors.category_tree()
    initial: dict[str, Any] = {"city": member.city, "postcode": member.postcode, "title": title}
    # The point of the site is circles: a member who has some shares with them unless they choose otherwise.
    own_circles = list(selectors.owner_circles(owner=member).values_list("pk", flat=True))
    if own_circles:
        initial.update(visibility=Visibility.CIRCLES, circles=own_circles)
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        owner=member,
        kind=kind,
        intent=intent,
        tree=tree,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            listing = services.listing_create(
                owner=member,
                values=form.listing_values(),
                circles=list(form.cleaned_data.get("circles") or []),
                photos=form.cleaned_data.get("photos") or [],
                publish=publish,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your listing is published.") if publish else _("Your draft is saved. Publish it when ready."),
            )
            _tell_about_photos_in_preparation(request, listing)
            return redirect(listing)
    return render(
        request,
        "listings/form.html",
        {
            "form": form,
            "kind": kind,
            "intent": intent,
            "listing": None,
            "heading": _form_heading(kind, intent),
            "kind_label": Listing(kind=kind, intent=intent).kind_label,
            "photos_left": MAX_PHOTOS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    listing = selectors.listing_get_owned(owner=member, pk=pk)
    if listing.status == Status.REMOVED:
        raise Http404("Removed listings cannot be edited.")
    chosen = None if "change" in request.GET else _kind_and_intent(request, listing)
    if chosen is None:
        return render(request, "listings/choose_kind.html", {"cards": _kind_cards(), "listing": listing})
    kind, intent = chosen
    existing = listing.photos.count() + sum(
        1 for photo in selectors.listing_pending_photos(listing=listing) if not photo.error
    )
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        instance=listing,
        owner=member,
        kind=kind,
        intent=intent,
        tree=selectors.category_tree(),
        existing_photos=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.listing_update(
                listing=listing,
                user=member,
                values=form.listing_values(),
                circles=list(form.cleaned_data.get("circles") or []),
                photos=form.cleaned_data.get("photos") or [],
            )
            if request.POST.get("action") == "publish" and updated.status != Status.ACTIVE:
                updated = services.listing_publish(listing=updated, user=member)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            _tell_about_photos_in_preparation(request, updated)
            return redirect(updated)
    return render(
        request,
        "listings/form.html",
        {
            "form": form,
            "kind": kind,
            "intent": intent,
            "listing": listing,
            "existing_photos": existing,
            "heading": _form_heading(kind, intent),
            "kind_label": Listing(kind=kind, intent=intent).kind_label,
            "photos_left": max(0, MAX_PHOTOS - existing),
        },
    )


def _tell_about_photos_in_preparation(request: HttpRequest, listing: Listing) -> int:
    """Say how many of the owner's photos a worker is still preparing, and which it refused (said
    once: a refused photo is then forgotten). Returns how many are still being prepared."""
    pending = selectors.listing_pending_photos(listing=listing)
    refused = [photo for photo in pending if photo.error]
    for photo in refused:
        messages.error(request, _("This photo could not be used: %(reason)s") % {"reason": photo.error})
    if refused:
        services.pending_photos_forget_refused(listing=listing, user=_member(request))
    waiting = len(pending) - len(refused)
    if waiting:
        messages.info(
            request,
            ngettext(
                "%(count)d photo is being prepared: it appears on the listing in a few moments.",
                "%(count)d photos are being prepared: they appear on the listing in a few moments.",
                waiting,
            )
            % {"count": waiting},
        )
    return waiting


def _add_service_errors(form: ListingForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _kind_cards() -> list[dict[str, Any]]:
    return [{"kind": kind, "title": title, "text": text} for kind, title, text in KIND_CARDS]


def _form_heading(kind: str, intent: str) -> str:
    offer = intent == Intent.OFFER
    return {
        Kind.LEND: _("Lend an object") if offer else _("Borrow an object"),
        Kind.SELL: _("Sell an object") if offer else _("Look for an object to buy"),
        Kind.SWAP: _("Swap an object") if offer else _("Look for a swap"),
        Kind.GIVE: _("Give an object away") if offer else _("Ask for an object"),
        Kind.SERVICE: _("Offer a service") if offer else _("Ask for a service"),
    }[Kind(kind)]


# --- Status changes --------------------------------------------------------------------------


STATUS_ACTIONS: dict[str, tuple[Callable[..., Listing], Any]] = {
    "publish": (services.listing_publish, gettext_lazy("Your listing is published.")),
    "pause": (
        services.listing_pause,
        gettext_lazy("Your listing is paused: nobody sees it until you publish it again."),
    ),
    "reserve": (services.listing_mark_reserved, gettext_lazy("Your listing is marked as reserved.")),
    "close": (services.listing_close, gettext_lazy("Your listing is closed.")),
}


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STATUS_ACTIONS:
        raise Http404("No such action.")
    member = _member(request)
    listing = selectors.listing_get_owned(owner=member, pk=pk)
    service, done = STATUS_ACTIONS[action]
    try:
        service(listing=listing, user=member)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_next_or(request, listing.get_absolute_url()))


@login_required
@require_POST
def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    listing = selectors.listing_get_owned(owner=member, pk=pk)
    try:
        services.listing_delete_draft(listing=listing, user=member)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(listing)
    messages.success(request, _("Your draft is deleted."))
    return redirect("listings:mine")


# --- Photos ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    listing = selectors.listing_get_owned(owner=member, pk=pk)
    if listing.status == Status.REMOVED:
        raise Http404("Removed listings cannot be edited.")
    current = selectors.listing_photos(listing=listing)
    if request.method == "POST":
        waiting = sum(1 for photo in selectors.listing_pending_photos(listing=listing) if not photo.error)
    else:
        waiting = _tell_about_photos_in_preparation(request, listing)
    form = PhotoUploadForm(request.POST or None, request.FILES or None, existing_photos=len(current) + waiting)
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_add(listing=listing, user=member, uploads=form.cleaned_data["photos"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if not selectors.listing_pending_photos(listing=listing):
                messages.success(request, _("Your photos are added."))
            return redirect("listings:photos", pk=listing.pk)
    return render(request, "listings/photos.html", {"listing": listing, "photos": current, "form": form})


PHOTO_ACTIONS: dict[str, Callable[..., None]] = {
    "up": lambda **kw: services.photo_move(offset=-1, **kw),
    "down": lambda **kw: services.photo_move(offset=1, **kw),
    "cover": services.photo_set_cover,
    "delete": services.photo_delete,
}


@login_required
@require_POST
def photo_action(request: HttpRequest, pk: int, photo_id: int, action: str) -> HttpResponse:
    if action not in PHOTO_ACTIONS:
        raise Http404("No such action.")
    member = _member(request)
    listing = selectors.listing_get_owned(owner=member, pk=pk)
    try:
        PHOTO_ACTIONS[action](listing=listing, user=member, photo_id=photo_id)
    except ListingPhoto.DoesNotExist as exc:
        raise Http404("No such photo.") from exc
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if action == "delete":
            messages.success(request, _("The photo is deleted."))
    return redirect(reverse("listings:photos", kwargs={"pk": listing.pk}) + f"#photo-{photo_id}")


# --- Favourites ------------------------------------------------------------------------------


@login_required
@require_POST
def favourite(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    listing = selectors.listing_get_visible(viewer=member, pk=pk)
    if request.POST.get("remove"):
        services.favourite_remove(user=member, listing=listing)
        messages.success(request, _("Removed from your favourites."))
    else:
        try:
            services.favourite_add(user=member, listing=listing)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Saved to your favourites."))
    return HttpResponseRedirect(_next_or(request, listing.get_absolute_url()))
