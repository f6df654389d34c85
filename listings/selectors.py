"""Reads about listings. ``visible_listings`` is THE visibility rule: every page goes through it.

When blocks and moderation arrive, they are added to ``visible_listings`` and nowhere else.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchRank
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from accounts.models import Block, User
from accounts.selectors import identity_checks_sql
from circles.models import Circle, Membership, MembershipStatus
from circles.selectors import circle_ids_for_user, circle_ids_sql
from marketplace.db import planned_for_their_values

from .models import (
    Category,
    Favourite,
    Kind,
    Listing,
    ListingPhoto,
    PendingPhoto,
    SearchTerm,
    Status,
    Visibility,
    effective_price,
)
from .search import build_search_query, fold, is_postgres, query_words, rarest_word_key_sql, sqlite_fallback_stem

PAGE_SIZE = 24
# Relevance is computed only over the newest matches, so a common word costs the same at 10k
# listings as at 1M: ranking every match is what makes a naive search slow.
RANK_WINDOW = 240  # ten pages
# A text search walks the newest listings holding its rarest word when that word has more than
# FEW_TERMS search terms (fewer: the GIN index gives every match at once, for less), first
# WALKED_TERMS of them (each a key lookup, a few µs): enough for common matches, little lost
# for rare ones.
FEW_TERMS = 1000
WALKED_TERMS = 1000
# ... and up to this many when the first walk shows they hold the window (about 3 ms a thousand).
MAX_WALKED_TERMS = 16000
# ... and within a quarter of the word's terms: a walk costs a few µs a term, the GIN index
# about as much for every four matches (at 100k listings, "vélo enfant" in Lyon: 35 ms walking,
# 10 ms with the index; at 1M, 33 and 98 ms).
WALKED_SHARE_OF_TERMS = 4
# Statuses anyone allowed may browse (search, home, category pages).
DISCOVERABLE_STATUSES = (Status.ACTIVE,)
# Statuses a listing page still shows to others (with a notice when it is not available).
VIEWABLE_STATUSES = (Status.ACTIVE, Status.RESERVED, Status.PAUSED, Status.CLOSED)
# The columns a listing card shows (listings.cards): list pages load these alone. Each column
# more is decoded and set on 24 rows (the dates most of all), which cost more than the query.
CARD_FIELDS = (
    "id", "owner_id", "kind", "intent", "title", "price", "price_unit", "city", "visibility", "status",
    "cover_thumbnail",
)  # fmt: skip

Viewer = User | AnonymousUser


def _circle_listing_table() -> Any:
    return Listing.circles.through


def _shared_with(circle_ids: Any) -> Exists:
    """Whether the listing is shared with one of ``circle_ids`` (a list or a subquery).

    The range (>= and <=) instead of "=" is deliberate: with "=", PostgreSQL hashes every listing
    of those circles before looking at the first row (tens of ms for big circles); with a range
    it probes the (listing, circle) index, only for the circle-only rows it actually reads.
    """
    return Exists(
        _circle_listing_table().objects.filter(
            listing_id__gte=OuterRef("pk"), listing_id__lte=OuterRef("pk"), circle_id__in=circle_ids
        )
    )


def _audience(viewer: Viewer) -> Q:
    """Who may see a listing at all: everyone for public ones, members of its circles otherwise."""
    audience = Q(visibility=Visibility.PUBLIC)
    if viewer.is_authenticated:
        audience |= Q(Q(visibility=Visibility.CIRCLES), _shared_with(circle_ids_sql(user=viewer)))
    return audience


def visible_listings(
    *,
    viewer: Viewer,
    statuses: Sequence[str] = DISCOVERABLE_STATUSES,
    include_own: bool = False,
    owner_joined: bool = False,
) -> QuerySet[Listing]:
    """The listings ``viewer`` may see, in the given statuses.

    Public listings, plus circle-only listings shared with a circle the viewer actively belongs
    to, plus the viewer's own; with ``include_own``, their own in any status (drafts included).

    The status test stays outside the OR (unless ``include_own``), so PostgreSQL can use the
    partial indexes on active listings for members as it does for visitors. ``owner_joined``:
    the caller joins the owner anyway (``select_related("owner")``), so suspension is read
    from that row (see ``_not_moderated_away``).
    """
    return _visible(
        viewer=viewer, statuses=statuses, include_own=include_own, check_owners=True, owner_joined=owner_joined
    )


def _visible(
    *,
    viewer: Viewer,
    statuses: Sequence[str] = DISCOVERABLE_STATUSES,
    include_own: bool = False,
    check_owners: bool,
    owner_joined: bool = False,
) -> QuerySet[Listing]:
    """``visible_listings``; without ``check_owners``, suspended owners are left to the caller.

    Only for an inner query (the search window) whose rows go through ``visible_listings`` again.
    """
    others = _audience(viewer) & _not_moderated_away(viewer, check_owners=check_owners, owner_joined=owner_joined)
    if not viewer.is_authenticated:
        return Listing.objects.filter(Q(status__in=statuses) & others)
    if include_own:
        return Listing.objects.filter((Q(status__in=statuses) & others) | Q(owner_id=viewer.pk))
    return Listing.objects.filter(Q(status__in=statuses) & (others | Q(owner_id=viewer.pk)))


def _blocked_member_ids(viewer_id: Any) -> RawSQL:
    """The members ``viewer_id`` blocked or was blocked by, as one subquery (hashed once per query).

    Same rule as ``accounts.selectors.blocked_between``, without a probe per listing row. Fixed
    SQL: built with the ORM (a CASE over two columns), it was an eighth of the Python of a
    member's listing page query, on every page a member sees.
    """
    blocks = Block._meta.db_table
    return RawSQL(
        f"SELECT CASE WHEN b.blocker_id = %s THEN b.blocked_id ELSE b.blocker_id END FROM {blocks} b"
        " WHERE b.blocker_id = %s OR b.blocked_id = %s",
        (viewer_id, viewer_id, viewer_id),
    )


class _OwnerNotSuspended(Expression):
    """True when the listing's owner is not suspended at ``now``: NOT EXISTS on the owner's row.

    The subquery is fixed SQL around the ORM's own reference to ``owner_id`` (right under any
    alias): built as ``~Exists(User.objects...)``, resolving it cloned its query, a tenth of a
    search's Python. PostgreSQL plans it as before (an anti-join probe for the rows it keeps).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, now: datetime.datetime) -> None:
        super().__init__()
        self.owner: Any = F("owner_id")
        self.now = now

    def get_source_expressions(self) -> list[Any]:
        return [self.owner]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.owner,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        owner_sql, owner_params = compiler.compile(self.owner)
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {User._meta.db_table} u WHERE u.id = {owner_sql} AND u.is_suspended"
            " AND (u.suspended_until IS NULL OR u.suspended_until > %s))"
        )
        return sql, (*owner_params, self.now)


