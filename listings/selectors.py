"""Reads about listings. Who may see one is ``Listing.objects.visible_to(viewer)``, and every
read here starts from it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchRank
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import blocked_member_ids, email_verified, two_factor_enabled
from circles.models import Circle, Membership, MembershipStatus
from circles.selectors import circle_ids_for_user
from marketplace.cache import current_version, digest, get_or_compute

from .models import Category, Favourite, Kind, Listing, ListingPhoto, PendingPhoto, Visibility, effective_price
from .search import build_search_query, fold, folded, is_postgres, query_words, sqlite_fallback_stem

PAGE_SIZE = 24
# Relevance, price and trust order only the newest matches of a text search: ranking every
# match of a common word is what makes a naive search slow on a big site.
RANK_WINDOW = 240  # ten pages
# Search says how many listings match up to this many, then "240+": counting every match of a
# common word on a big site would cost more than the page itself.
COUNT_CAP = RANK_WINDOW
# The columns a listing card shows: list pages load these alone.
CARD_FIELDS = (
    "id", "owner_id", "kind", "intent", "title", "price", "price_unit", "city", "visibility", "status",
    "cover_thumbnail", "updated_at",
)  # fmt: skip
NEWEST = ("-published_at", "-id")

Viewer = User | AnonymousUser
T = TypeVar("T")

# Versions (marketplace.cache) of what cached pages show: every list of listings, and each
# listing's page. ``listings.services.listings_changed`` bumps them.
LISTINGS_VERSION = "listings"
# ... and what every listing page shows of the category tree.
CATEGORIES_VERSION = "categories"


def listing_version(pk: int) -> str:
    return f"listing:{pk}"


def audience_key(viewer: Viewer) -> str:
    """What decides which listings ``viewer`` sees, as a key part: who they are (their own
    listings are theirs), their circles and their blocks (``Listing.objects.visible_to``)."""
    if not viewer.is_authenticated:
        return "visitor"
    circles = sorted(circle_ids_for_user(user=viewer))
    blocks = sorted(blocked_member_ids(user_id=viewer.pk))
    return digest(viewer.pk, circles, blocks)


def _kept_for_audience(name: str, *, viewer: Viewer, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache for everyone who sees the same listings as ``viewer``
    (``audience_key``) until any listing changes (``LISTINGS_VERSION``)."""
    key = f"listings:{name}:{digest(audience_key(viewer), current_version(LISTINGS_VERSION), *parts)}"
    return get_or_compute(key, compute)


def _shared_with_circles(circle_ids: Any) -> Exists:
    """Whether the listing is shared with one of ``circle_ids``."""
    return Exists(Listing.circles.through.objects.filter(listing_id=OuterRef("pk"), circle_id__in=circle_ids))


def listing_get_visible(*, viewer: Viewer, pk: int) -> Listing:
    """The listing, if ``viewer`` may see it; else 404. For every action on someone else's
    listing (favourite, booking request, question, report)."""
    listing = Listing.objects.visible_to(viewer).select_related("owner", "category").filter(pk=pk).first()
    if listing is None:
        raise Http404("No such listing.")
    return listing


def listing_page(*, viewer: Viewer, pk: int) -> Listing:
    """The listing page's listing, with what its owner's trust card shows (``owner.trust_summary``,
    reached through the reverse one-to-one of reviews, so that listings never imports reviews;
    ``owner_email_verified``, ``owner_has_2fa``) and, for a member, ``is_favourite``; else 404."""
    queryset = (
        Listing.objects.visible_to(viewer)
        .select_related("owner", "owner__trust_summary", "category", "category__parent")
        .defer("search_vector")
        .annotate(owner_email_verified=email_verified("owner_id"), owner_has_2fa=two_factor_enabled("owner_id"))
    )
    if viewer.is_authenticated:
        queryset = queryset.annotate(
            is_favourite=Exists(Favourite.objects.filter(user_id=viewer.pk, listing_id=OuterRef("pk")))
        )
    listing = queryset.filter(pk=pk).first()
    if listing is None:
        raise Http404("No such listing.")
    return listing


def listing_get_owned(*, owner: Viewer, pk: int, for_update: bool = False) -> Listing:
    """A listing of ``owner`` (any status: even one removed by moderation is still theirs to see), or 404."""
    if not owner.is_authenticated:
        raise Http404("No such listing.")
    queryset = Listing.objects.filter(owner_id=owner.pk)
    if for_update:
        queryset = queryset.select_for_update()
    listing = queryset.filter(pk=pk).first()
    if listing is None:
        raise Http404("No such listing.")
    return listing


