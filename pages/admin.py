from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage, Page
from .services import PAGE_FIELDS, contact_mark_handled, page_update


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """The four pages exist from the start (a data migration): staff edit them, never add or delete."""

    list_display = ("__str__", "title_fr", "title_en", "updated_at", "updated_by")
    fields = ("title_fr", "body_fr", "title_en", "body_en", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Page, form: ModelForm, change: bool) -> None:
        editor = request.user if request.user.is_authenticated else None
        page_update(page=obj, editor=editor, values={name: form.cleaned_data[name] for name in PAGE_FIELDS})


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "name", "email", "sender", "handled_at")
    list_filter = ("topic", ("handled_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "email", "body")
    readonly_fields = ("topic", "name", "email", "body", "sender", "language", "created_at", "handled_at")
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        for message in queryset:
            contact_mark_handled(message=message)