def _not_moderated_away(viewer: Viewer, *, check_owners: bool = True, owner_joined: bool = False) -> Q:
    """Moderation: no listing of a suspended owner, nor between members who blocked one another.

    Listings hidden by a moderator have the status "removed", which no caller asks for. A member
    is suspended when flagged so with no end date, or one still to come. Lists test that with
    NOT EXISTS (``_OwnerNotSuspended``: PostgreSQL probes the owners of the rows it keeps); a
    query that joins the owner anyway (``owner_joined``) tests the joined row: one join instead
    of a join and an anti-join, which cost a third of the listing page's query in Python alone.
    """
    rule = Q()
    if check_owners:
        now = timezone.now()
        if owner_joined:
            rule &= Q(owner__is_suspended=False) | Q(owner__suspended_until__lte=now)
        else:
            rule &= Q(_OwnerNotSuspended(now))
    if viewer.is_authenticated:
        rule &= ~Q(owner_id__in=_blocked_member_ids(viewer.pk))
    return rule


def listing_get_visible(*, viewer: Viewer, pk: int) -> Listing:
    """The listing, if ``viewer`` may see it (any status but draft/removed, or their own); else 404.

    Use it for every action on someone else's listing (favourite, booking request, question).
    """
    found = list(
        visible_listings(viewer=viewer, statuses=VIEWABLE_STATUSES, include_own=True, owner_joined=True)
        .select_related("owner", "category")
        .filter(pk=pk)
        # One row by its key: no ORDER BY (first() would add the model's ordering, whose
        # compilation costs more Python than the rest of this query).
        .order_by()[:1]
    )
    if not found:
        raise Http404("No such listing.")
    return found[0]


