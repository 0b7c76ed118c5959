"""Query-string filters of the public fact-check list (validated by django-filter).

Language and publisher are normalised the way ``claims:search`` normalises them (a BCP-47
region or case never hides a match, nor does a leading ``www.``), so both APIs find the same
fact-checks. Every value is validated: a bad one is a 400 in the one error shape.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q

from claims.models import Appearance, Claim, Verdict
from publishing.selectors import filter_language, search_fact_checks

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time in UTC: Python accepts offsets up to a day, PostgreSQL only up to
    about sixteen hours ("time zone displacement out of range" would be a 500)."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(dt.UTC) if value else value)


class FactCheckFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        help_text=(
            "Full-text search (web search syntax) in the claim, headline, claimant and "
            "rationale; results are ranked by relevance unless `ordering` is given."
        ),
    )
    rating = django_filters.CharFilter(
        field_name="rating__label",
        lookup_expr="iexact",
        max_length=100,
        help_text="Rating label, e.g. False.",
    )
    scale = django_filters.CharFilter(
        field_name="rating__scale__slug", max_length=100, help_text="Scale slug."
    )
    speaker = django_filters.CharFilter(
        field_name="claim__claimant__slug", max_length=200, help_text="Speaker slug."
    )
    kind = django_filters.ChoiceFilter(field_name="claim__kind", choices=Claim.Kind.choices)
    language = django_filters.CharFilter(
        method="filter_language",
        max_length=35,
        help_text="BCP-47 language of the claim, e.g. en or en-GB (region and case ignored).",
    )
    publisher = django_filters.CharFilter(
        method="filter_publisher",
        max_length=200,
        help_text=(
            "Publisher name or site (a leading www. is ignored) of an article the claim "
            "appeared in."
        ),
    )
    published_since = UtcDateTimeFilter(
        field_name="first_published_at",
        lookup_expr="gte",
        help_text="First published at or after this time (corrections do not count).",
    )
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text=(
            "Published, corrected or retracted at or after this time (for incremental sync)."
        ),
    )
    include_retracted = django_filters.ChoiceFilter(
        method="filter_include_retracted",
        choices=BOOLEAN_CHOICES,
        help_text=(
            "`true` also lists fact-checks whose latest version is a retraction (status "
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
        value = value.strip()
        return search_fact_checks(queryset, value) if value else queryset

    def filter_language(self, queryset, name, value):
        return filter_language(queryset, value)

    def filter_publisher(self, queryset, name, value):
        value = value.strip().lower()
        site = value.removeprefix("www.")
        # Only appearances the shown version was published with count (as on the page).
        matching = Appearance.objects.filter(
            claim_id=OuterRef("claim_id"), created_at__lte=OuterRef("published_at")
        ).filter(
            Q(source__publisher_name__iexact=value)
            | Q(source__publisher_site__iexact=site)
            | Q(source__publisher_site__iexact=f"www.{site}")
        )
        return queryset.filter(Exists(matching))

    def filter_updated_since(self, queryset, name, value):
        # A correction or retraction is a newly published version, so this catches every
        # public change; desk activity on the claim does not count.
        return queryset.filter(published_at__gte=value.astimezone(dt.UTC))


def wants_retracted(filterset: FactCheckFilter) -> bool:
    return filterset.form.cleaned_data.get("include_retracted") == "true"


def searched(filterset: FactCheckFilter) -> bool:
    return bool((filterset.form.cleaned_data.get("q") or "").strip())
