"""Changes to listings, their photos and favourites. Only the owner changes a listing.

Every service locks the listing row it decides on, validates with ``full_clean()`` (the same
rules the database constraints enforce), and deletes stored files only after commit.

Photos arrive in two steps: the page that receives them only checks their headers and keeps
their bytes (``PendingPhoto``); a worker decodes, cleans and stores them (``photos_prepare``),
so that no web process spends seconds decoding eight phone photos. With eager tasks
(development, tests) they are prepared at once, in the request.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.images import LISTING_SIZES, delete_stored, inspect_image, prepare_image, read_upload, store_prepared
from accounts.models import User
from circles.models import Circle
from circles.selectors import circle_ids_for_user
from marketplace.cache import bump_after_commit, delete_after_commit

from .models import (
    MAX_PHOTOS,
    Favourite,
    Kind,
    Listing,
    ListingPhoto,
    PendingPhoto,
    PriceUnit,
    Status,
    Visibility,
)
from .search import update_search_vectors
from .selectors import CATEGORIES_VERSION, CATEGORY_TREE_KEY, LISTINGS_VERSION, listing_version

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "kind",
    "intent",
    "title",
    "description",
    "category",
    "condition",
    "price",
    "price_unit",
    "deposit",
    "swap_wanted",
    "city",
    "postcode",
    "visibility",
)
# Moving a photo first shifts every photo of the listing out of the way of the unique
# (listing, position) constraint, then writes the final positions.
_POSITION_SHIFT = 100


# --- What the cache must forget -------------------------------------------------------------


def listings_changed(*, listing_ids: Iterable[int] = (), owner_ids: Iterable[int] = ()) -> None:
    """After a change to these listings (or to all of these owners' listings: a suspension, a
    deletion, their trust), once the transaction commits: every list of listings, and each of
    these listings' pages, are drawn afresh. Every writer of listings calls it, whatever its app."""
    ids = set(listing_ids)
    owner_ids = list(owner_ids)
    if owner_ids:
        ids.update(Listing.objects.filter(owner_id__in=owner_ids).values_list("pk", flat=True))
    bump_after_commit(LISTINGS_VERSION, *(listing_version(pk) for pk in sorted(ids)))


def forget_category_tree() -> None:
    """After a category changed (the admin): the tree and every page showing it are drawn afresh."""
    delete_after_commit([CATEGORY_TREE_KEY])
    bump_after_commit(LISTINGS_VERSION, CATEGORIES_VERSION)


# --- Helpers ---------------------------------------------------------------------------------


def _lock(listing: Listing, *, user: User) -> Listing:
    """Re-read the listing under a row lock and check ``user`` owns it.

    The lock serialises concurrent changes of one listing (two tabs publishing and closing,
    two photo uploads racing past the limit of 8).
    """
    locked = Listing.objects.select_for_update().get(pk=listing.pk)
    if locked.owner_id != user.pk:
        raise PermissionDenied("Only the owner changes a listing.")
    return locked


def _drop_fields_of_other_kinds(listing: Listing) -> None:
    """Clear what the kind does not use, so switching kind never leaves a forbidden value."""
    if listing.kind in (Kind.GIVE, Kind.SWAP):
        listing.price, listing.price_unit = None, PriceUnit.NONE
    if listing.kind != Kind.LEND:
        listing.deposit = None
    if listing.kind != Kind.SWAP:
        listing.swap_wanted = ""
    if listing.kind == Kind.SERVICE:
        listing.condition = ""


def _check_circles(*, owner: User, visibility: str, circles: Sequence[Circle]) -> list[Circle]:
    """The circles to share with; the owner must actively belong to every one of them."""
    if visibility != Visibility.CIRCLES:
        return []
    if not circles:
        raise ValidationError({"circles": _("Choose at least one of your circles, or show it to everyone.")})
    allowed = set(circle_ids_for_user(user=owner))
    foreign = [circle for circle in circles if circle.pk not in allowed]
    if foreign:
        raise ValidationError(
            {"circles": _("You are not a member of %(names)s.") % {"names": ", ".join(c.name for c in foreign)}}
        )
    return list(circles)


