"""Read-only admin for other desks' fact-checks (imported, never edited here) and for
intake's "possible duplicate of …" marks, with the "checked before?" panel's merge page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims.models import Claim
from factcheck.lib.matching.numbers import number_difference
from matching.models import ExternalClaim, ExternalReview, PossibleDuplicate
from matching.services import claim_merge_matched


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


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(ReadOnlyAdmin):
    list_display = ("claim", "of", "similarity", "number_warning", "created_at")
    list_select_related = ("claim", "of")
    readonly_fields = ("claim", "of", "similarity", "number_warning", "created_at")

    def get_urls(self):
        return [
            path(
                "merge/<int:pk>/into/<int:into>/",
                self.admin_site.admin_view(self.merge_view),
                name="matching_possibleduplicate_merge",
            ),
            *super().get_urls(),
        ]

    def merge_view(self, request: HttpRequest, pk: int, into: int) -> HttpResponse:
        """Confirm, then merge claim ``pk`` into claim ``into`` (the service checks the
        permission again and refuses a number difference the user did not confirm)."""
        if not (
            request.user.has_perm("claims.view_claim")
            and request.user.has_perm("claims.merge_claim")
        ):
            raise PermissionDenied
        duplicate = get_object_or_404(Claim, pk=pk)
        target = get_object_or_404(Claim, pk=into)
        difference = number_difference(target.text, duplicate.text)
        if request.method == "POST":
            try:
                claim_merge_matched(
                    duplicate=duplicate,
                    into=target,
                    actor=request.user,
                    numbers_confirmed=request.POST.get("numbers_confirmed") == "1",
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Merged “{duplicate}” into this claim.")
                return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[target.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge into a matching claim",
            "opts": self.opts,
            "duplicate": duplicate,
            "into": target,
            "number_warning": None if difference is None else difference.message,
        }
        return TemplateResponse(request, "admin/matching/merge_confirm.html", context)