def listing_page(*, viewer: Viewer, pk: int) -> Listing:
    """The listing page's listing with ``is_favourite``, in one query; else 404.

    With it, what the owner's trust card shows: their summary (``owner.trust_summary``, the
    reverse one-to-one of reviews, so that listings never imports reviews) and identity checks
    (``owner_email_verified``, ``owner_has_2fa``). The card's own query was a fifth of the
    page's work. Its photos: ``listing_photos`` (a plain query; prefetch_related's machinery
    cost twice the query itself on this page).
    """
    email_verified, has_2fa = identity_checks_sql(f"{Listing._meta.db_table}.owner_id")
    queryset = (
        visible_listings(viewer=viewer, statuses=VIEWABLE_STATUSES, include_own=True, owner_joined=True)
        .select_related("owner", "owner__trust_summary", "category", "category__parent")
        .defer("search_vector")
        .annotate(owner_email_verified=email_verified, owner_has_2fa=has_2fa)
    )
    if viewer.is_authenticated:
        queryset = queryset.annotate(
            is_favourite=Exists(Favourite.objects.filter(user_id=viewer.pk, listing_id=OuterRef("pk")))
        )
    found = list(queryset.filter(pk=pk).order_by()[:1])  # by its key: no ORDER BY to compile
    if not found:
        raise Http404("No such listing.")
    return found[0]


def listing_get_owned(*, owner: Viewer, pk: int, for_update: bool = False) -> Listing:
    """A listing of ``owner`` (any status but removed-by-moderation is still theirs to see), or 404."""
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
    """The photos in order; none without a query when the listing has no cover (no photo at all:
    the services set the cover from the first photo whenever photos change)."""
    if not listing.cover_thumbnail:
        return []
    return list(ListingPhoto.objects.filter(listing_id=listing.pk).order_by("position", "id"))


def listing_circles(*, listing: Listing) -> list[Circle]:
    """The circles a listing is shared with (shown to its owner)."""
    if listing.visibility != Visibility.CIRCLES:
        return []
    return list(listing.circles.order_by("name"))


def owner_circles(*, owner: Viewer) -> QuerySet[Circle]:
    """The circles ``owner`` may publish to: those they actively belong to."""
    return Circle.objects.filter(pk__in=circle_ids_for_user(user=owner)).order_by("name")


def is_favourite(*, viewer: Viewer, listing: Listing) -> bool:
    if not viewer.is_authenticated:
        return False
    return Favourite.objects.filter(user_id=viewer.pk, listing_id=listing.pk).exists()


# --- Categories ------------------------------------------------------------------------------


@dataclass
class CategoryNode:
    category: Category
    children: list[Category] = field(default_factory=list)


def category_tree() -> list[CategoryNode]:
    """The two-level tree, in order, in one query."""
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


def category_and_descendant_ids(*, tree: list[CategoryNode], category: Category) -> list[int]:
    for node in tree:
        if node.category.pk == category.pk:
            return [category.pk, *(child.pk for child in node.children)]
    return [category.pk]


def category_get(*, slug: str) -> Category:
    category = Category.objects.select_related("parent").filter(slug=slug).first()
    if category is None:
        raise Http404("No such category.")
    return category


# --- Lists of cards --------------------------------------------------------------------------


def _cards(queryset: QuerySet[Listing], *, also: tuple[str, ...] = ()) -> QuerySet[Listing]:
    """``queryset`` loading only what cards show, and the fields in ``also``."""
    return queryset.only(*CARD_FIELDS, *also)