def listing_photos(*, listing: Listing) -> list[ListingPhoto]:
    """The photos in order; none without a query when the listing has no cover (the services set
    the cover from the first photo whenever photos change)."""
    if not listing.cover_thumbnail:
        return []
    return list(listing.photos.order_by("position", "id"))


def listing_circles(*, listing: Listing) -> list[Circle]:
    """The circles a listing is shared with (shown to its owner)."""
    if listing.visibility != Visibility.CIRCLES:
        return []
    return list(listing.circles.order_by("name"))


def owner_circles(*, owner: Viewer) -> QuerySet[Circle]:
    """The circles ``owner`` may publish to: those they actively belong to."""
    return Circle.objects.filter(pk__in=circle_ids_for_user(user=owner)).order_by("name")


# --- Categories ------------------------------------------------------------------------------

CATEGORY_TREE_KEY = "listings:category-tree"


@dataclass
class CategoryNode:
    category: Category
    children: list[Category] = field(default_factory=list)


def category_tree() -> list[CategoryNode]:
    """The two-level tree, in order (cached: every search and form shows it; the category admin
    deletes the key, ``listings.services.forget_category_tree``)."""

    def compute() -> list[CategoryNode]:
        nodes: dict[int, CategoryNode] = {}
        children: list[Category] = []
        for category in Category.objects.order_by("position", "slug"):
            if category.parent_id is None:
                nodes[category.pk] = CategoryNode(category)
            else:
                children.append(category)
        for child in children:
            if child.parent_id in nodes:
                nodes[child.parent_id].children.append(child)
        return list(nodes.values())

    return get_or_compute(CATEGORY_TREE_KEY, compute)


def category_and_descendant_ids(*, tree: list[CategoryNode], category: Category) -> list[int]:
    for node in tree:
        if node.category.pk == category.pk:
            return [category.pk, *(child.pk for child in node.children)]
    return [category.pk]


def category_get(*, slug: str) -> Category:
    """The category at ``slug``, from the cached tree; else 404."""
    for node in category_tree():
        for category in (node.category, *node.children):
            if category.slug == slug:
                return category
    raise Http404("No such category.")


# --- Lists of cards --------------------------------------------------------------------------


def _cards(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """``queryset`` loading what cards show: their own columns, and what the owner's trust badge
    shows (``owner_trust_level``, ``owner_rating_count``, ``owner_rating_average``: None for a
    member without a summary yet), read through the reverse one-to-one ``trust_summary`` of
    reviews, so that listings never imports reviews."""
    return queryset.only(*CARD_FIELDS).annotate(
        owner_trust_level=F("owner__trust_summary__level"),
        owner_rating_count=F("owner__trust_summary__rating_count"),
        owner_rating_average=F("owner__trust_summary__rating_average"),
    )


@dataclass
class Page:
    items: list[Listing]
    number: int
    has_next: bool
    # How many match, up to ``COUNT_CAP`` (search only): never a count over every listing.
    total: int | None = None
    total_capped: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def fetch_page(queryset: QuerySet[Listing], *, number: int, size: int = PAGE_SIZE) -> Page:
    """One page and whether another follows, without counting every row (one query)."""
    number = max(1, number)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)


@dataclass
class SearchParams:
    text: str = ""
    kind: str = ""
    intent: str = ""
    category: Category | None = None
    where: str = ""
    max_price: Decimal | None = None
    circle: Circle | None = None
    available_from: datetime.date | None = None
    available_to: datetime.date | None = None
    sort: str = ""  # "relevance" (when there is text), "newest", "price_asc", "price_desc", "trust"
    trusted_only: bool = False


def _filter_available(queryset: QuerySet[Listing], start: datetime.date, end: datetime.date) -> QuerySet[Listing]:
    """Lendable listings free between two dates: no booking that holds its dates overlaps them.

    Which bookings hold a loan's dates is the bookings app's rule (``Booking.holds_dates``),
    reached through the reverse relation ``bookings``, so that listings never imports bookings.
    """
    booking_model: Any = Listing._meta.get_field("bookings").related_model
    holding = booking_model.objects.filter(
        listing_id=OuterRef("pk"), holds_dates=True, start_date__lte=end, end_date__gte=start
    )
    return queryset.filter(kind=Kind.LEND).filter(~Exists(holding))


def _filter_circle(queryset: QuerySet[Listing], circle: Circle) -> QuerySet[Listing]:
    """Listings shared with the circle, or posted publicly by one of its active members."""
    members = Membership.objects.filter(circle_id=circle.pk, status=MembershipStatus.ACTIVE).values("user_id")
    return queryset.filter(Q(visibility=Visibility.PUBLIC, owner_id__in=members) | _shared_with_circles([circle.pk]))


