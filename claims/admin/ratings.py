"""Rating scales and their ratings; what published fact-checks use stays."""

from __future__ import annotations

from django.contrib import admin, messages

from claims.models import Rating, RatingScale, Verdict, scale_in_public_use
from claims.services import verdict_approvals_recheck


def _recheck_scales(request, *scale_ids: int | None) -> None:
    """Approvals cover the rating scale's labels and values as readers will see them: a
    change to a scale sends the approved verdicts rated on it back to review."""
    verdict_approvals_recheck(
        verdicts=Verdict.objects.filter(rating__scale__in=[s for s in scale_ids if s]),
        actor=request.user,
    )


# --- Rating scales -----------------------------------------------------------------------


def _rating_deletable(rating: Rating) -> bool:
    """Neither a label a verdict uses nor a value that sets the range of a scale published
    fact-checks use may go (the model refuses the second; PROTECT the first)."""
    if rating.verdicts.exists():
        return False
    return rating.value is None or not scale_in_public_use(rating.scale_id)


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["order", "label", "value", "colour", "description"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # obj is the scale: once published fact-checks use it, its labels stay.
        if obj is not None and obj.pk and scale_in_public_use(obj.pk):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            _recheck_scales(request, form.instance.pk)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "scale", "value", "order"]
    list_filter = ["scale"]
    search_fields = ["label"]

    def save_model(self, request, obj, form, change):
        before = Rating.objects.filter(pk=obj.pk).values_list("scale_id", flat=True).first()
        super().save_model(request, obj, form, change)
        _recheck_scales(request, before, obj.scale_id)

    def delete_model(self, request, obj):
        scale_id = obj.scale_id
        super().delete_model(request, obj)
        _recheck_scales(request, scale_id)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not _rating_deletable(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk action deletes row by row through the same rule, never around it."""
        kept = []
        for rating in queryset.select_related("scale"):
            if _rating_deletable(rating):
                rating.delete()
                _recheck_scales(request, rating.scale_id)
            else:
                kept.append(rating.label)
        if kept:
            messages.error(
                request,
                f"Kept {', '.join(kept)}: verdicts or published fact-checks depend on them.",
            )
