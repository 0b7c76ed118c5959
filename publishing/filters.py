"""Query-string filters of the public fact-check list (validated by django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from claims.models import Appearance, Claim, Verdict
from publishing.selectors import search_claims


class FactCheckFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, help_text="Full-text search in the claim."
    )
    rating = django_filters.CharFilter(
        field_name="rating__label", lookup_expr="iexact", help_text="Rating label, e.g. False."
    )
    scale = django_filters.CharFilter(field_name="rating__scale__slug", help_text="Scale slug.")
    speaker = django_filters.CharFilter(
        field_name="claim__claimant__slug", help_text="Speaker slug."
    )
    kind = django_filters.ChoiceFilter(field_name="claim__kind", choices=Claim.Kind.choices)
    language = django_filters.CharFilter(field_name="claim__language", max_length=16)
    publisher = django_filters.CharFilter(
        method="filter_publisher",
        max_length=200,
        help_text="Publisher name or site of an article the claim appeared in.",
    )
    published_since = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    updated_since = django_filters.IsoDateTimeFilter(
        method="filter_updated_since",
        help_text="Changed at or after this time (for incremental sync).",
    )

    include_retracted = django_filters.BooleanFilter(
        method="filter_include_retracted",
        help_text=(
            "Also list fact-checks whose latest version is a retraction (status "
            "'retracted'), for incremental sync with updated_since."
        ),
    )

    class Meta:
        model = Verdict
        fields: list[str] = []

    def filter_include_retracted(self, queryset, name, value):
        # Applied by the view, which chooses the base queryset; declared here to validate it.
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        return search_claims(queryset, value) if value else queryset

    def filter_publisher(self, queryset, name, value):
        value = value.strip()
        # Only appearances the shown version was published with count (as on the page).
        matching = Appearance.objects.filter(
            claim_id=OuterRef("claim_id"), created_at__lte=OuterRef("published_at")
        ).filter(Q(source__publisher_name__iexact=value) | Q(source__publisher_site__iexact=value))
        return queryset.filter(Exists(matching))

    def filter_updated_since(self, queryset, name, value):
        # A correction or retraction is a newly published version, so this catches every
        # public change; desk activity on the claim does not count.
        return queryset.filter(published_at__gte=value)