def _filter_where(queryset: QuerySet[Listing], where: str) -> QuerySet[Listing]:
    """The "where" filter: digits are the start of a postcode, anything else the start of a city
    name, accents and case aside ("venissieux" finds Vénissieux, "villeur" Villeurbanne)."""
    where = where.strip()
    if not where:
        return queryset
    if where.isdigit():
        return queryset.filter(postcode__startswith=where)
    return queryset.alias(city_key=folded("city")).filter(city_key__startswith=fold(where))


def _filter_text(queryset: QuerySet[Listing], text: str) -> QuerySet[Listing]:
    """Every word must match, in any of its forms: PostgreSQL's full-text search (its GIN index),
    or on SQLite a LIKE over accent-folded title, description and category."""
    if is_postgres():
        search_query = build_search_query(text)
        return queryset.none() if search_query is None else queryset.filter(search_vector=search_query)
    queryset = queryset.alias(
        folded_title=folded("title"),
        folded_description=folded("description"),
        folded_category=folded("category__name_fr"),
    )
    for word in query_words(text):
        stem = sqlite_fallback_stem(word)
        queryset = queryset.filter(
            Q(folded_title__contains=stem) | Q(folded_description__contains=stem) | Q(folded_category__contains=stem)
        )
    return queryset


def _counted(page: Page, queryset: QuerySet[Listing]) -> Page:
    """``page`` with how many listings ``queryset`` holds, up to ``COUNT_CAP``: one capped count,
    whatever the page (a page's queries do not depend on its rows)."""
    found = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    page.total, page.total_capped = min(found, COUNT_CAP), found > COUNT_CAP
    return page


def search_listings(
    *,
    viewer: Viewer,
    params: SearchParams,
    page: int = 1,
    tree: list[CategoryNode] | None = None,
    count: bool = True,
) -> Page:
    """The listings ``viewer`` may find with ``params``: one page of cards, in one query, and
    how many match (a second, capped query; none without ``count``): both kept for the viewer's
    audience.

    Newest first by default, which walks the newest listings until a page is full. With text,
    "relevance" (title > category > description) is the default. Every other order (relevance,
    price, trust) sorts the ``RANK_WINDOW`` newest matches: bounded work whatever the size of the
    site, where sorting every match of a filter costs seconds at a million listings.
    """
    parts = (
        *(getattr(params, name) for name in ("text", "kind", "intent", "where", "max_price", "sort", "trusted_only")),
        params.category.pk if params.category else None,
        params.circle.pk if params.circle else None,
        params.available_from,
        params.available_to,
        page,
        count,
    )
    return _kept_for_audience(
        "search",
        viewer=viewer,
        parts=parts,
        compute=lambda: _search_listings(viewer=viewer, params=params, page=page, tree=tree, count=count),
    )


def _search_listings(
    *, viewer: Viewer, params: SearchParams, page: int, tree: list[CategoryNode] | None, count: bool
) -> Page:
    text = params.text.strip()
    sort = params.sort or ("relevance" if text else "newest")
    queryset: QuerySet[Listing] = Listing.objects.visible_to(viewer).discoverable()
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.intent:
        queryset = queryset.filter(intent=params.intent)
    if params.category is not None:
        ids = category_and_descendant_ids(tree=tree or category_tree(), category=params.category)
        queryset = queryset.filter(category_id__in=ids)
    queryset = _filter_where(queryset, params.where)
    if params.max_price is not None:
        queryset = queryset.filter(Q(price__isnull=True) | Q(price__lte=params.max_price))
    if params.circle is not None:
        queryset = _filter_circle(queryset, params.circle)
    if params.available_from and params.available_to:
        queryset = _filter_available(queryset, params.available_from, params.available_to)
    if params.trusted_only:
        queryset = queryset.filter(owner__trust_summary__level="trusted")
    if text:
        queryset = _filter_text(queryset, text)

    if sort == "newest" or (sort == "relevance" and not text):
        queryset = queryset.order_by(*NEWEST)
        found = fetch_page(_cards(queryset), number=page)
        return _counted(found, queryset) if count else found

    window = Listing.objects.filter(pk__in=queryset.order_by(*NEWEST).values("pk")[:RANK_WINDOW])
    if sort == "price_asc":
        window = window.order_by(effective_price().asc(), *NEWEST)
    elif sort == "price_desc":
        window = window.order_by(effective_price().desc(), *NEWEST)
    elif sort == "trust":
        window = window.order_by(F("owner__trust_summary__bayesian_rating").desc(nulls_last=True), *NEWEST)
    elif is_postgres() and (search_query := build_search_query(text)) is not None:
        window = window.annotate(rank=SearchRank(F("search_vector"), search_query)).order_by("-rank", *NEWEST)
    else:
        window = window.order_by(*NEWEST)
    found = fetch_page(_cards(window), number=page)
    if not count:
        return found
    counted = _counted(found, window)
    # The window holds the RANK_WINDOW newest matches: a full window means there may be more.
    counted.total_capped = counted.total_capped or counted.total == RANK_WINDOW
    return counted