def _with_owner_trust_badge(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """``queryset`` reading, with each listing, what its owner's trust badge shows:
    ``owner_trust_level``, ``owner_rating_count`` and ``owner_rating_average`` (all None for a
    member without a summary yet), which ``{% owner_trust_badges %}`` of reviews renders.

    The badges' own query cost a tenth of a search. Read as subqueries on the summary's key, not
    through a join of the owner: PostgreSQL evaluates them after the sort and the LIMIT (for the
    page's rows only), whereas a join made it misjudge the text window's size and loop over
    every member (1.6 -> 34 ms for "vélo"). The summaries' table is reached through the reverse
    one-to-one ``trust_summary``, so that listings never imports reviews.
    """
    relation: Any = User._meta.get_field("trust_summary")
    summaries = relation.related_model._meta.db_table
    owner_id = f"{Listing._meta.db_table}.owner_id"

    def summary_column(column: str, output_field: Field[Any, Any]) -> RawSQL:
        return RawSQL(f"SELECT s.{column} FROM {summaries} s WHERE s.user_id = {owner_id}", (), output_field)

    return queryset.annotate(
        owner_trust_level=summary_column("level", CharField()),
        owner_rating_count=summary_column("rating_count", IntegerField()),
        owner_rating_average=summary_column("rating_average", DecimalField(max_digits=3, decimal_places=2)),
    )


@dataclass
class Page:
    items: list[Listing]
    number: int
    has_next: bool

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
    """Lendable listings free between two dates: no accepted or ongoing loan overlaps them.

    Reached through the reverse relation ``bookings``, so that listings never imports bookings.
    """
    booking_model: Any = Listing._meta.get_field("bookings").related_model
    overlapping = booking_model.objects.filter(
        listing_id=OuterRef("pk"),
        state__in=("accepted", "ongoing"),
        start_date__lte=end,
        end_date__gte=start,
    )
    return queryset.filter(kind=Kind.LEND).filter(~Exists(overlapping))


def _folded(field: str) -> Func:
    """The accent-folded, lower-cased value of ``field`` (SQLite fallback search only)."""
    return Func(F(field), function="cercle_fold", output_field=CharField())


def _filter_circle(queryset: QuerySet[Listing], circle: Circle) -> QuerySet[Listing]:
    """Listings shared with the circle, or posted publicly by one of its members.

    Written as one set of ids (a UNION, a few thousand rows whatever the size of the site) that
    PostgreSQL can start from, instead of an OR of two EXISTS tested on every listing it walks.
    """
    members = Membership.objects.filter(circle_id=circle.pk, status=MembershipStatus.ACTIVE).values("user_id")
    # No ordering in the parts of the UNION (the model's default one would be kept there).
    by_a_member = (
        Listing.objects.filter(owner_id__in=members, status__in=DISCOVERABLE_STATUSES, visibility=Visibility.PUBLIC)
        .order_by()
        .values("pk")
    )
    shared = _circle_listing_table().objects.filter(circle_id=circle.pk).order_by().values("listing_id")
    return queryset.filter(pk__in=by_a_member.union(shared, all=True))


@dataclass(frozen=True)
class Place:
    """The "where" filter: a prefix of the postcode (digits) or of the city key (folded), as both
    the listings and their search terms are filtered on."""

    column: str  # "city_key" or "postcode" (SearchTerm)
    prefix: str

    @property
    def like_pattern(self) -> str:
        escaped = self.prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{escaped}%"


def _place_of(where: str) -> Place | None:
    where = where.strip()
    if not where:
        return None
    return Place("postcode", where) if where.isdigit() else Place("city_key", fold(where))


def _newest_matching_ids(queryset: QuerySet[Listing], *, text: str, limit: int, place: Place | None = None) -> RawSQL:
    """The ids of the ``limit`` newest listings of ``queryset`` matching ``text``, as a subquery.

    PostgreSQL only; one query whatever the path, and PostgreSQL runs each part only when the
    ones before did not answer. All start from the query's rarest word (``rarest_word_key_sql``):
    every match holds it.

    1. **A common word is walked**: when it has more than ``FEW_TERMS`` search terms, its newest
       ``WALKED_TERMS`` are read from their index, newest first, and each listing is tested in
       turn (the LATERAL, which OFFSET 0 keeps a loop) until ``limit`` pass. That answers a
       common match, and costs the same at 1M listings as at 10k. With a ``place`` (the search's
       "where"), only the terms of listings there are walked: the index entries carry the
       place, so the others cost no read, and any word is walked.
    2. **The walk goes on**, up to ``MAX_WALKED_TERMS`` in all, when the matches it found say
       that the longer walk fills the window ("vélo enfant" to lend: a few % of the listings
       holding "enfant"), for the matches still missing. Both walks' matches, in order, are
       then the answer. A walk that read every term there is answers too, however few it found.
    3. Otherwise, for a rare word, a rare match (a filter few of the word's listings pass), or
       no word to walk, **the GIN index** gives every match (words, category, kind and intent
       are all in it), which are sorted: few, or found inside the index. OFFSET 0 keeps
       PostgreSQL from walking every listing in date order instead, as it does when it expects
       many matches (80 ms for "perceuse" to lend at 1M listings).

    The listing's own rows decide (status, visibility, filters, the whole query). Every column
    is named with its table: a bare "id" would silently be the outer query's. No flag is ever
    NULL (no word to walk gives 0 terms), so NOT of a flag is always its opposite.
    """
    terms = SearchTerm._meta.db_table
    rarest, rarest_params = rarest_word_key_sql(text)
    every_match, every_match_params = queryset.order_by().values("pk", "published_at").query.sql_with_params()
    its_terms = f"SELECT listing_id, published_at FROM {terms} WHERE key = (SELECT rarest.key FROM rarest)"
    # The place is a value PostgreSQL plans with (a LIKE pattern, not a subquery), so that it
    # knows from the statistics what share of the word's terms are there.
    place_params: list[str] = []
    if place is not None:
        its_terms += f" AND {place.column} LIKE %s"
        place_params = [place.like_pattern]

    def walk(gate: str, wanted: str = "%s") -> str:
        return f"""
            SELECT term.listing_id AS pk, term.published_at
            FROM ({its_terms} AND {gate} ORDER BY published_at DESC, listing_id DESC OFFSET %s LIMIT %s) AS term
            CROSS JOIN LATERAL (
                SELECT FROM ({every_match}) AS listing WHERE listing.pk = term.listing_id OFFSET 0
            ) AS matching
            ORDER BY term.published_at DESC, term.listing_id DESC LIMIT {wanted}
        """

    # Whether there are no more than N terms to walk: params (*place_params, N + 1, N + 1).
    at_most = f"(SELECT count(*) FROM ({its_terms} LIMIT %s) AS counted) < %s"
    if place is None:
        walking = f"(SELECT word.terms FROM word) > %s OR NOT {at_most}"
        walking_params: list[Any] = [FEW_TERMS, *place_params, FEW_TERMS + 1, FEW_TERMS + 1]
    else:
        walking, walking_params = "(SELECT rarest.key FROM rarest) IS NOT NULL", []
    sql = f"""
        WITH rarest AS MATERIALIZED ({rarest}),
        word AS (
            SELECT coalesce((SELECT rarest.frequency FROM rarest), 0)
                * (SELECT reltuples FROM pg_class WHERE oid = '{terms}'::regclass) AS terms
        ),
        walking AS (SELECT {walking} AS yes),
        walked AS MATERIALIZED ({walk("(SELECT walking.yes FROM walking)")}),
        first_walk AS (
            SELECT (SELECT walking.yes FROM walking)
                AND ((SELECT count(*) FROM walked) >= %s OR {at_most}) AS answered
        ),
        further AS (
            SELECT (SELECT walking.yes FROM walking) AND NOT (SELECT first_walk.answered FROM first_walk)
                AND (SELECT count(*) FROM walked) * least(%s, (SELECT word.terms FROM word) / %s) >= %s AS worth_it
        ),
        walked_further AS MATERIALIZED (
            {walk("(SELECT further.worth_it FROM further)", wanted="(SELECT %s - count(*) FROM walked)")}
        ),
        second_walk AS (
            SELECT (SELECT further.worth_it FROM further)
                AND ((SELECT count(*) FROM walked) + (SELECT count(*) FROM walked_further) >= %s
                     OR {at_most}) AS answered
        )
        SELECT found.pk FROM (
            SELECT walked.pk, walked.published_at FROM walked
            WHERE (SELECT first_walk.answered FROM first_walk) OR (SELECT second_walk.answered FROM second_walk)
            UNION ALL
            SELECT walked_further.pk, walked_further.published_at FROM walked_further
            WHERE (SELECT second_walk.answered FROM second_walk)
            UNION ALL
            (SELECT searched.pk, searched.published_at FROM ({every_match} OFFSET 0) AS searched
             WHERE NOT (SELECT first_walk.answered FROM first_walk)
                AND NOT (SELECT second_walk.answered FROM second_walk)
             ORDER BY searched.published_at DESC, searched.pk DESC LIMIT %s)
        ) AS found
        ORDER BY found.published_at DESC, found.pk DESC LIMIT %s
    """
    # How many terms the word has comes from PostgreSQL's statistics when it is among the most
    # common (0 otherwise): those are walked without counting them. The walk goes on when the
    # share of matches the first walk found gives the window, with a margin of a quarter,
    # within MAX_WALKED_TERMS and within a WALKED_SHARE_OF_TERMS-th of the word's terms.
    params = (
        *rarest_params,
        *walking_params,
        *place_params, 0, WALKED_TERMS, *every_match_params, limit,
        limit, *place_params, WALKED_TERMS + 1, WALKED_TERMS + 1,
        MAX_WALKED_TERMS, WALKED_SHARE_OF_TERMS, math.ceil(limit * WALKED_TERMS * 1.25),
        *place_params, WALKED_TERMS, MAX_WALKED_TERMS - WALKED_TERMS, *every_match_params, limit,
        limit, *place_params, MAX_WALKED_TERMS + 1, MAX_WALKED_TERMS + 1,
        *every_match_params, limit,
        limit,
    )  # fmt: skip
    return RawSQL(sql, params)


def search_listings(
    *, viewer: Viewer, params: SearchParams, page: int = 1, tree: list[CategoryNode] | None = None
) -> Page:
    """The listings matching a search, one page of them, in one query, with their owners'
    trust badges (``_with_owner_trust_badge``).

    With text on PostgreSQL, the newest matches are found first (``_newest_matching_ids``);
    "relevance" (title > category > description), price and trust sorts order only the
    ``RANK_WINDOW`` newest matches.
    """
    text = params.text.strip()
    sort = params.sort or ("relevance" if text else "newest")
    # A text search reads its window of newest matches first, then shows them through
    # visible_listings: suspended owners are checked there, on the window's rows, instead of
    # on every listing the window walks.
    windowed = bool(text) and is_postgres()
    queryset = _visible(viewer=viewer, check_owners=not windowed)
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.intent:
        queryset = queryset.filter(intent=params.intent)
    if params.category is not None:
        ids = category_and_descendant_ids(tree=tree or category_tree(), category=params.category)
        queryset = queryset.filter(category_id__in=ids)
    place = _place_of(params.where)
    if place is not None:
        if place.column == "postcode":
            queryset = queryset.filter(postcode__startswith=place.prefix)
        else:
            # "venissieux" finds Vénissieux, "villeur" finds Villeurbanne.
            city_key = (
                Lower(Func(F("city"), function="cercle_unaccent", output_field=CharField()))
                if is_postgres()
                else _folded("city")
            )
            queryset = queryset.alias(city_key=city_key).filter(city_key__startswith=place.prefix)
    if params.max_price is not None:
        queryset = queryset.filter(Q(price__isnull=True) | Q(price__lte=params.max_price))
    if params.circle is not None:
        queryset = _filter_circle(queryset, params.circle)
    if params.available_from and params.available_to:
        queryset = _filter_available(queryset, params.available_from, params.available_to)

    # The owner's trust lives in reviews (above listings): reached through the reverse one-to-one
    # ``trust_summary``, so listings never imports reviews.
    if params.trusted_only:
        queryset = queryset.filter(owner__trust_summary__level="trusted")

    search_query = None
    if params.text.strip():
        if is_postgres():
            search_query = build_search_query(params.text)
            queryset = queryset.none() if search_query is None else queryset.filter(search_vector=search_query)
        else:
            queryset = queryset.alias(
                folded_title=_folded("title"),
                folded_description=_folded("description"),
                folded_category=_folded("category__name_fr"),
            )
            for word in query_words(params.text):
                stem = sqlite_fallback_stem(word)
                queryset = queryset.filter(
                    Q(folded_title__contains=stem)
                    | Q(folded_description__contains=stem)
                    | Q(folded_category__contains=stem)
                )

    newest = ("-published_at", "-id")
    if windowed and search_query is not None:
        # Rank or sort only the newest matches: bounded work whatever the number of matches.
        # Newest first, the window is the matches up to this page (the page and one more).
        limit = max(1, page) * PAGE_SIZE + 1 if sort == "newest" else RANK_WINDOW
        window: RawSQL | QuerySet[Listing, Any]
        if params.circle is None:
            window = _newest_matching_ids(queryset, text=params.text, limit=limit, place=place)
        else:
            # A circle's listings are a few thousand ids whatever the size of the site: sorting
            # them all is cheap.
            window = queryset.order_by(*newest).values("pk")[:limit]
        queryset = visible_listings(viewer=viewer).filter(pk__in=window)
        if sort == "relevance":
            queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query)).order_by("-rank", *newest)
    if sort == "price_asc":
        queryset = queryset.order_by(effective_price().asc(), *newest)
    elif sort == "price_desc":
        queryset = queryset.order_by(effective_price().desc(), *newest)
    elif sort == "trust":
        queryset = queryset.order_by(F("owner__trust_summary__bayesian_rating").desc(nulls_last=True), *newest)
    elif sort != "relevance" or search_query is None:
        queryset = queryset.order_by(*newest)
    with planned_for_their_values():
        return fetch_page(_with_owner_trust_badge(_cards(queryset)), number=page)


