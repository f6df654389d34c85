from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line

from .forms import SINGLE_LINE_FIELDS
from .models import Category, Favourite, Listing, ListingPhoto
from .search import update_search_vectors
from .services import forget_category_tree, listings_changed


class ListingPhotoInline(admin.TabularInline):
    """The photos, to look at: they change through the owner's pages only, whose services keep
    the cover (what cards show, and how the listing page knows there are photos) and the
    stored files in step. Moderators hide a listing that shows what it should not."""

    model = ListingPhoto
    extra = 0
    can_delete = False
    fields = ("position", "image", "thumbnail", "width", "height", "created_at")
    readonly_fields = fields
    ordering = ("position",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "kind", "intent", "status", "visibility", "price_label", "city", "published_at")
    list_filter = ("kind", "intent", "status", "visibility", "category__parent", "created_at")
    search_fields = ("title", "owner__email", "owner__last_name", "city", "postcode")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    autocomplete_fields = ("category",)
    filter_horizontal = ("circles",)
    readonly_fields = ("created_at", "updated_at", "published_at", "cover_thumbnail")
    date_hierarchy = "created_at"
    inlines = [ListingPhotoInline]
    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over every listing on each page

    @admin.display(description=_("price"))
    def price_label(self, listing: Listing) -> str:
        return listing.price_label

    def get_queryset(self, request: HttpRequest) -> QuerySet[Listing]:
        return super().get_queryset(request).defer("search_vector")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in SINGLE_LINE_FIELDS:
            field.validators.append(validate_single_line)  # as on the owner's form
        return field

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        update_search_vectors([form.instance.pk])  # an edit in the admin must be findable too
        listings_changed(listing_ids=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Listing) -> None:
        listings_changed(listing_ids=[obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        listings_changed(listing_ids=list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "name_en", "slug", "parent", "position")
    list_filter = ("parent",)
    search_fields = ("name_fr", "name_en", "slug")
    list_select_related = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("parent__position", "position")

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_category_tree()
        if change:  # its names are in the search vectors of its listings, and its children's
            update_search_vectors(
                Listing.objects.filter(Q(category=obj) | Q(category__parent=obj)).values_list("pk", flat=True)
            )

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        super().delete_model(request, obj)
        forget_category_tree()


@admin.register(Favourite)
class FavouriteAdmin(admin.ModelAdmin):
    list_display = ("user", "listing", "created_at")
    search_fields = ("user__email", "listing__title")
    list_select_related = ("user", "listing")
    raw_id_fields = ("user", "listing")
    readonly_fields = ("created_at",)
