"""Sources in the workbench: the article body with its extracted claims marked."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Evidence
from claims.selectors import source_with_claims
from factcheck.admin_site import EstimatedCountPaginator
from factcheck.lib.highlight import Span, highlight
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url
from sources import services
from sources.models import Source
from sources.services import DUPLICATE_BODY


class EvidenceUseInline(admin.TabularInline):
    model = Evidence
    fk_name = "source"
    fields = ["claim", "stance", "excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Used as evidence for"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")


class SourceAdminForm(forms.ModelForm):
    """Shows duplicates and bad URLs as form errors instead of failing on save."""

    class Meta:
        model = Source
        fields = [
            "kind",
            "title",
            "url",
            "publisher_name",
            "publisher_site",
            "authors",
            "published_at",
            "language",
            "archive_url",
            "archive_sha256",
            "body",
        ]

    def clean_url(self):
        url = self.cleaned_data.get("url")
        return normalise_url(url) if url else None

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        if body.strip():
            twins = Source.objects.filter(content_hash=sha256_hex(body))
            if self.instance.pk:
                twins = twins.exclude(pk=self.instance.pk)
            if twins.exists():
                raise forms.ValidationError(DUPLICATE_BODY, code="duplicate_body")
        return body


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceAdminForm
    list_display = ["__str__", "kind", "publisher_name", "published_at", "n_appearances"]
    list_filter = ["kind", "language", "published_at"]
    search_fields = ["title", "url", "publisher_name"]
    readonly_fields = [
        "content_hash",
        "created_by",
        "created_at",
        "body_with_claims",
        "extracted_claims",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "url",
                    "publisher_name",
                    "publisher_site",
                    "authors",
                    "published_at",
                    "language",
                ]
            },
        ),
        ("Archive", {"fields": ["archive_url", "archive_sha256"]}),
        ("Body", {"fields": ["body", "body_with_claims", "extracted_claims"], "classes": ["wide"]}),
        ("Record", {"fields": ["content_hash", "created_by", "created_at"]}),
    ]
    inlines = [EvidenceUseInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    class Media:
        css = {"all": ["claims/workbench.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(description="Claims", ordering="appearance_count")
    def n_appearances(self, obj: Source) -> int:
        return obj.appearance_count

    @admin.display(description="Body with claims marked")
    def body_with_claims(self, obj: Source):
        if not obj.pk or not obj.body:
            return "—"
        spans = [
            Span(a.start, a.end, f"{a.claim.claimant or 'Unknown'}: {a.claim.kind}")
            for a in source_with_claims(obj.pk)
        ]
        return format_html(
            '<div class="source-body" style="white-space: pre-wrap">{}</div>',
            highlight(obj.body, spans),
        )

    @admin.display(description="Claims found in this source")
    def extracted_claims(self, obj: Source):
        if not obj.pk:
            return "—"
        rows = [
            (a.claim.pk, a.quote_text, a.claim.claimant or "—", a.claim.get_status_display())
            for a in source_with_claims(obj.pk)
        ]
        if not rows:
            return "—"
        items = format_html_join(
            "", '<li><a href="../../../../claims/claim/{}/change/">{}</a> — {} ({})</li>', rows
        )
        return format_html("<ol>{}</ol>", items)

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data}
        if change:
            services.source_update(source=obj, **fields)
        else:
            created = services.source_create(actor=request.user, **fields)
            obj.__dict__.update(created.__dict__)