def home_listings(
    *, viewer: Viewer, circle_limit: int = 8, recent_limit: int = 12
) -> tuple[list[Listing], list[Listing]]:
    """Recent listings from the viewer's circles, then recent public ones not already shown.

    "From your circles": shared with one of the viewer's circles, or posted by a fellow member.
    Two queries whatever the number of listings, kept for the viewer's audience.
    """
    return _kept_for_audience(
        "home",
        viewer=viewer,
        parts=(circle_limit, recent_limit),
        compute=lambda: _home_listings(viewer=viewer, circle_limit=circle_limit, recent_limit=recent_limit),
    )


def _home_listings(*, viewer: Viewer, circle_limit: int, recent_limit: int) -> tuple[list[Listing], list[Listing]]:
    from_circles: list[Listing] = []
    discoverable = Listing.objects.visible_to(viewer).discoverable()
    circle_ids = circle_ids_for_user(user=viewer)
    if circle_ids:
        fellow = Membership.objects.filter(
            circle_id__in=circle_ids, status=MembershipStatus.ACTIVE, user_id=OuterRef("owner_id")
        )
        from_circles = list(
            _cards(
                discoverable.filter(_shared_with_circles(circle_ids) | Exists(fellow))
                .exclude(owner_id=viewer.pk)
                .order_by(*NEWEST)
            )[:circle_limit]
        )
    recent = (
        discoverable.filter(visibility=Visibility.PUBLIC)
        .exclude(pk__in=[listing.pk for listing in from_circles])
        .order_by(*NEWEST)
    )
    if viewer.is_authenticated:
        recent = recent.exclude(owner_id=viewer.pk)
    return from_circles, list(_cards(recent)[:recent_limit])


def member_listings(*, viewer: Viewer, member_id: int, limit: int = 12) -> list[Listing]:
    """A member's newest listings that ``viewer`` may find (their profile's "listings" section):
    the visibility rule decides, so a circle-only listing shows only to that circle."""
    queryset = Listing.objects.visible_to(viewer).discoverable().filter(owner_id=member_id).order_by(*NEWEST)
    return list(_cards(queryset)[:limit])


def category_listings(*, viewer: Viewer, category: Category, tree: list[CategoryNode], page: int) -> Page:
    """A category's listings and its sub-categories', newest first (kept for the viewer's audience)."""
    ids = category_and_descendant_ids(tree=tree, category=category)
    queryset = Listing.objects.visible_to(viewer).discoverable().filter(category_id__in=ids).order_by(*NEWEST)
    return _kept_for_audience(
        "category", viewer=viewer, parts=(category.pk, page), compute=lambda: fetch_page(_cards(queryset), number=page)
    )


def favourite_listings(*, viewer: Viewer, page: int) -> Page:
    """The viewer's favourites that they may still see, most recently saved first."""
    if not viewer.is_authenticated:
        return Page(items=[], number=1, has_next=False)
    saved = Favourite.objects.filter(user_id=viewer.pk, listing_id=OuterRef("pk"))
    queryset = (
        Listing.objects.visible_to(viewer)
        .filter(Exists(saved))
        .annotate(saved_at=saved.values("created_at")[:1])
        .order_by("-saved_at", "-id")
    )
    return fetch_page(_cards(queryset), number=page)


def my_listings(*, owner: User, status: str = "", page: int = 1) -> Page:
    """All of ``owner``'s listings (every status), the latest changed first, with when each was
    published (or created, for drafts)."""
    queryset = Listing.objects.filter(owner_id=owner.pk)
    if status:
        queryset = queryset.filter(status=status)
    cards = _cards(queryset.order_by("-updated_at", "-id")).only(*CARD_FIELDS, "created_at", "published_at")
    return fetch_page(cards, number=page)


def my_status_counts(*, owner: User) -> dict[str, int]:
    rows = Listing.objects.filter(owner_id=owner.pk).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def listing_pending_photos(*, listing: Listing) -> list[PendingPhoto]:
    """Its owner's photos still being prepared, and those refused (with why), oldest first."""
    return list(PendingPhoto.objects.filter(listing_id=listing.pk).defer("data").order_by("created_at", "id"))
