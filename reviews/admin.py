"""Moderators see every review here, hidden ones included, with their private notes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Review, ReviewFlag, ReviewNotice, ReviewReply, TrustSummary, Vouch


class VisibilityFilter(admin.SimpleListFilter):
    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, Any]]:
        return [("hidden", _("hidden")), ("published", _("published")), ("removed", _("removed"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> QuerySet[Review]:
        if self.value() == "hidden":
            return queryset.filter(published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False, removed_at__isnull=True)
        if self.value() == "removed":
            return queryset.filter(removed_at__isnull=False)
        return queryset


class HasNoteFilter(admin.SimpleListFilter):
    title = _("private note")
    parameter_name = "note"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, Any]]:
        return [("yes", _("with a private note"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> QuerySet[Review]:
        return queryset.exclude(private_note="") if self.value() == "yes" else queryset


class ReplyInline(admin.StackedInline):
    model = ReviewReply
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "booking",
        "author",
        "subject",
        "rating",
        "visibility",
        "has_note",
        "created_at",
        "published_at",
    ]
    list_filter = [VisibilityFilter, "rating", HasNoteFilter, "created_at"]
    search_fields = ["comment", "private_note", "author__email", "subject__email", "booking__listing__title"]
    list_select_related = ["author", "subject", "booking"]
    readonly_fields = [
        "booking",
        "author",
        "subject",
        "rating",
        "comment",
        "private_note",
        "created_at",
        "published_at",
    ]
    fields = [*readonly_fields, "removed_at"]
    date_hierarchy = "created_at"
    inlines = [ReplyInline]

    @admin.display(description=_("visibility"))
    def visibility(self, obj: Review) -> str:
        return obj.visibility

    @admin.display(boolean=True, description=_("note"))
    def has_note(self, obj: Review) -> bool:
        return bool(obj.private_note)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # moderators remove a review (removed_at): recorded, and it stops counting


@admin.register(ReviewReply)
class ReviewReplyAdmin(admin.ModelAdmin):
    list_display = ["review", "author", "created_at"]
    search_fields = ["text", "author__email"]
    list_select_related = ["review", "author"]
    readonly_fields = ["review", "author", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the subject of a published review replies, from the site


@admin.register(ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin):
    list_display = ["review", "booking", "low_rating", "has_private_note", "created_at", "resolved_at"]
    list_filter = ["low_rating", "has_private_note", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["review", "booking"]
    readonly_fields = ["review", "booking", "low_rating", "has_private_note", "created_at", "private_note"]
    fields = [*readonly_fields, "resolved_at", "resolved_by"]
    raw_id_fields = ["resolved_by"]

    @admin.display(description=_("private note"))
    def private_note(self, obj: ReviewFlag) -> str:
        return obj.review.private_note

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a review with one star or a private note flags itself

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a flag is resolved, never deleted: the queue and the audit trail keep it


@admin.register(Vouch)
class VouchAdmin(admin.ModelAdmin):
    list_display = ["voucher", "vouchee", "text", "created_at", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["text", "voucher__email", "vouchee__email"]
    list_select_related = ["voucher", "vouchee"]
    raw_id_fields = ["voucher", "vouchee"]
    readonly_fields = ["voucher", "vouchee", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only a member who shares a circle or an exchange vouches, from the site

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a vouch is withdrawn (withdrawn_at), and the trust summaries count it so


@admin.register(TrustSummary)
class TrustSummaryAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "level",
        "rating_average",
        "rating_count",
        "bayesian_rating",
        "exchanges_as_owner",
        "exchanges_as_requester",
        "vouch_count",
        "computed_at",
    ]
    list_filter = ["level"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in TrustSummary._meta.fields if f.name != "last_sanction_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # computed for every member by trust_summaries_refresh

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewNotice)
class ReviewNoticeAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "booking", "created_at", "sent_at", "skipped"]
    list_filter = ["kind", "skipped", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "booking"]
    readonly_fields = ["booking", "user", "kind", "created_at", "sent_at", "skipped"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by the reviews services with the change they announce

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # one notice per booking, member and kind: deleted, the email would go out again
