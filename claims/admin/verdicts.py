"""Verdicts: drafts, the workflow buttons, corrections and retractions."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims import selectors, services
from claims.admin.common import appearance_in_context, edit_conflicts, report_error
from claims.models import (
    Claim,
    Note,
    Rating,
    Speaker,
    Verdict,
)
from claims.services import verdicts as rules
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin
from factcheck.lib.markdown import render_markdown

# --- Verdicts ----------------------------------------------------------------------------


def _claim_change_fields(
    wording_help: str, claimant_help: str, *, labels: tuple[str, str]
) -> tuple[forms.CharField, forms.ModelChoiceField]:
    """The claim's wording and claimant as a new verdict version may change them."""
    wording = forms.CharField(
        max_length=500, required=False, label=labels[0], help_text=wording_help
    )
    claimant = forms.ModelChoiceField(
        queryset=selectors.speakers_to_pick(),
        required=False,
        label=labels[1],
        help_text=claimant_help,
        widget=AutocompleteSelect(Claim._meta.get_field("claimant"), admin.site),
    )
    return wording, claimant


DRAFT_MOVED_ON = (
    "This draft was submitted for review while you were editing it; what you typed is kept "
    "below. Ask the reviewer to send it back, or withdraw it if it is yours."
)


class VerdictAdminForm(OptimisticFormMixin, forms.ModelForm):
    # On a new verdict only, and only for a claim readers have seen (after a retraction): the
    # claim's new wording or claimant, applied when this verdict is published.
    new_claim_reviewed, new_claimant = _claim_change_fields(
        "Only after a retraction: published with this verdict. Empty: unchanged.",
        "Only after a retraction: published with this verdict. Empty: unchanged.",
        labels=("Corrected claim wording", "Corrected claimant"),
    )

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "headline", "summary", "rationale"]

    def clean(self):
        data = super().clean()
        if self.locked is not None and self.locked.status != Verdict.Status.DRAFT:
            raise forms.ValidationError(DRAFT_MOVED_ON, code="wrong_status")
        if data.get("claim") and data.get("rating"):
            existing = self.instance if self.instance.pk else None
            services.verdict_check_draft(
                claim=data["claim"], rating=data["rating"], existing=existing
            )
        wants_change = data.get("new_claim_reviewed") or data.get("new_claimant")
        if wants_change and data.get("claim") and not selectors.claim_is_public(data["claim"]):
            raise forms.ValidationError(rules.CLAIM_CHANGES_NEED_PUBLIC_CLAIM)
        return data

    def claim_changes(self) -> dict:
        changes = {}
        if self.cleaned_data.get("new_claim_reviewed"):
            changes["claim_reviewed"] = self.cleaned_data["new_claim_reviewed"]
        if self.cleaned_data.get("new_claimant"):
            changes["claimant"] = self.cleaned_data["new_claimant"]
        return changes


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
    claim_reviewed, claimant = _claim_change_fields(
        "The claim as the fact-check states it; a change is published with this version.",
        "Who made the claim (empty: unattributed); a change is published with it.",
        labels=("Claim", "Claimant"),
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
        "claim_changes_shown",
        "submitted_at",
        "approved_at",
        "published_at",
    ]

    class Media:
        css = {"all": ["claims/workbench.css"]}
        js = ["claims/workspace.js"]

    WORKFLOW: dict[str, Callable[..., Verdict]] = {
        "submit": services.verdict_submit,
        "approve": services.verdict_approve,
        "reject": services.verdict_reject,
        "withdraw": services.verdict_withdraw,
        "publish": services.verdict_publish,
    }

    @admin.display(description="Changes to the claim")
    def claim_changes_shown(self, obj: Verdict) -> str:
        """What publishing this version also changes in the claim: the reviewer approves it."""
        changes = obj.claim_changes or {}
        parts = []
        if "claim_reviewed" in changes:
            parts.append(f"wording: “{changes['claim_reviewed']}”")
        if "claimant" in changes:
            speaker = Speaker.objects.filter(pk=changes["claimant"]).first()
            who = str(speaker) if speaker else "a deleted speaker"
            parts.append(f"claimant: {who if changes['claimant'] is not None else 'unattributed'}")
        return "; ".join(parts) or "—"

    def get_queryset(self, request):
        return Verdict.objects.visible_to(request.user).select_related(
            "claim", "rating__scale", "author", "approved_by"
        )

    def get_fields(self, request, obj=None):
        fields = list(VerdictAdminForm.Meta.fields)
        if obj is None:
            return [*fields, "new_claim_reviewed", "new_claimant"]
        if self.has_change_permission(request, obj):
            fields.append("loaded_version")
        return fields + self.readonly_fields

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
        # verdict_delete's rule: what never went public may go, nothing public ever does.
        if obj is not None and obj.status not in Verdict.OPEN_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Verdict) -> None:
        services.verdict_delete(verdict=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        """ "Delete selected" deletes each version through the service, which puts its claim
        back and never deletes a public version."""
        for verdict in queryset:
            try:
                services.verdict_delete(verdict=verdict, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                report_error(request, exc, prefix=f"{verdict}: ")

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in rules.EDITABLE_FIELDS}
        if change:
            mine = {f: v for f, v in data.items() if f in form.changed_data}
            if mine:
                services.verdict_update(
                    verdict=obj, actor=request.user, expected=form.loaded_values(), **mine
                )
        else:
            created = services.verdict_create(
                claim=form.cleaned_data["claim"],
                author=request.user,
                **data,
                **form.claim_changes(),
            )
            obj.pk, obj.version, obj.author = created.pk, created.version, created.author

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["edit_conflicts"] = edit_conflicts(context)
        context["preview_url"] = reverse("admin:claims_verdict_preview")
        if obj is not None:
            context["workflow_actions"] = services.verdict_available_actions(obj, request.user)
            context.update(self._review_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_context(self, verdict: Verdict) -> dict:
        """What the reviewer approves besides the verdict: the quote in context, the
        evidence, the thread, and the reason it was last sent back."""
        workbench = selectors.claim_workbench(verdict.claim)
        notes = [n for n in selectors.claim_notes(verdict.claim) if n.verdict_id == verdict.pk]
        reasons = [n for n in notes if n.kind == Note.Kind.REJECTION]
        return {
            "in_context": [(a, appearance_in_context(a)) for a in workbench["appearances"]],
            "evidence": workbench["evidence"],
            "notes": notes,
            "last_rejection": reasons[-1] if reasons else None,
            "next_step": selectors.verdict_next_step(verdict),
            "note_form_url": reverse("admin:claims_claim_note", args=[verdict.claim_id]),
        }

    def preview_view(self, request: HttpRequest) -> JsonResponse:
        """The rationale as readers will see it, rendered by the same sanitiser, for the
        live preview (claims/static/claims/workspace.js)."""
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        text = request.POST.get("rationale", "")[:100_000]
        return JsonResponse({"html": str(render_markdown(text))})

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{info}_preview",
            ),
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
        kwargs = {"reason": request.POST.get("reason", "")} if action == "reject" else {}
        try:
            service(verdict=verdict, actor=request.user, **kwargs)
            messages.success(request, f"Verdict: {action} done.")
        except (ValidationError, PermissionDenied) as exc:
            report_error(request, exc)
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
                report_error(request, exc)
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
                report_error(request, exc)
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