def _photo_count(listing: Listing) -> int:
    """Its photos, and those still being prepared (a refused one no longer counts)."""
    return listing.photos.count() + PendingPhoto.objects.filter(listing_id=listing.pk, error="").count()


def _check_photo_room(listing: Listing, adding: int) -> None:
    existing = _photo_count(listing)
    if existing + adding > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("A listing has at most %(max)d photos: you can add %(left)d more.")
                % {"max": MAX_PHOTOS, "left": max(0, MAX_PHOTOS - existing)}
            }
        )


def _queue_photos(listing: Listing, uploads: Iterable[Any]) -> None:
    """Keep the uploads' bytes for a worker, in the caller's transaction; the worker is asked once
    it commits (at once, here, with eager tasks). Their headers are checked first (cheap): a file
    that is no image refuses the whole change, as the form would."""
    queued = 0
    for upload in uploads:  # one at a time: a single upload's bytes in memory, not eight
        name = str(getattr(upload, "name", "") or "")[:200]
        try:
            data = read_upload(upload)
            inspect_image(data)
        except ValidationError as exc:
            raise ValidationError(
                {"photos": _("%(name)s: %(error)s") % {"name": name, "error": " ".join(exc.messages)}}
            ) from exc
        PendingPhoto.objects.create(listing=listing, name=name, data=data)
        queued += 1
    if not queued:
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        photos_prepare(listing_id=listing.pk)
    else:
        transaction.on_commit(lambda: _enqueue_prepare(listing.pk))


def _enqueue_prepare(listing_id: int) -> None:
    """Hand the photos to a worker; with the broker down, the periodic task prepares them later."""
    from .tasks import prepare_photos

    try:
        prepare_photos.delay(listing_id)
    except Exception:  # noqa: BLE001 — the owner's change is saved; a broker away must not undo it
        logger.warning("photos of listing %s not enqueued; the periodic task will prepare them", listing_id)


@contextmanager
def _atomic_with_files() -> Iterator[list[str]]:
    """``transaction.atomic()`` that removes the files stored inside it when it rolls back."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        delete_stored(*stored)
        raise


def _refresh_cover(listing: Listing) -> None:
    cover = ListingPhoto.objects.filter(listing_id=listing.pk).order_by("position", "id").first()
    listing.cover_thumbnail = cover.thumbnail.name if cover else ""
    listing.updated_at = timezone.now()  # cards are cached under (id, updated_at)
    Listing.objects.filter(pk=listing.pk).update(cover_thumbnail=listing.cover_thumbnail, updated_at=listing.updated_at)
    listings_changed(listing_ids=[listing.pk])


def _renumber(listing: Listing, ordered: list[ListingPhoto]) -> None:
    ListingPhoto.objects.filter(listing_id=listing.pk).update(position=F("position") + _POSITION_SHIFT)
    for position, photo in enumerate(ordered):
        photo.position = position
        ListingPhoto.objects.filter(pk=photo.pk).update(position=position)
    _refresh_cover(listing)


def _check_publishable(listing: Listing) -> None:
    if listing.status == Status.REMOVED:
        raise ValidationError(_("This listing was removed by the moderators."))
    if listing.visibility == Visibility.CIRCLES:
        _check_circles(owner=listing.owner, visibility=listing.visibility, circles=list(listing.circles.all()))


# --- Listings --------------------------------------------------------------------------------


def listing_create(
    *,
    owner: User,
    values: Mapping[str, Any],
    circles: Sequence[Circle] = (),
    photos: Sequence[Any] = (),
    publish: bool = False,
) -> Listing:
    """Create a listing (a draft, or published at once) with its circles and photos.

    Raises ValidationError (field errors fit for a form) for anything the rules refuse; then
    nothing is kept, neither row nor file.
    """
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("A listing has at most %(max)d photos.") % {"max": MAX_PHOTOS}})
    listing = Listing(owner=owner, **{name: values[name] for name in EDITABLE_FIELDS if name in values})
    chosen = _check_circles(owner=owner, visibility=listing.visibility, circles=circles)
    if publish:
        listing.status = Status.ACTIVE
        listing.published_at = timezone.now()
    listing.full_clean()
    with transaction.atomic():
        listing.save()
        if chosen:
            listing.circles.set(chosen)
        update_search_vectors([listing.pk])
        listings_changed(listing_ids=[listing.pk])
        _queue_photos(listing, photos)
    return listing


def listing_update(
    *,
    listing: Listing,
    user: User,
    values: Mapping[str, Any],
    circles: Sequence[Circle] = (),
    photos: Sequence[Any] = (),
) -> Listing:
    """Change a listing's fields (and its circles); new photos are added after the others."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        if locked.status == Status.REMOVED:
            raise ValidationError(_("This listing was removed by the moderators and cannot be changed."))
        previous_kind = locked.kind
        for name in (name for name in EDITABLE_FIELDS if name in values):
            setattr(locked, name, values[name])
        if locked.kind != previous_kind:
            _drop_fields_of_other_kinds(locked)
        chosen = _check_circles(owner=user, visibility=locked.visibility, circles=circles)
        _check_photo_room(locked, len(photos))
        locked.full_clean()
        locked.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
        locked.circles.set(chosen)
        update_search_vectors([locked.pk])
        listings_changed(listing_ids=[locked.pk])
        _queue_photos(locked, photos)
    return locked


