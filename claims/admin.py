"""The fact-checkers' workbench in the Django admin.

Every state change (triage actions, workflow buttons, new drafts, evidence) calls the same
services as the API; the admin only renders and routes.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from claims import selectors, services
from claims.models import (
    Appearance,
    Claim,
    Evidence,
    Rating,
    RatingScale,
    Speaker,
    SpeakerAlias,
    Topic,
    Verdict,
)
from claims.services import edits
from claims.services.claims import NAME_TAKEN, speaker_name_conflict
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin, EstimatedCountPaginator
from factcheck.lib.highlight import in_context
from factcheck.lib.text import name_key


def _report(request: HttpRequest, exc: Exception, prefix: str = "") -> None:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, prefix + (text or "You do not have permission to do this."))


# --- Speakers and topics ---------------------------------------------------------------


class SpeakerAdminForm(OptimisticFormMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "slug", "kind", "role", "description", "same_as"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if speaker_name_conflict(name=name, speaker_id=self.instance.pk):
            raise forms.ValidationError(NAME_TAKEN, code="name_taken")
        return name


class SpeakerAliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if form.cleaned_data else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(name)
            taken = Speaker.objects.filter(name_key=key).exclude(pk=self.instance.pk).exists()
            taken |= (
                SpeakerAlias.objects.filter(name_key=key)
                .exclude(speaker_id=self.instance.pk)
                .exclude(pk=form.instance.pk)
                .exists()
            )
            if taken or key in seen:
                form.add_error("name", NAME_TAKEN)
            seen.add(key)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    formset = SpeakerAliasFormSet
    fields = ["name"]
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(AuditHistoryAdmin):
    form = SpeakerAdminForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and edits.speaker_is_public(obj):
            return [*SpeakerAdminForm.Meta.fields]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and edits.speaker_is_public(obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    list_display = ["name", "kind", "role", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_claims=Count("claims"))

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return obj.n_claims

    def save_model(self, request, obj, form, change):
        obj.name_key = name_key(obj.name)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.name_key = name_key(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# --- Claims ------------------------------------------------------------------------------


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class RatingFilter(admin.SimpleListFilter):
    title = "current rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [
            (str(r.pk), f"{r.label} ({r.scale.name})")
            for r in Rating.objects.select_related("scale")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(verdicts__status="published", verdicts__rating_id=self.value())
        return queryset


class PublisherFilter(admin.SimpleListFilter):
    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        from sources.models import Source

        names = (
            Source.objects.exclude(publisher_name="")
            .order_by("publisher_name")
            .values_list("publisher_name", flat=True)
            .distinct()[:100]
        )
        return [(n, n) for n in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(appearances__source__publisher_name=self.value()).distinct()
        return queryset


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fields = ["source", "context", "speaker_mention", "is_direct_quote"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="In context")
    def context(self, obj: Appearance):
        body = obj.source.body
        if body and body[obj.start : obj.end] == obj.quote_text:
            return in_context(body, obj.start, obj.end)
        return obj.quote_text


class EvidenceFormSet(forms.BaseInlineFormSet):
    """Evidence that readers were shown (cited by a public version) is frozen."""

    def clean(self):
        super().clean()
        for form in self.forms:
            evidence = form.instance
            if evidence.pk is None or not edits.evidence_is_cited(evidence):
                continue
            deleted = form.cleaned_data.get("DELETE") if form.cleaned_data else False
            if deleted or set(form.changed_data) - {"note"}:
                form.add_error(None, edits.PUBLISHED_EVIDENCE_IS_FROZEN)


class EvidenceInlineForm(OptimisticFormMixin, forms.ModelForm):
    """A linked row keeps its source (it is shown by name); only new rows pick one.

    Besides matching the workflow (re-pointing a link is a new link), this spares the
    autocomplete widget's query per row on claims with many sources.
    """

    class Meta:
        model = Evidence
        fields = ["source", "stance", "excerpt", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["source"].widget = forms.HiddenInput()
            self.fields["source"].disabled = True


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = EvidenceInlineForm
    formset = EvidenceFormSet
    fields = [
        "source",
        "source_name",
        "stance",
        "excerpt",
        "note",
        "added_by",
        "created_at",
        "loaded_version",
    ]
    readonly_fields = ["source_name", "added_by", "created_at"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "added_by")

    @admin.display(description="Linked source")
    def source_name(self, obj: Evidence) -> str:
        return str(obj.source) if obj.pk else "—"


class ClaimAdminForm(OptimisticFormMixin, forms.ModelForm):
    class Meta:
        model = Claim
        fields = [
            "claim_reviewed",
            "text",
            "kind",
            "claimant",
            "claim_date",
            "language",
            "checkworthiness",
            "topics",
        ]


@admin.register(Claim)
class ClaimAdmin(AuditHistoryAdmin):
    form = ClaimAdminForm
    change_form_template = "admin/claims/claim/change_form.html"
    list_display = [
        "short_text",
        "claimant",
        "kind",
        "status",
        "current_rating",
        "checkworthiness_pct",
        "assignee",
        "appearance_count",
    ]
    list_filter = [
        "status",
        "kind",
        RatingFilter,
        AssignedToMeFilter,
        PublisherFilter,
        ("claimant", admin.RelatedOnlyFieldListFilter),
        "claim_date",
        "created_at",
    ]
    list_select_related = ["claimant", "assignee"]
    search_fields = ["claim_reviewed", "text", "claimant__name"]
    ordering = ["-checkworthiness", "-id"]
    autocomplete_fields = ["claimant", "topics"]
    readonly_fields = ["status", "assignee", "duplicate_of", "slug", "created_at"]
    inlines = [AppearanceInline, EvidenceInline]
    actions = ["assign_to_me", "mark_checkworthy", "dismiss", "merge_duplicates"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    class Media:
        css = {"all": ["claims/workbench.css"]}

    def get_queryset(self, request):
        return selectors.claim_admin_list()

    def get_fieldsets(self, request, obj=None):
        statement = ["claim_reviewed", "text", "kind", "claimant", "claim_date"]
        triage = ["checkworthiness", "language", "topics"]
        if obj is not None:
            triage = ["status", "assignee", *triage, "duplicate_of", "slug", "created_at"]
            if self.has_change_permission(request, obj):
                statement.append("loaded_version")
        return [(None, {"fields": statement}), ("Triage", {"fields": triage})]

    @admin.display(description="Claim", ordering="claim_reviewed")
    def short_text(self, obj: Claim) -> str:
        return Truncator(obj.claim_reviewed).chars(120)

    @admin.display(description="Rating")
    def current_rating(self, obj: Claim) -> str:
        return obj.current_rating or "—"

    @admin.display(description="Check-worthiness", ordering="checkworthiness")
    def checkworthiness_pct(self, obj: Claim) -> str:
        return f"{obj.checkworthiness:.0%}"

    @admin.display(description="Appearances", ordering="appearance_count")
    def appearance_count(self, obj: Claim) -> int:
        return obj.appearance_count

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if edits.claim_is_public(obj):
            # Readers have seen this claim: its statement is frozen (triage fields too).
            return [
                f
                for _, opts in self.get_fieldsets(request, obj)
                for f in opts["fields"]
                if f != "loaded_version"
            ]
        return [*self.readonly_fields, "text"]

    def save_model(self, request, obj, form, change):
        if change:
            changed = {f: getattr(obj, f) for f in form.changed_data if f in edits.CLAIM_EDITABLE}
            if changed:
                edits.claim_update(claim=obj, actor=request.user, **changed)
            return
        claim, created = services.claim_create(
            actor=request.user,
            **{f: form.cleaned_data.get(f) for f in ClaimAdminForm.Meta.fields if f != "topics"},
        )
        if not created:
            messages.warning(request, "This statement was already recorded; showing it.")
        # The admin carries on (inlines, redirect) with the row the service returned.
        obj.__dict__.update(claim.__dict__)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        for evidence in formset.save(commit=False):
            fields = {"stance": evidence.stance, "excerpt": evidence.excerpt, "note": evidence.note}
            if evidence.pk is None:
                services.evidence_add(
                    claim=form.instance, source=evidence.source, actor=request.user, **fields
                )
            else:
                edits.evidence_update(evidence=evidence, actor=request.user, **fields)
        for evidence in formset.deleted_objects:
            edits.evidence_remove(evidence=evidence, actor=request.user)
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(selectors.claim_workbench(obj))
            context["verdict_rows"] = [
                (v, services.verdict_available_actions(v, request.user))
                for v in context["verdicts"]
            ]
            context["can_start_verdict"] = (
                request.user.has_perm("claims.add_verdict")
                and not any(
                    v.status in ("draft", "submitted", "approved", "published")
                    for v in context["verdicts"]
                )
                and obj.status != Claim.Status.DISMISSED
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _run_on_each(self, request, queryset: QuerySet[Claim], service, done: str, **kw):
        ok = 0
        for claim in queryset:
            try:
                service(claim=claim, actor=request.user, **kw)
                ok += 1
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc, prefix=f"{Truncator(claim).chars(60)}: ")
        if ok:
            messages.success(request, f"{ok} claim(s) {done}.")

    @admin.action(description="Assign to me", permissions=["triage"])
    def assign_to_me(self, request, queryset):
        self._run_on_each(
            request, queryset, services.claim_assign, "assigned to you", assignee=request.user
        )

    @admin.action(description="Mark check-worthy", permissions=["triage"])
    def mark_checkworthy(self, request, queryset):
        self._run_on_each(request, queryset, services.claim_mark_checkworthy, "marked check-worthy")

    @admin.action(description="Dismiss", permissions=["triage"])
    def dismiss(self, request, queryset):
        self._run_on_each(request, queryset, services.claim_dismiss, "dismissed")

    @admin.action(description="Merge duplicates into the oldest selected", permissions=["merge"])
    def merge_duplicates(self, request, queryset):
        claims = sorted(queryset, key=lambda c: c.pk)
        if len(claims) < 2:
            messages.error(request, "Select at least two claims to merge.")
            return
        survivor, rest = claims[0], claims[1:]
        for duplicate in rest:
            try:
                services.claim_merge(duplicate=duplicate, into=survivor, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                _report(request, exc)
                return
        messages.success(request, f"Merged {len(rest)} claim(s) into “{survivor}”.")

    def has_triage_permission(self, request):
        return request.user.has_perm("claims.triage_claim")

    def has_merge_permission(self, request):
        return request.user.has_perm("claims.merge_claim")


@admin.register(Appearance)
class AppearanceAdmin(AuditHistoryAdmin):
    list_display = ["claim", "source", "speaker_mention", "is_direct_quote"]
    list_select_related = ["claim", "source"]
    readonly_fields = ["claim", "source", "quote_text", "start", "end", "context"]
    fields = ["claim", "source", "quote_text", "context", "speaker_mention", "is_direct_quote"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="In context")
    def context(self, obj: Appearance):
        return AppearanceInline.context(None, obj)


class EvidenceAdminForm(OptimisticFormMixin, forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["claim", "source", "stance", "excerpt", "note"]


@admin.register(Evidence)
class EvidenceAdmin(AuditHistoryAdmin):
    form = EvidenceAdminForm
    list_display = ["claim", "source", "stance", "added_by", "created_at"]
    list_filter = ["stance"]
    list_select_related = ["claim", "source", "added_by"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = ["added_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and edits.evidence_is_cited(obj):
            return ["claim", "source", "stance", "excerpt", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and edits.evidence_is_cited(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        edits.evidence_remove(evidence=obj, actor=request.user)

    def save_model(self, request, obj, form, change):
        if change:
            edits.evidence_update(
                evidence=obj,
                actor=request.user,
                stance=obj.stance,
                excerpt=obj.excerpt,
                note=obj.note,
            )
            return None
        created = services.evidence_add(
            claim=obj.claim,
            source=obj.source,
            stance=obj.stance,
            excerpt=obj.excerpt,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = created.pk
        return None


# --- Rating scales -----------------------------------------------------------------------


def _rating_deletable(rating: Rating) -> bool:
    """Neither a label a verdict uses nor a value that sets the range of a scale published
    fact-checks use may go (the model refuses the second; PROTECT the first)."""
    if rating.verdicts.exists():
        return False
    return rating.value is None or not _scale_is_public(rating.scale_id)


def _scale_is_public(scale_id: int) -> bool:
    return Verdict.objects.filter(
        rating__scale=scale_id, status__in=Verdict.PUBLIC_STATUSES
    ).exists()


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["order", "label", "value", "colour", "description"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # obj is the scale: once published fact-checks use it, its labels stay.
        if obj is not None and obj.pk and _scale_is_public(obj.pk):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "scale", "value", "order"]
    list_filter = ["scale"]
    search_fields = ["label"]

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
            else:
                kept.append(rating.label)
        if kept:
            messages.error(
                request,
                f"Kept {', '.join(kept)}: verdicts or published fact-checks depend on them.",
            )


# --- Verdicts ----------------------------------------------------------------------------


class VerdictAdminForm(OptimisticFormMixin, forms.ModelForm):
    class Meta:
        model = Verdict
        fields = ["claim", "rating", "headline", "summary", "rationale"]

    def clean(self):
        data = super().clean()
        if data.get("claim") and data.get("rating"):
            existing = self.instance if self.instance.pk else None
            services.verdict_check_draft(
                claim=data["claim"], rating=data["rating"], existing=existing
            )
        return data


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            c for c in Verdict.CorrectionKind.choices if c[0] != Verdict.CorrectionKind.RETRACTION
        ]
    )
    note = forms.CharField(widget=forms.Textarea, help_text="Public: what changed and why.")
    rating = forms.ModelChoiceField(queryset=Rating.objects.select_related("scale"))
    headline = forms.CharField(max_length=300)
    summary = forms.CharField(widget=forms.Textarea)
    rationale = forms.CharField(widget=forms.Textarea)
    claim_reviewed = forms.CharField(
        max_length=500,
        required=False,
        label="Claim",
        help_text="The claim as the fact-check states it; a change is published with this version.",
    )
    claimant = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        help_text="Who made the claim (empty: unattributed); a change is published with it.",
        widget=AutocompleteSelect(Claim._meta.get_field("claimant"), admin.site),
    )


class RetractionForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, help_text="Public: why it is withdrawn.")


@admin.register(Verdict)
class VerdictAdmin(AuditHistoryAdmin):
    form = VerdictAdminForm
    change_form_template = "admin/claims/verdict/change_form.html"
    list_display = [
        "headline",
        "claim",
        "rating",
        "status",
        "version",
        "author",
        "approved_by",
        "published_at",
    ]
    list_filter = ["status", "rating__scale", "rating"]
    list_select_related = ["claim", "rating", "author", "approved_by"]
    search_fields = ["headline", "claim__claim_reviewed"]
    autocomplete_fields = ["claim"]
    readonly_fields = [
        "status",
        "version",
        "author",
        "approved_by",
        "published_by",
        "correction_kind",
        "correction_note",
        "submitted_at",
        "approved_at",
        "published_at",
    ]

    class Media:
        css = {"all": ["claims/workbench.css"]}

    WORKFLOW = {
        "submit": services.verdict_submit,
        "approve": services.verdict_approve,
        "reject": services.verdict_reject,
        "publish": services.verdict_publish,
    }

    def get_queryset(self, request):
        return Verdict.objects.visible_to(request.user).select_related(
            "claim", "rating__scale", "author", "approved_by"
        )

    def get_fields(self, request, obj=None):
        fields = list(VerdictAdminForm.Meta.fields)
        if obj is not None and self.has_change_permission(request, obj):
            fields.append("loaded_version")
        return fields + (self.readonly_fields if obj else [])

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return list(VerdictAdminForm.Meta.fields) + self.readonly_fields
        if obj is not None:
            return ["claim", *self.readonly_fields]
        return []

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in ("rating", "headline", "summary", "rationale")}
        if change:
            services.verdict_update(verdict=obj, actor=request.user, **data)
        else:
            created = services.verdict_create(
                claim=form.cleaned_data["claim"], author=request.user, **data
            )
            obj.pk, obj.version, obj.author = created.pk, created.version, created.author

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = services.verdict_available_actions(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{info}_workflow",
            ),
            path(
                "<int:pk>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name=f"{info}_correct",
            ),
            path(
                "<int:pk>/retract/",
                self.admin_site.admin_view(self.retract_view),
                name=f"{info}_retract",
            ),
            *super().get_urls(),
        ]

    def _get_visible(self, request, pk) -> Verdict:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def workflow_view(self, request, pk: int, action: str):
        verdict = self._get_visible(request, pk)
        service = self.WORKFLOW.get(action)
        if request.method != "POST" or service is None:
            return HttpResponseRedirect(self._change_url(verdict))
        try:
            service(verdict=verdict, actor=request.user)
            messages.success(request, f"Verdict: {action} done.")
        except (ValidationError, PermissionDenied) as exc:
            _report(request, exc)
        return HttpResponseRedirect(self._change_url(verdict))

    def correct_view(self, request, pk: int):
        verdict = self._get_visible(request, pk)
        if not request.user.has_perm("claims.correct_verdict"):
            raise PermissionDenied
        form = CorrectionForm(
            request.POST or None,
            initial={
                "rating": verdict.rating_id,
                "headline": verdict.headline,
                "summary": verdict.summary,
                "rationale": verdict.rationale,
                "claim_reviewed": verdict.claim.claim_reviewed,
                "claimant": verdict.claim.claimant_id,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            for field in ("claim_reviewed", "claimant"):
                # Only what the editor changed on the page is a change to the claim.
                if field not in request.POST or field not in form.changed_data:
                    data.pop(field)
            try:
                new = services.verdict_correct(
                    verdict=verdict,
                    actor=request.user,
                    kind=data.pop("kind"),
                    note=data.pop("note"),
                    **data,
                )
            except ValidationError as exc:
                _report(request, exc)
            else:
                messages.success(request, "Correction drafted; it needs a second reviewer.")
                return HttpResponseRedirect(self._change_url(new))
        return self._form_page(request, verdict, form, "Correct a published verdict")

    def retract_view(self, request, pk: int):
        verdict = self._get_visible(request, pk)
        if not request.user.has_perm("claims.correct_verdict"):
            raise PermissionDenied
        form = RetractionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                new = services.verdict_retract(
                    verdict=verdict, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                _report(request, exc)
            else:
                messages.success(request, "The verdict was retracted; the notice is public.")
                return HttpResponseRedirect(self._change_url(new))
        return self._form_page(request, verdict, form, "Retract a published verdict")

    def _form_page(self, request, verdict, form, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "verdict": verdict,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/claims/verdict/action_form.html", context)

    def _change_url(self, verdict: Verdict) -> str:
        return reverse("admin:claims_verdict_change", args=[verdict.pk])
