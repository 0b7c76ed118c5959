"""Sources in the workbench: the article body with its extracted claims marked."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from claims import services as claim_services
from claims.admin.common import report_error
from claims.models import Appearance, Evidence
from claims.selectors import source_is_public, source_with_claims
from claims.services.sources import (
    PUBLIC_SOURCE_FIELDS,
    source_delete,
    source_delete_refusal,
    source_update,
)
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin, EstimatedCountPaginator
from factcheck.lib.highlight import Span, highlight, in_context
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url
from ingestion.forms import ConfirmIngestForm, IngestForm, ReviewForm
from ingestion.selectors import source_stored_copy
from ingestion.services import source_ingest
from matching.panels import panels_for
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


@admin.register(Source)
class SourceAdmin(AuditHistoryAdmin):
    form = SourceAdminForm
    change_list_template = "admin/sources/source/change_list.html"
    list_display = ["__str__", "kind", "publisher_name", "published_at", "n_appearances"]
    list_filter = ["kind", "language", "published_at"]
    search_fields = ["title", "url", "publisher_name"]
    actions = ["delete_selected"]
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
        # A GROUP BY query drops Meta.ordering: without it, the autocomplete's pages (which
        # paginate this queryset as it is) could repeat or skip sources.
        qs = super().get_queryset(request).annotate(appearance_count=Count("appearances"))
        return qs.order_by(*Source._meta.ordering)

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
            '<div class="source-body">{}</div>',
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
        """Paste or upload → confirm the parsed title, URL, date and publisher → store."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._ingest_confirmed(request, ConfirmIngestForm(request.POST))
        form = IngestForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            parsed = form.cleaned_data["parsed"]
            return self._confirm_page(request, ConfirmIngestForm.for_article(parsed))
        return self._page(request, "admin/sources/source/ingest.html", "Ingest article", form=form)

    def _ingest_confirmed(self, request, form: ConfirmIngestForm):
        if not form.is_valid():
            return self._confirm_page(request, form)
        data = form.cleaned_data
        try:
            result = source_ingest(
                text=data["body"],
                fmt=data["fmt"],
                url=data["url"] or None,
                title=data["title"],
                publisher_name=data["publisher_name"],
                published_at=data["published_at"],
                language=data["language"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._confirm_page(request, form)
        if result.created:
            messages.success(request, f"Stored; {result.new_claims} new claim(s) found.")
        else:
            messages.info(request, "This article was already stored; nothing was added.")
        return HttpResponseRedirect(reverse("admin:sources_source_review", args=[result.source.pk]))

    def _confirm_page(self, request, form: ConfirmIngestForm):
        values = form.initial if not form.is_bound else form.cleaned_data if form.is_valid() else {}
        stored = source_stored_copy(text=values["body"], url=values.get("url")) if values else None
        return self._page(
            request,
            "admin/sources/source/ingest_confirm.html",
            "Confirm the article's details",
            form=form,
            stored=stored,
        )

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
            for a, choice in form.decisions():
                try:
                    act[choice](claim=a.claim, actor=request.user)
                    done += 1
                except (ValidationError, PermissionDenied) as exc:
                    messages.error(request, f"{a.quote_text[:60]}: {exc}")
            messages.success(request, f"{done} claim(s) triaged.")
            return HttpResponseRedirect(reverse("admin:sources_source_change", args=[pk]))
        # "Checked before?" for every claim of the page at once (one index read).
        checked = panels_for(request, list({a.claim_id: a.claim for a in appearances}.values()))
        rows = [
            (
                a,
                form[f"claim_{a.claim_id}"],
                in_context(source.body, a.start, a.end),
                checked[a.claim_id],
            )
            for a in appearances
        ]
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

    def get_deleted_objects(self, objs, request):
        """What the delete page and the "delete selected" action list, by the service's rule.

        Django's own collector would call every appearance a protected object (they are
        ``PROTECT``ed so that nothing but ``source_delete`` removes them), refusing even a
        source no fact-check quotes; here a source is refused, in words, exactly when
        ``source_delete`` would refuse it, and otherwise its appearances are listed as going
        with it."""
        sources = list(objs)
        refusals = [
            f"{source}: {why}" for source in sources if (why := source_delete_refusal(source))
        ]
        if refusals:
            return [], {}, set(), refusals
        appearances: dict[int, list[str]] = defaultdict(list)
        rows = Appearance.objects.filter(source__in=sources).select_related("claim")
        for appearance in rows.order_by("source_id", "pk"):
            appearances[appearance.source_id].append(f"Appearance of “{appearance.claim}”")
        deleted: list = []
        for source in sources:
            deleted.append(f"Source: {source}")
            if appearances[source.pk]:
                deleted.append(appearances[source.pk])
        counts = {Source._meta.verbose_name_plural: len(sources)}
        n_appearances = sum(len(v) for v in appearances.values())
        if n_appearances:
            counts[Appearance._meta.verbose_name_plural] = n_appearances
        perms_needed = set() if self.has_delete_permission(request) else {Source._meta.verbose_name}
        return deleted, counts, perms_needed, []

    def delete_view(self, request, object_id, extra_context=None):
        """The delete page; a refusal ``source_delete`` makes under its locks (a verdict
        quoting the source was submitted after the page was shown) is the service's message
        and a way back to the source, not an error page. Django runs the deletion and its
        log entry in one transaction, so the refused attempt leaves no trace."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            report_error(request, exc)
            return HttpResponseRedirect(reverse("admin:sources_source_change", args=[object_id]))

    @admin.action(permissions=["delete"], description="Delete selected %(verbose_name_plural)s")
    def delete_selected(self, request, queryset):
        """Django's own "delete selected", all or nothing: when ``source_delete`` refuses one
        source at the last moment, no source is deleted and no deletion is logged, and the
        desk sees why."""
        try:
            with transaction.atomic():
                return admin_actions.delete_selected(self, request, queryset)
        except ValidationError as exc:
            report_error(request, exc, prefix="Nothing was deleted: ")
            return None

    def delete_model(self, request, obj):
        source_delete(source=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for source in queryset.order_by("pk"):
            source_delete(source=source, actor=request.user)

    def save_model(self, request, obj, form, change):
        fields = {
            f: form.cleaned_data[f] for f in SourceAdminForm.Meta.fields if f in form.cleaned_data
        }
        if change:
            source_update(source=obj, actor=request.user, **fields)
        else:
            created = services.source_create(actor=request.user, **fields)
            obj.__dict__.update(created.__dict__)