def home_listings(
    *, viewer: Viewer, circle_limit: int = 8, recent_limit: int = 12
) -> tuple[list[Listing], list[Listing]]:
    """Recent listings from the viewer's circles, then recent public ones not already shown.

    "From your circles": shared with one of the viewer's circles, or posted by a fellow member.
    Two queries whatever the number of listings.
    """
    from_circles: list[Listing] = []
    if viewer.is_authenticated:
        my_circles = circle_ids_sql(user=viewer)
        fellow = Membership.objects.filter(
            circle_id__in=my_circles, status=MembershipStatus.ACTIVE, user_id=OuterRef("owner_id")
        )
        from_circles = list(
            _cards(
                visible_listings(viewer=viewer)
                .filter(_shared_with(my_circles) | Exists(fellow))
                .exclude(owner_id=viewer.pk)
                .order_by("-published_at", "-id")
            )[:circle_limit]
        )
    recent = (
        visible_listings(viewer=viewer)
        .filter(visibility=Visibility.PUBLIC)
        .exclude(pk__in=[listing.pk for listing in from_circles])
        .order_by("-published_at", "-id")
    )
    if viewer.is_authenticated:
        recent = recent.exclude(owner_id=viewer.pk)
    return from_circles, list(_cards(recent)[:recent_limit])


