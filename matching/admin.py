"""Read-only admin for other desks' fact-checks: they are imported, never edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest

from matching.models import ExternalClaim, ExternalReview


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ExternalReviewInline(admin.TabularInline):
    model = ExternalReview
    fields = ("publisher", "rating", "review_date", "language", "url", "title")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExternalClaim)
class ExternalClaimAdmin(ReadOnlyAdmin):
    list_display = ("text", "claimant", "claim_date", "language", "review_count")
    list_filter = ("language",)
    search_fields = ("text", "claimant", "key")
    readonly_fields = (
        "key",
        "text",
        "claimant",
        "claim_date",
        "language",
        "created_at",
        "updated_at",
    )
    inlines = [ExternalReviewInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(n_reviews=Count("reviews"))

    @admin.display(description="Reviews", ordering="n_reviews")
    def review_count(self, obj: Any) -> int:
        return int(obj.n_reviews)


@admin.register(ExternalReview)
class ExternalReviewAdmin(ReadOnlyAdmin):
    list_display = ("publisher", "rating", "review_date", "language", "claim")
    list_filter = ("publisher", "language")
    search_fields = ("title", "publisher", "claim__text", "url")
    list_select_related = ("claim",)
    readonly_fields = (
        "claim", "key", "url", "publisher", "publisher_site", "title", "rating", "review_date",
        "language", "created_at", "updated_at",
    )  # fmt: skip
