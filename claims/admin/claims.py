"""Claims: the triage list, the claim page with its appearances and evidence, and
the appearance and evidence pages."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import Truncator

from claims import selectors, services
from claims.admin.changelist import (
    CappedCountPaginator,
    ClaimantFilter,
    KeysetChangeList,
    PublisherFilter,
    claimant_filter_media,
    pop_after,
    rating_chip,
    speaker_ids_matching,
    status_chip,
)
from claims.admin.common import appearance_in_context, edit_conflicts, report_error
from claims.models import (
    Appearance,
    Claim,
    Evidence,
    Rating,
    Verdict,
)
from claims.services import edits
from claims.services.claims import NOT_ON_DESK
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin, ExtensibleAdminMixin

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
            # A semi-join (the published verdict is unique per claim): PostgreSQL can walk
            # the list's index and stop after a page instead of sorting every match.
            rated = Verdict.objects.published().filter(claim=OuterRef("pk"), rating_id=self.value())
            return queryset.filter(Exists(rated))
        return queryset


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fields = ("source", "context", "speaker_mention", "is_direct_quote")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="In context")
    def context(self, obj: Appearance) -> str:
        return appearance_in_context(obj)


class EvidenceFormSet(forms.BaseInlineFormSet):
    """Evidence that readers were shown (cited by a public version) is frozen."""

    def clean(self):
        super().clean()
        for form in self.forms:
            evidence = form.instance
            if evidence.pk is None or not selectors.evidence_is_cited(evidence):
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
class ClaimAdmin(ExtensibleAdminMixin, AuditHistoryAdmin):
    form = ClaimAdminForm
    change_form_template = "admin/claims/claim/change_form.html"
    change_list_template = "admin/claim_list/change_list.html"
    list_display = [
        "short_text",
        "claimant",
        "kind",
        "status_label",
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
        ClaimantFilter,
        "claim_date",
        "created_at",
    ]
    list_select_related = ["claimant", "assignee"]
    search_fields = ["claim_reviewed", "text", "claimant__name"]
    search_help_text = "Words from the claim or the full statement, or the claimant's name."
    # Facet counts would count every claim per filter choice.
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-checkworthiness", "-id"]
    # Only the list's own order has an index behind it: sorting a million claims by their
    # wording or claimant would read and sort every one (and turn keyset paging off).
    sortable_by = ["checkworthiness_pct"]
    autocomplete_fields = ["claimant", "topics"]
    readonly_fields = ["status", "assignee", "duplicate_of", "slug", "created_at"]
    inlines = [AppearanceInline, EvidenceInline]
    actions = ["assign_to_me", "mark_checkworthy", "dismiss", "merge_duplicates"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    @property
    def media(self) -> forms.Media:
        # A property rather than ``class Media``: the claimant filter's select2 needs the
        # admin site, which a class attribute cannot see.
        styles = forms.Media(css={"all": ["claims/workbench.css"]})
        return super().media + styles + claimant_filter_media(self.admin_site)

    def get_queryset(self, request):
        return selectors.claim_admin_list()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "claimant":
            # The same choices as the autocomplete offers: a crafted POST cannot pick a
            # merged-away speaker either.
            kwargs["queryset"] = selectors.speakers_to_pick()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return KeysetChangeList

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(pop_after(request), extra_context)

    def get_search_results(self, request, queryset, search_term):
        """One indexed condition per word (trigram indexes on the wording and the statement,
        the claimant index for matching speakers) instead of Django's OR over a join."""
        if not search_term.strip():
            return queryset, False
        for word in search_term.split()[:8]:
            speakers = speaker_ids_matching(word)
            queryset = queryset.filter(
                Q(claim_reviewed__icontains=word)
                | Q(text__icontains=word)
                | Q(claimant_id__in=speakers)
            )
        return queryset, False

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

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: Claim):
        return status_chip(obj)

    @admin.display(description="Rating")
    def current_rating(self, obj: Claim):
        return rating_chip(obj.current_rating, obj.current_rating_value)  # type: ignore[attr-defined]  # annotated

    # The same form as the claim form's field (0 to 1), so the two never disagree.
    @admin.display(description="Check-worthiness", ordering="checkworthiness")
    def checkworthiness_pct(self, obj: Claim) -> str:
        return f"{obj.checkworthiness:.2f}"

    # Not sortable: ordering by it would count every claim's appearances first.
    @admin.display(description="Times seen")
    def appearance_count(self, obj: Claim) -> int:
        return obj.appearance_count  # type: ignore[attr-defined]  # annotated

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if selectors.claim_is_public(obj):
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
                edits.claim_update(
                    claim=obj, actor=request.user, expected=form.loaded_values(), **changed
                )
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
        forms_by_row = {id(f.instance): f for f in formset.forms}
        for evidence in formset.save(commit=False):
            fields = {"stance": evidence.stance, "excerpt": evidence.excerpt, "note": evidence.note}
            if evidence.pk is None:
                services.evidence_add(
                    claim=form.instance, source=evidence.source, actor=request.user, **fields
                )
            else:
                row_form = forms_by_row[id(evidence)]
                mine = {f: v for f, v in fields.items() if f in row_form.changed_data}
                edits.evidence_update(
                    evidence=evidence,
                    actor=request.user,
                    expected=row_form.loaded_values(),
                    **mine,
                )
        for evidence in formset.deleted_objects:
            edits.evidence_remove(evidence=evidence, actor=request.user)
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["edit_conflicts"] = edit_conflicts(context)
        if obj is not None:
            context.update(selectors.claim_workbench(obj))
            context.update(self._workspace(request, obj, context["verdicts"]))
            context["verdict_rows"] = [
                (v, services.verdict_available_actions(v, request.user))
                for v in context["verdicts"]
            ]
            context["can_start_verdict"] = (
                request.user.has_perm("claims.add_verdict")
                and not any(
                    v.status in (*Verdict.OPEN_STATUSES, Verdict.Status.PUBLISHED)
                    for v in context["verdicts"]
                )
                and obj.status != Claim.Status.DISMISSED
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workspace(self, request, claim: Claim, verdicts: list[Verdict]) -> dict:
        """The claim workspace: the banner, triage, the open draft, notes and the diffs."""
        open_version = next((v for v in verdicts if v.status in Verdict.OPEN_STATUSES), None)
        return {
            "in_context": [
                (a, appearance_in_context(a)) for a in selectors.claim_workbench_appearances(claim)
            ],
            "next_step": selectors.claim_next_step(claim, verdicts),
            "can_triage": request.user.has_perm("claims.triage_claim"),
            "desk_members": list(selectors.desk_members()),
            "open_verdict": open_version,
            "notes": list(selectors.claim_notes(claim)),
            "version_diffs": selectors.version_diffs(verdicts),
            "note_form_url": reverse("admin:claims_claim_note", args=[claim.pk]),
        }

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/triage/<str:action>/",
                self.admin_site.admin_view(self.triage_view),
                name=f"{info}_triage",
            ),
            path(
                "<int:pk>/note/",
                self.admin_site.admin_view(self.note_view),
                name=f"{info}_note",
            ),
            *super().get_urls(),
        ]

    def _claim_for(self, request: HttpRequest, pk: int) -> Claim:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Claim, pk=pk)

    def triage_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponseRedirect:
        """The workspace's triage buttons: the same services as the list's actions."""
        claim = self._claim_for(request, pk)
        back = HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))
        if request.method != "POST":
            return back
        try:
            if action == "assign":
                who = request.POST.get("assignee") or None
                assignee = selectors.desk_members().filter(pk=who).first() if who else None
                if who and assignee is None:
                    raise ValidationError(NOT_ON_DESK)
                services.claim_assign(claim=claim, assignee=assignee, actor=request.user)
                messages.success(request, f"Assigned to {assignee or 'nobody'}.")
            elif action == "checkworthy":
                services.claim_mark_checkworthy(claim=claim, actor=request.user)
                messages.success(request, "Marked check-worthy.")
            elif action == "dismiss":
                services.claim_dismiss(claim=claim, actor=request.user)
                messages.success(request, "Dismissed.")
        except (ValidationError, PermissionDenied) as exc:
            report_error(request, exc)
        return back

    def note_view(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        """Post a note to the claim's thread (or to one of its verdict versions)."""
        claim = self._claim_for(request, pk)
        verdict_id = request.POST.get("verdict") or None
        verdict = claim.verdicts.filter(pk=verdict_id).first() if verdict_id else None
        target = (
            reverse("admin:claims_verdict_change", args=[verdict.pk])
            if verdict and request.POST.get("back") == "verdict"
            else reverse("admin:claims_claim_change", args=[pk])
        )
        if request.method == "POST":
            try:
                services.note_add(
                    claim=claim,
                    verdict=verdict,
                    body=request.POST.get("body", ""),
                    actor=request.user,
                )
                messages.success(request, "Note added.")
            except (ValidationError, PermissionDenied) as exc:
                report_error(request, exc)
        return HttpResponseRedirect(target + "#notes")

    def _run_on_each(
        self, request, queryset: QuerySet[Claim], service, done: str, already=None, **kw
    ):
        """Run ``service`` on each selected claim and say, once each, what happened: how many
        were changed, how many already were as asked (not an error: nothing to do), and
        which were refused for what reason, grouped by reason."""
        ok, unchanged = 0, 0
        refused: dict[str, list[str]] = {}
        for claim in queryset:
            if already is not None and already(claim):
                unchanged += 1
                continue
            try:
                service(claim=claim, actor=request.user, **kw)
                ok += 1
            except (ValidationError, PermissionDenied) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                reason = text or "You do not have permission to do this."
                refused.setdefault(reason, []).append(f"“{Truncator(claim).chars(60)}”")
        if ok:
            messages.success(request, f"{ok} claim(s) {done}.")
        if unchanged:
            messages.info(request, f"{unchanged} claim(s) already {done}; left as they were.")
        for reason, claims in refused.items():
            shown = ", ".join(claims[:5]) + (
                f" and {len(claims) - 5} more" if len(claims) > 5 else ""
            )
            messages.error(request, f"{len(claims)} claim(s) not {done}: {reason} ({shown})")

    @admin.action(description="Assign to me", permissions=["triage"])
    def assign_to_me(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            services.claim_assign,
            "assigned to you",
            already=lambda c: c.assignee_id == request.user.pk,
            assignee=request.user,
        )

    @admin.action(description="Mark check-worthy", permissions=["triage"])
    def mark_checkworthy(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            services.claim_mark_checkworthy,
            "marked check-worthy",
            already=lambda c: c.status == Claim.Status.CHECKWORTHY,
        )

    @admin.action(description="Dismiss", permissions=["triage"])
    def dismiss(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            services.claim_dismiss,
            "dismissed",
            already=lambda c: c.status == Claim.Status.DISMISSED,
        )

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
                report_error(request, exc)
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
    def context(self, obj: Appearance) -> str:
        return appearance_in_context(obj)


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
        if obj is not None and selectors.evidence_is_cited(obj):
            return ["claim", "source", "stance", "excerpt", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and selectors.evidence_is_cited(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        """ "Delete selected" removes each row through the service (which voids approvals)."""
        for evidence in queryset:
            edits.evidence_remove(evidence=evidence, actor=request.user)

    def delete_model(self, request, obj):
        edits.evidence_remove(evidence=obj, actor=request.user)

    def save_model(self, request, obj, form, change):
        if change:
            mine = {f: getattr(obj, f) for f in edits.EVIDENCE_EDITABLE if f in form.changed_data}
            edits.evidence_update(
                evidence=obj, actor=request.user, expected=form.loaded_values(), **mine
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