def _next_position(listing: Listing) -> int:
    last = ListingPhoto.objects.filter(listing_id=listing.pk).order_by("-position").first()
    return 0 if last is None else last.position + 1


def _set_status(listing: Listing, *, user: User, allowed_from: Iterable[str], to: str) -> Listing:
    with transaction.atomic():
        locked = _lock(listing, user=user)
        if locked.status == to:
            return locked  # a double submit changes nothing
        if locked.status not in allowed_from:
            raise ValidationError(
                _("A listing that is “%(status)s” cannot be changed this way.")
                % {"status": locked.get_status_display()}
            )
        first_publication = to == Status.ACTIVE and locked.published_at is None
        if to == Status.ACTIVE:
            _check_publishable(locked)
        if first_publication:
            locked.published_at = timezone.now()
        locked.status = to
        locked.full_clean()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        listings_changed(listing_ids=[locked.pk])
    return locked


def listing_publish(*, listing: Listing, user: User) -> Listing:
    """Publish a draft, or make a paused, reserved or closed listing available again."""
    return _set_status(
        listing,
        user=user,
        allowed_from=(Status.DRAFT, Status.PAUSED, Status.RESERVED, Status.CLOSED),
        to=Status.ACTIVE,
    )


def listing_pause(*, listing: Listing, user: User) -> Listing:
    """Hide a listing for a while (holidays, lent out elsewhere); it keeps its date."""
    return _set_status(listing, user=user, allowed_from=(Status.ACTIVE, Status.RESERVED), to=Status.PAUSED)


def listing_mark_reserved(*, listing: Listing, user: User) -> Listing:
    """Mark a published listing as reserved (someone is taking it). Bookings call this too."""
    return _set_status(listing, user=user, allowed_from=(Status.ACTIVE,), to=Status.RESERVED)


def listing_close(*, listing: Listing, user: User) -> Listing:
    """Close a listing for good (sold, given, no longer lent)."""
    return _set_status(
        listing, user=user, allowed_from=(Status.ACTIVE, Status.PAUSED, Status.RESERVED), to=Status.CLOSED
    )


