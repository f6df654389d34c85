"""The moderators' workbench in the Django admin.

Every decision is an admin action that first shows a confirmation page asking for the reason
(and, for a suspension, an optional end), then calls one service of ``moderation.services``,
which records it in the audit trail and emails the member concerned. The queue page groups the
open reports by target; its buttons post to these same actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Block, User

from . import services
from .forms import DecisionForm
from .models import DataExport, FlaggedReview, MemberModeration, ModerationAction, Report, ReportStatus, TargetKind
from .selectors import moderation_queue

admin.site.index_template = "moderation/admin/index.html"


def _admin_link(obj: Any, label: str | None = None) -> str:
    if obj is None:
        return "—"
    opts = obj._meta
    if opts.model_name == "user":
        url = reverse("admin:moderation_membermoderation_change", args=[obj.pk])
    else:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


class DecisionMixin:
    """Admin actions that ask for a reason on an intermediate page, then call a service."""

    def _decide(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        *,
        title: str,
        targets: list[Any],
        apply: Callable[[DecisionForm], int],
        with_until: bool = False,
        danger: bool = True,
    ) -> HttpResponse | None:
        model_admin: admin.ModelAdmin = self  # type: ignore[assignment]
        if not targets:
            model_admin.message_user(request, gettext("This action does not apply to the selection."), messages.WARNING)
            return None
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if not with_until:
            del form.fields["until"]
        if form.is_valid():
            try:
                done = apply(form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                model_admin.message_user(
                    request, gettext("Done: %(count)s decision(s) recorded.") % {"count": done}, messages.SUCCESS
                )
                return None
        context = {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "form": form,
            "targets": targets,
            "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "danger": danger,
        }
        return TemplateResponse(request, "moderation/admin/decide.html", context)


class TargetKindFilter(admin.SimpleListFilter):
    title = _("target")
    parameter_name = "target"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, Any]]:
        return list(TargetKind.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        if self.value() in TargetKind.values:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Report)
class ReportAdmin(DecisionMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "status_badge",
        "target_kind_label",
        "target_link",
        "concerned_link",
        "reason",
        "reporters_on_target",
        "reporter_link",
        "created_at",
        "handled_at",
    ]
    list_display_links = ["pk"]
    list_filter = ["status", TargetKindFilter, "reason", "created_at"]
    search_fields = ["details", "reporter__email", "concerned__email", "concerned__last_name", "listing__title"]
    list_select_related = ["reporter", "concerned", "listing", "member", "review", "message", "handled_by"]
    readonly_fields = [
        "reporter_link",
        "target_link",
        "concerned_link",
        "reason",
        "details",
        "status",
        "created_at",
        "handled_at",
        "handled_by",
        "decisions",
    ]
    fields = tuple(readonly_fields)
    date_hierarchy = "created_at"
    actions = ["hide_listing", "remove_review", "suspend_member", "lift_suspension", "dismiss_reports"]
    change_list_template = "moderation/admin/report_change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        same_target = Report.objects.filter(status=ReportStatus.OPEN).filter(
            Q(listing_id=OuterRef("listing_id"), listing_id__isnull=False)
            | Q(member_id=OuterRef("member_id"), member_id__isnull=False)
            | Q(review_id=OuterRef("review_id"), review_id__isnull=False)
            | Q(message_id=OuterRef("message_id"), message_id__isnull=False)
        )
        reporters = same_target.order_by().values("status").annotate(n=Count("reporter_id", distinct=True)).values("n")
        # Annotate before ordering (ModelAdmin.get_queryset orders by get_ordering, which uses it).
        queryset = self.model._default_manager.annotate(
            target_reporters=Coalesce(Subquery(reporters[:1]), 0),
            closed=Case(When(status=ReportStatus.OPEN, then=Value(0)), default=Value(1)),
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # Open reports first, then grouped by target (most reported first), oldest first.
        return ["closed", "-target_reporters", "listing_id", "member_id", "review_id", "message_id", "created_at"]

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: Report) -> str:
        return obj.get_status_display()

    @admin.display(description=_("target"))
    def target_kind_label(self, obj: Report) -> str:
        return {"listing": gettext("Listing"), "member": gettext("Member"), "review": gettext("Review")}.get(
            obj.target_kind, gettext("Message")
        )

    @admin.display(description=_("reported"))
    def target_link(self, obj: Report) -> str:
        target = getattr(obj, obj.target_kind) if obj.target_kind else None
        if obj.target_kind == "message" and target is not None:
            return format_html("« {} »", target.body[:80])
        if obj.target_kind == "review" and target is not None:
            return _admin_link(target, f"{target.rating}★ {target.comment[:60]}")
        return _admin_link(target)

    @admin.display(description=_("member concerned"))
    def concerned_link(self, obj: Report) -> str:
        return _admin_link(obj.concerned, obj.concerned.email if obj.concerned else None)

    @admin.display(description=_("reporter"))
    def reporter_link(self, obj: Report) -> str:
        return _admin_link(obj.reporter, obj.reporter.email)

    @admin.display(description=_("distinct reporters (open)"), ordering="target_reporters")
    def reporters_on_target(self, obj: Report) -> int:
        return getattr(obj, "target_reporters", 0)

    @admin.display(description=_("decisions"))
    def decisions(self, obj: Report) -> str:
        rows = [f"{a.created_at:%Y-%m-%d %H:%M} · {a.get_kind_display()} · {a.reason}" for a in obj.actions.all()]
        return "\n".join(rows) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reports change only through the actions (services), never by hand

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("moderation.moderate")

    def get_urls(self) -> list[URLPattern]:
        return [
            path("queue/", self.admin_site.admin_view(self.queue_view), name="moderation_report_queue"),
            *super().get_urls(),
        ]

    def queue_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Report queue"),
            "opts": self.model._meta,
            "queue": moderation_queue(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "can_moderate": self.has_moderate_permission(request),
        }
        return TemplateResponse(request, "moderation/admin/queue.html", context)

    # --- actions ---
    def _open(self, queryset: QuerySet[Report]) -> list[Report]:
        return list(
            queryset.filter(status=ReportStatus.OPEN).select_related("listing", "listing__owner", "review", "concerned")
        )

    @admin.action(description=_("Hide the reported listing"), permissions=["moderate"])
    def hide_listing(self, request: HttpRequest, queryset: QuerySet[Report]) -> HttpResponse | None:
        reports = [r for r in self._open(queryset) if r.listing_id]
        listings = {r.listing_id: r.listing for r in reports if r.listing_id is not None}

        def apply(form: DecisionForm) -> int:
            for listing_id in listings:
                services.listing_hide(
                    moderator=request.user,  # type: ignore[arg-type]
                    listing_id=listing_id,
                    reason=form.cleaned_data["reason"],
                    report_ids=[r.pk for r in reports if r.listing_id == listing_id],
                )
            return len(listings)

        return self._decide(
            request, queryset, title=gettext("Hide listings"), targets=list(listings.values()), apply=apply
        )

    @admin.action(description=_("Remove the reported review"), permissions=["moderate"])
    def remove_review(self, request: HttpRequest, queryset: QuerySet[Report]) -> HttpResponse | None:
        reports = [r for r in self._open(queryset) if r.review_id]
        reviews = {r.review_id: r.review for r in reports if r.review_id is not None}

        def apply(form: DecisionForm) -> int:
            for review_id in reviews:
                services.review_remove(
                    moderator=request.user,  # type: ignore[arg-type]
                    review_id=review_id,
                    reason=form.cleaned_data["reason"],
                    report_ids=[r.pk for r in reports if r.review_id == review_id],
                )
            return len(reviews)

        return self._decide(
            request, queryset, title=gettext("Remove reviews"), targets=list(reviews.values()), apply=apply
        )

    @admin.action(description=_("Suspend the member concerned"), permissions=["moderate"])
    def suspend_member(self, request: HttpRequest, queryset: QuerySet[Report]) -> HttpResponse | None:
        reports = [r for r in self._open(queryset) if r.concerned_id]
        members: dict[int | None, User | None] = {r.concerned_id: r.concerned for r in reports}
        return _suspend(self, request, queryset, members, reports)

    @admin.action(description=_("Lift the suspension of the member concerned"), permissions=["moderate"])
    def lift_suspension(self, request: HttpRequest, queryset: QuerySet[Report]) -> HttpResponse | None:
        members: dict[int | None, User | None] = {
            r.concerned_id: r.concerned for r in queryset.select_related("concerned") if r.concerned_id
        }
        return _lift(self, request, queryset, members)

    @admin.action(description=_("Dismiss the reports (nothing to sanction)"), permissions=["moderate"])
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet[Report]) -> HttpResponse | None:
        reports = self._open(queryset)

        def apply(form: DecisionForm) -> int:
            services.reports_dismiss(
                moderator=request.user,  # type: ignore[arg-type]
                report_ids=[r.pk for r in reports],
                reason=form.cleaned_data["reason"],
            )
            return len(reports)

        return self._decide(
            request, queryset, title=gettext("Dismiss reports"), targets=reports, apply=apply, danger=False
        )


def _suspend(
    model_admin: DecisionMixin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    members: dict[int | None, User | None],
    reports: list[Report],
) -> HttpResponse | None:
    def apply(form: DecisionForm) -> int:
        for member_id in members:
            assert member_id is not None
            services.member_suspend(
                moderator=request.user,  # type: ignore[arg-type]
                member_id=member_id,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data.get("until"),
                report_ids=[r.pk for r in reports if r.concerned_id == member_id],
            )
        return len(members)

    return model_admin._decide(
        request,
        queryset,
        title=gettext("Suspend members"),
        targets=[m for m in members.values() if m is not None],
        apply=apply,
        with_until=True,
    )


def _lift(
    model_admin: DecisionMixin, request: HttpRequest, queryset: QuerySet[Any], members: dict[int | None, User | None]
) -> HttpResponse | None:
    suspended = {pk: m for pk, m in members.items() if m is not None and m.is_suspended}

    def apply(form: DecisionForm) -> int:
        for member_id in suspended:
            assert member_id is not None
            services.member_lift_suspension(
                moderator=request.user,  # type: ignore[arg-type]
                member_id=member_id,
                reason=form.cleaned_data["reason"],
            )
        return len(suspended)

    return model_admin._decide(
        request,
        queryset,
        title=gettext("Lift suspensions"),
        targets=list(suspended.values()),
        apply=apply,
        danger=False,
    )


@admin.register(MemberModeration)
class MemberModerationAdmin(DecisionMixin, admin.ModelAdmin):
    """Members as moderators see them: identity, suspension, reports; no password, no permissions."""

    list_display = [
        "email",
        "public_name",
        "city",
        "is_active",
        "is_suspended",
        "suspended_until",
        "open_reports",
        "date_joined",
    ]
    list_filter = ["is_suspended", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name", "city"]
    readonly_fields = [
        "email",
        "first_name",
        "last_name",
        "city",
        "bio",
        "date_joined",
        "last_login",
        "is_active",
        "is_suspended",
        "suspended_until",
        "suspension_reason",
        "history",
    ]
    fields = tuple(readonly_fields)
    actions = ["suspend_member", "lift_suspension"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MemberModeration]:
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports_received", filter=Q(reports_received__status=ReportStatus.OPEN)))
        )

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj: Any) -> int:
        return getattr(obj, "open_report_count", 0)

    @admin.display(description=_("moderation history"))
    def history(self, obj: User) -> str:
        rows = [
            f"{a.created_at:%Y-%m-%d %H:%M} · {a.get_kind_display()} · {a.reason}"
            for a in ModerationAction.objects.filter(member_id=obj.pk)[:20]
        ]
        return "\n".join(rows) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("moderation.moderate")

    @admin.action(description=_("Suspend these members"), permissions=["moderate"])
    def suspend_member(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        members: dict[int | None, User | None] = {m.pk: m for m in queryset}
        return _suspend(self, request, queryset, members, [])

    @admin.action(description=_("Lift the suspension of these members"), permissions=["moderate"])
    def lift_suspension(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        members: dict[int | None, User | None] = {m.pk: m for m in queryset}
        return _lift(self, request, queryset, members)


@admin.register(FlaggedReview)
class FlaggedReviewAdmin(DecisionMixin, admin.ModelAdmin):
    """Reviews flagged by the reviews app (1 star or a private note), to read and decide on."""

    list_display = ["pk", "review_link", "rating", "low_rating", "has_private_note", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "low_rating", "has_private_note"]
    list_select_related = ["review", "booking"]
    readonly_fields = [
        "review_link",
        "booking",
        "comment",
        "private_note",
        "low_rating",
        "has_private_note",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    fields = tuple(readonly_fields)
    actions = ["remove_review", "resolve_flag"]

    @admin.display(description=_("review"))
    def review_link(self, obj: FlaggedReview) -> str:
        return _admin_link(obj.review, f"#{obj.review_id}")

    @admin.display(description=_("rating"))
    def rating(self, obj: FlaggedReview) -> int:
        return obj.review.rating

    @admin.display(description=_("comment"))
    def comment(self, obj: FlaggedReview) -> str:
        return obj.review.comment

    @admin.display(description=_("private note"))
    def private_note(self, obj: FlaggedReview) -> str:
        return obj.review.private_note

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("moderation.moderate")

    @admin.action(description=_("Remove the review"), permissions=["moderate"])
    def remove_review(self, request: HttpRequest, queryset: QuerySet[FlaggedReview]) -> HttpResponse | None:
        flags = list(queryset.select_related("review"))

        def apply(form: DecisionForm) -> int:
            for flag in flags:
                services.review_remove(
                    moderator=request.user,  # type: ignore[arg-type]
                    review_id=flag.review_id,
                    reason=form.cleaned_data["reason"],
                )
            return len(flags)

        return self._decide(
            request, queryset, title=gettext("Remove reviews"), targets=[f.review for f in flags], apply=apply
        )

    @admin.action(description=_("Looked at: leave the review"), permissions=["moderate"])
    def resolve_flag(self, request: HttpRequest, queryset: QuerySet[FlaggedReview]) -> HttpResponse | None:
        flags = list(queryset.filter(resolved_at__isnull=True).select_related("review"))

        def apply(form: DecisionForm) -> int:
            for flag in flags:
                services.flag_resolve(
                    moderator=request.user,  # type: ignore[arg-type]
                    flag_id=flag.pk,
                    reason=form.cleaned_data["reason"],
                )
            return len(flags)

        return self._decide(
            request,
            queryset,
            title=gettext("Close flags"),
            targets=[f.review for f in flags],
            apply=apply,
            danger=False,
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit trail: read-only for everyone, superusers included."""

    list_display = ["created_at", "kind", "moderator_name", "member_link", "listing", "review", "short_reason"]
    list_filter = ["kind", "created_at", ("moderator", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "member__email", "moderator__email", "listing__title"]
    list_select_related = ["moderator", "member", "listing", "review"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "kind",
        "moderator",
        "member",
        "listing",
        "review",
        "reason",
        "previous_status",
        "suspended_until",
        "reports",
    ]
    fields = tuple(readonly_fields)

    @admin.display(description=_("moderator"))
    def moderator_name(self, obj: ModerationAction) -> str:
        return obj.moderator.email if obj.moderator else gettext("the site")

    @admin.display(description=_("member concerned"))
    def member_link(self, obj: ModerationAction) -> str:
        return _admin_link(obj.member, obj.member.email if obj.member else None)

    @admin.display(description=_("reason"))
    def short_reason(self, obj: ModerationAction) -> str:
        return obj.reason[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "created_at", "ready_at", "expires_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "status", "created_at", "ready_at", "expires_at"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the row names the file: the purge task deletes both when the link expires


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__email", "blocked__email"]
    list_select_related = ["blocker", "blocked"]
    readonly_fields = ["blocker", "blocked", "created_at"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
