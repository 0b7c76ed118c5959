"""Sources in the workbench: the article body with its extracted claims marked."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from claims import services as claim_services
from claims.models import Evidence
from claims.selectors import source_is_public, source_with_claims
from claims.services.sources import PUBLIC_SOURCE_FIELDS, source_update
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin, EstimatedCountPaginator
from factcheck.lib.highlight import Span, highlight
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url
from ingestion.services import BODY_TOO_LARGE, source_ingest
from sources import services
from sources.models import Source
from sources.services import DUPLICATE_BODY


class EvidenceUseInline(admin.TabularInline):
    model = Evidence
    fk_name = "source"
    fields = ("claim", "stance", "excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Used as evidence for"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")


class SourceAdminForm(OptimisticFormMixin, forms.ModelForm):
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


class ArticleTextField(forms.CharField):
    """Pasted article text with stray NUL characters dropped (as for uploads and the API)."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class IngestForm(forms.Form):
    text = ArticleTextField(
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text="Paste plain text, Markdown or HTML.",
    )
    file = forms.FileField(required=False, help_text="…or upload a .txt, .md or .html file.")
    url = forms.URLField(required=False, assume_scheme="https")
    title = forms.CharField(required=False, max_length=500)
    publisher_name = forms.CharField(required=False, max_length=200, label="Publisher")
    published_at = forms.DateTimeField(required=False, label="Published")
    language = forms.CharField(
        max_length=16, required=False, help_text="Leave blank to use the language detected."
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > settings.FACTCHECK_MAX_BODY_BYTES:
                raise forms.ValidationError(
                    BODY_TOO_LARGE.format(limit=settings.FACTCHECK_MAX_BODY_BYTES)
                )
            data["raw"] = upload.read()
        elif (data.get("text") or "").strip():
            data["raw"] = data["text"]
        else:
            raise forms.ValidationError("Paste the article or upload a file.")
        return data


class ReviewForm(forms.Form):
    """Keep (mark check-worthy) or dismiss each claim the extractor found."""

    def __init__(self, *args, appearances, **kwargs):
        super().__init__(*args, **kwargs)
        self.appearances = appearances
        for a in appearances:
            self.fields[f"claim_{a.claim_id}"] = forms.ChoiceField(
                choices=[("", "Leave"), ("keep", "Keep"), ("dismiss", "Dismiss")],
                required=False,
                widget=forms.RadioSelect,
                label=a.quote_text,
            )


@admin.register(Source)
class SourceAdmin(AuditHistoryAdmin):
    form = SourceAdminForm
    change_list_template = "admin/sources/source/change_list.html"
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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and source_is_public(obj):
            return [*self.readonly_fields, *PUBLIC_SOURCE_FIELDS]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(opts)) for name, opts in self.fieldsets]
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "loaded_version"]
        return fieldsets

    paginator = EstimatedCountPaginator
    show_full_result_count = False

    class Media:
        css = {"all": ["claims/workbench.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(description="Claims", ordering="appearance_count")
    def n_appearances(self, obj: Source) -> int:
        return obj.appearance_count  # type: ignore[attr-defined]  # annotated in get_queryset

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

    def get_urls(self):
        return [
            path(
                "ingest/",
                self.admin_site.admin_view(self.ingest_view),
                name="sources_source_ingest",
            ),
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="sources_source_review",
            ),
            *super().get_urls(),
        ]

    def ingest_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IngestForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = source_ingest(
                    text=data["raw"],
                    url=data["url"] or None,
                    title=data["title"],
                    publisher_name=data["publisher_name"],
                    published_at=data["published_at"],
                    language=data["language"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if result.created:
                    messages.success(request, f"Stored; {result.new_claims} new claim(s) found.")
                else:
                    messages.info(request, "This article was already stored; nothing was added.")
                return HttpResponseRedirect(
                    reverse("admin:sources_source_review", args=[result.source.pk])
                )
        return self._page(request, "admin/sources/source/ingest.html", "Ingest article", form=form)

    def review_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        source = get_object_or_404(self.get_queryset(request), pk=pk)
        appearances = list(source_with_claims(source.pk))
        form = ReviewForm(request.POST or None, appearances=appearances)
        if request.method == "POST" and form.is_valid():
            act = {
                "keep": claim_services.claim_mark_checkworthy,
                "dismiss": claim_services.claim_dismiss,
            }
            done = 0
            for a in appearances:
                choice = form.cleaned_data.get(f"claim_{a.claim_id}")
                if choice in act:
                    try:
                        act[choice](claim=a.claim, actor=request.user)
                        done += 1
                    except (ValidationError, PermissionDenied) as exc:
                        messages.error(request, f"{a.quote_text[:60]}: {exc}")
            messages.success(request, f"{done} claim(s) triaged.")
            return HttpResponseRedirect(reverse("admin:sources_source_change", args=[pk]))
        rows = [(a, form[f"claim_{a.claim_id}"]) for a in appearances]
        return self._page(
            request,
            "admin/sources/source/review.html",
            f"Review claims from “{source}”",
            form=form,
            rows=rows,
            source=source,
        )

    def _page(self, request, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            **context,
        }
        return TemplateResponse(request, template, context)

    def save_model(self, request, obj, form, change):
        fields = {
            f: form.cleaned_data[f] for f in SourceAdminForm.Meta.fields if f in form.cleaned_data
        }
        if change:
            source_update(source=obj, actor=request.user, **fields)
        else:
            created = services.source_create(actor=request.user, **fields)
            obj.__dict__.update(created.__dict__)
