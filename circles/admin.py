from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Circle, Invitation, InvitationState, Membership, MembershipStatus


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "joined_at", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    show_change_link = True


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "join_policy", "city", "member_count", "pending_count", "is_closed", "created_at"]
    list_filter = ["kind", "join_policy", "is_closed"]
    search_fields = ["name", "slug", "city", "description"]
    readonly_fields = ["created_at", "created_by"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "created_at"
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Circle]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
                pending_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.PENDING)),
            )
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, circle: Any) -> int:
        return int(circle.member_count)

    @admin.display(description=_("pending requests"), ordering="pending_count")
    def pending_count(self, circle: Any) -> int:
        return int(circle.pending_count)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "circle", "role", "status", "created_at", "joined_at"]
    list_filter = ["role", "status", "circle__kind"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "circle__name"]
    list_select_related = ["user", "circle"]
    raw_id_fields = ["user", "circle"]
    readonly_fields = ["created_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["circle", "label", "created_by", "created_at", "expires_at", "use_count", "max_uses", "state"]
    list_filter = ["circle__join_policy", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["circle__name", "label", "created_by__email"]
    list_select_related = ["circle", "created_by"]
    raw_id_fields = ["circle", "created_by"]
    readonly_fields = ["token", "created_at", "use_count"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # links are made on the circle's invitations page, which generates the token

    @admin.display(description=_("state"))
    def state(self, invitation: Invitation) -> str:
        return str(InvitationState(invitation.state).label)