def listing_delete_draft(*, listing: Listing, user: User) -> None:
    """Delete a draft and its photo files. Published listings are closed, never deleted."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        if locked.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be deleted; close a published listing instead."))
        names = [name for photo in locked.photos.all() for name in (photo.image.name, photo.thumbnail.name)]
        listings_changed(listing_ids=[locked.pk])
        locked.delete()
        transaction.on_commit(lambda: delete_stored(*names))


# --- Photos ----------------------------------------------------------------------------------


def photo_add(*, listing: Listing, user: User, uploads: Sequence[Any]) -> list[ListingPhoto]:
    """Add photos after the existing ones (8 at most in all, those being prepared included).

    Returns the photos already added: all of them with eager tasks, none while a worker prepares them.
    """
    with transaction.atomic():
        locked = _lock(listing, user=user)
        _check_photo_room(locked, len(uploads))
        start = _next_position(locked)
        _queue_photos(locked, uploads)
        return list(locked.photos.filter(position__gte=start).order_by("position"))


def photos_prepare(*, listing_id: int) -> int:
    """Decode, clean and store the listing's waiting photos after its others; how many were added.

    The heavy part runs outside any transaction: the listing row is locked only to attach each
    stored photo, so its owner and its requesters are not kept waiting. Two runs at once (the
    task and the periodic one) may both decode a photo; the first to attach it wins, the other
    removes its files. A photo that cannot be used keeps the reason, in its owner's language,
    and loses its bytes.
    """
    added = 0
    for pending_id, name, language in PendingPhoto.objects.filter(listing_id=listing_id, error="").values_list(
        "pk", "name", "listing__owner__preferred_language"
    ):
        data = PendingPhoto.objects.filter(pk=pending_id).values_list("data", flat=True).first()
        if data is None:
            continue  # attached by another run, or its listing deleted
        try:
            stored = store_prepared(prepare_image(bytes(data), sizes=LISTING_SIZES), folder=f"listings/{listing_id}")
        except ValidationError as exc:
            with translation.override(language or settings.LANGUAGE_CODE):
                reason = _("%(name)s: %(error)s") % {"name": name, "error": " ".join(exc.messages)}
            PendingPhoto.objects.filter(pk=pending_id).update(error=reason[:500], data=b"")
            continue
        if _attach(listing_id, pending_id, stored.display_name, stored.thumbnail_name, stored.width, stored.height):
            added += 1
        else:
            delete_stored(stored.display_name, stored.thumbnail_name)
    return added


def _attach(listing_id: int, pending_id: int, image: str, thumbnail: str, width: int, height: int) -> bool:
    """Make a stored photo the listing's next one, unless another run did (or the listing went)."""
    with _atomic_with_files() as stored:
        stored.extend((image, thumbnail))
        listing = Listing.objects.select_for_update().filter(pk=listing_id).first()
        pending = PendingPhoto.objects.select_for_update().filter(pk=pending_id, error="").only("pk").first()
        if listing is None or pending is None:
            return False
        ListingPhoto.objects.create(
            listing=listing,
            image=image,
            thumbnail=thumbnail,
            width=width,
            height=height,
            position=_next_position(listing),
        )
        pending.delete()
        _refresh_cover(listing)
    return True


def pending_photos_forget_refused(*, listing: Listing, user: User) -> None:
    """The owner was told why these photos could not be used: they go."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        PendingPhoto.objects.filter(listing_id=locked.pk).exclude(error="").delete()


def photos_prepare_waiting(*, older_than: datetime.timedelta = datetime.timedelta(minutes=2)) -> int:
    """The safety net: prepare the photos still waiting (broker down, worker killed)."""
    cutoff = timezone.now() - older_than
    listing_ids = (
        PendingPhoto.objects.filter(error="", created_at__lte=cutoff)
        .order_by("listing_id")
        .values_list("listing_id", flat=True)
        .distinct()[:50]
    )
    return sum(photos_prepare(listing_id=listing_id) for listing_id in list(listing_ids))


def _photos_of(listing: Listing) -> list[ListingPhoto]:
    return list(ListingPhoto.objects.filter(listing_id=listing.pk).order_by("position", "id"))


def _photo_of(photos: list[ListingPhoto], photo_id: int) -> ListingPhoto:
    for photo in photos:
        if photo.pk == photo_id:
            return photo
    raise ListingPhoto.DoesNotExist


def photo_move(*, listing: Listing, user: User, photo_id: int, offset: int) -> None:
    """Move a photo up (-1) or down (+1) in the order; the first one is the cover."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        photos = _photos_of(locked)
        photo = _photo_of(photos, photo_id)
        index = photos.index(photo)
        target = max(0, min(len(photos) - 1, index + offset))
        if target == index:
            return
        photos.insert(target, photos.pop(index))
        _renumber(locked, photos)


