from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Booking, BookingTransition, Conversation, Message, Notification


class BookingTransitionInline(admin.TabularInline):
    model = BookingTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "from_state", "to_state", "action", "actor", "note"]
    readonly_fields = ["created_at", "from_state", "to_state", "action", "actor", "note"]
    raw_id_fields = ["actor"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["id", "listing", "kind", "state", "owner", "requester", "start_date", "end_date", "created_at"]
    list_filter = ["state", "kind", "created_at"]
    search_fields = ["listing__title", "owner__email", "requester__email", "=id"]
    raw_id_fields = ["listing", "owner", "requester", "offered_listing"]
    readonly_fields = ["state", "created_at", "updated_at", "answered_at", "completed_at"]
    date_hierarchy = "created_at"
    list_select_related = ["listing", "owner", "requester"]
    inlines = [BookingTransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a member requests, and the state machine records every step

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # with it would go its reviews, its conversation and both members' history


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_at", "sender", "body"]
    readonly_fields = ["created_at", "sender"]
    raw_id_fields = ["sender"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # members write; the unread counters and emails follow their messages only


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "listing", "owner", "member", "booking", "last_message_at"]
    list_filter = [("booking", admin.EmptyFieldListFilter)]
    search_fields = ["listing__title", "owner__email", "member__email"]
    raw_id_fields = ["listing", "owner", "member", "booking"]
    readonly_fields = ["created_at", "last_message_at", "owner_unread", "member_unread"]
    list_select_related = ["listing", "owner", "member", "booking"]
    inlines = [MessageInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a question or a booking opens one


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "recipient", "outcome", "attempts", "created_at", "deliver_after", "sent_at"]
    list_filter = ["outcome", "kind", "created_at"]
    search_fields = ["recipient__email", "=booking__id"]
    raw_id_fields = ["recipient", "booking", "conversation"]
    readonly_fields = ["created_at", "sent_at", "attempts", "last_error"]
    list_select_related = ["recipient"]
    actions = ["deliver_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written with the change it announces; by hand it would email anyone anything

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the outbox is the record of what members were told

    @admin.action(description=_("Deliver now (if still pending)"))
    def deliver_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from .notifications import deliver

        for notification_id in queryset.values_list("pk", flat=True):
            deliver(notification_id)