def category_listings(*, viewer: Viewer, category: Category, tree: list[CategoryNode], page: int) -> Page:
    ids = category_and_descendant_ids(tree=tree, category=category)
    queryset = visible_listings(viewer=viewer).filter(category_id__in=ids).order_by("-published_at", "-id")
    with planned_for_their_values():
        return fetch_page(_cards(queryset), number=page)


def favourite_listings(*, viewer: Viewer, page: int) -> Page:
    """The viewer's favourites that they may still see, most recently saved first."""
    if not viewer.is_authenticated:
        return Page(items=[], number=1, has_next=False)
    saved = Favourite.objects.filter(user_id=viewer.pk, listing_id=OuterRef("pk"))
    queryset = (
        visible_listings(viewer=viewer, statuses=VIEWABLE_STATUSES)
        .filter(Exists(saved))
        .annotate(saved_at=saved.values("created_at")[:1])
        .order_by("-saved_at", "-id")
    )
    return fetch_page(_cards(queryset), number=page)


def my_listings(*, owner: User, status: str = "", page: int = 1) -> Page:
    """All of ``owner``'s listings (every status), the latest changed first."""
    queryset = Listing.objects.filter(owner_id=owner.pk)
    if status:
        queryset = queryset.filter(status=status)
    # "My listings" also says when each was published (or created, for drafts).
    cards = _cards(queryset.order_by("-updated_at", "-id"), also=("created_at", "published_at"))
    return fetch_page(cards, number=page)


def my_status_counts(*, owner: User) -> dict[str, int]:
    rows = Listing.objects.filter(owner_id=owner.pk).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def listing_pending_photos(*, listing: Listing) -> list[PendingPhoto]:
    """Its owner's photos still being prepared, and those refused (with why), oldest first."""
    return list(PendingPhoto.objects.filter(listing_id=listing.pk).defer("data").order_by("created_at", "id"))