def photo_set_cover(*, listing: Listing, user: User, photo_id: int) -> None:
    """Make a photo the cover (first position); the others keep their order."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        photos = _photos_of(locked)
        photo = _photo_of(photos, photo_id)
        photos.remove(photo)
        _renumber(locked, [photo, *photos])


def photo_reorder(*, listing: Listing, user: User, photo_ids: Sequence[int]) -> None:
    """Put the photos in the given order (the ids of all of the listing's photos)."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        photos = _photos_of(locked)
        if sorted(photo_ids) != sorted(photo.pk for photo in photos):
            raise ValidationError(_("The photos have changed meanwhile: reload the page and try again."))
        by_id = {photo.pk: photo for photo in photos}
        _renumber(locked, [by_id[photo_id] for photo_id in photo_ids])


def photo_delete(*, listing: Listing, user: User, photo_id: int) -> None:
    """Delete a photo and its files; the next one becomes the cover if it was the cover."""
    with transaction.atomic():
        locked = _lock(listing, user=user)
        photos = _photos_of(locked)
        photo = _photo_of(photos, photo_id)
        names = (photo.image.name, photo.thumbnail.name)
        photo.delete()
        photos.remove(photo)
        _renumber(locked, photos)
        transaction.on_commit(lambda: delete_stored(*names))


# --- Favourites ------------------------------------------------------------------------------


def favourite_add(*, user: User, listing: Listing) -> Favourite:
    """Save a listing the member can see (the view fetched it through the visibility selector)."""
    if listing.owner_id == user.pk:
        raise ValidationError(_("This is your own listing."))
    try:
        with transaction.atomic():
            favourite, _created = Favourite.objects.get_or_create(user=user, listing=listing)
    except IntegrityError:  # a double click raced past get_or_create
        favourite = Favourite.objects.get(user=user, listing=listing)
    return favourite


def favourite_remove(*, user: User, listing: Listing) -> None:
    Favourite.objects.filter(user_id=user.pk, listing_id=listing.pk).delete()


# --- Account deletion: what listings erases (moderation.services.account_delete calls each app) --


def owner_listings_erase(*, owner: User, identifiers: Sequence[str], mask: str) -> list[str]:
    """What listings erases when a member leaves; returns the photo files to delete after commit.

    Erased: their drafts (never shown to anyone), the description and the wishes of each of their
    other listings, which are taken down (status "removed"), their photos (rows and files) and those
    still being prepared (whose bytes carry EXIF and GPS), their favourites, and their name or
    contact details in a title.
    Kept: each published listing's row, title, kind, price and place: the other members' bookings
    point at it and show it.
    """
    from accounts.services import mask_identity

    with transaction.atomic():
        listings = list(Listing.objects.select_for_update().filter(owner_id=owner.pk).only("pk", "title", "status"))
        ids = [listing.pk for listing in listings]
        listings_changed(listing_ids=ids)
        photos = ListingPhoto.objects.filter(listing_id__in=ids)
        files = [name for pair in photos.values_list("image", "thumbnail") for name in pair if name]
        photos.delete()
        PendingPhoto.objects.filter(listing_id__in=ids).delete()
        Favourite.objects.filter(user_id=owner.pk).delete()
        drafts = {listing.pk for listing in listings if listing.status == Status.DRAFT}
        Listing.objects.filter(pk__in=drafts).delete()
        listings = [listing for listing in listings if listing.pk not in drafts]
        ids = [listing.pk for listing in listings]
        Listing.objects.filter(pk__in=ids).update(
            status=Status.REMOVED, description="", swap_wanted="", cover_thumbnail="", updated_at=timezone.now()
        )
        for listing in listings:
            title = mask_identity(listing.title, identifiers=identifiers, mask=mask)
            if title != listing.title:
                Listing.objects.filter(pk=listing.pk).update(title=title[:100])
        update_search_vectors(ids)  # the words of the descriptions leave the search too
    return files
